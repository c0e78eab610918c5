import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { addUser, PASSWORD, signupPortal, uniqueSlug } from '../../test/factories.js';
import { createPortal } from '../accounts/index.js';

/** SIGNUP=closed (LIF-6): only an operator creates portals, except the first sign-up that claims a new install. */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { SIGNUP: 'closed' } });
});
afterAll(async () => {
  await server?.close();
});

const signup = (slug = uniqueSlug()) =>
  server.client().post('/api/auth/signup', { portalSlug: slug, portalName: 'Second Co', name: 'Sam Second', email: `sam@${slug}.test`, password: PASSWORD });

describe('closed sign-up', () => {
  it('lets the first sign-up claim an empty install, then refuses sign-ups with 403 SIGNUP_CLOSED', async () => {
    expect((await server.client().get('/api/instance')).body).toEqual({ billing: true, signup: 'closed', signupAvailable: true });
    const first = await signupPortal(server);
    expect((await server.client().get('/api/instance')).body).toMatchObject({ signup: 'closed', signupAvailable: false });
    const res = await signup();
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'SIGNUP_CLOSED', message: 'Sign-up is closed on this server. Ask its operator for a portal.' });
    // The first portal works as always: its people log in and invite others.
    expect((await first.client.get('/api/me')).status).toBe(200);
    await addUser(server, first.client);
  });

  it('still lets the operator create portals (skit portal create)', async () => {
    const slug = uniqueSlug('ops');
    const res = await createPortal(server.deps, { slug, name: 'Made by ops', ownerEmail: `owner@${slug}.test`, ownerPassword: PASSWORD });
    expect(res.portal.slug).toBe(slug);
    const login = await server.client().post('/api/auth/login', { portalSlug: slug, email: `owner@${slug}.test`, password: PASSWORD });
    expect(login.status, login.text).toBe(200);
  });

  it('refuses before looking at the request: no portal is made, whatever is sent', async () => {
    const slug = uniqueSlug();
    expect((await signup(slug)).status).toBe(403);
    expect(await server.deps.db.selectFrom('portals').select('id').where('slug', '=', slug).execute()).toEqual([]);
    expect((await server.client().post('/api/auth/signup', {})).status).toBe(403);
  });
});

describe('claiming a closed install under concurrent sign-ups', () => {
  let fresh: TestServer;
  beforeAll(async () => {
    fresh = await startTestServer({ env: { SIGNUP: 'closed', SIGNUP_LIMIT: '0' } });
  });
  afterAll(async () => {
    await fresh?.close();
  });

  it('lets exactly one of ten simultaneous first sign-ups in; the others get 403 SIGNUP_CLOSED and leave nothing behind', async () => {
    const slugs = Array.from({ length: 10 }, () => uniqueSlug('race'));
    const results = await Promise.all(
      slugs.map((slug) =>
        fresh.client().post('/api/auth/signup', { portalSlug: slug, portalName: 'Racer', name: 'Rae Racer', email: `rae@${slug}.test`, password: PASSWORD }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(403)]);
    for (const r of results.filter((x) => x.status === 403)) {
      expect(r.body.error).toMatchObject({ code: 'SIGNUP_CLOSED', message: 'Sign-up is closed on this server. Ask its operator for a portal.' });
    }
    const winner = results.find((r) => r.status === 201)!;
    expect(await fresh.deps.db.selectFrom('portals').select('slug').execute()).toEqual([{ slug: winner.body.portal.slug }]);
    expect(await fresh.deps.db.selectFrom('users').select('email').execute()).toEqual([{ email: winner.body.user.email }]);
    expect((await fresh.client().get('/api/instance')).body).toMatchObject({ signupAvailable: false });
  });
});
