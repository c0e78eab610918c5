/**
 * Tenant isolation, route by route. The test walks every /api route the server
 * registered and fails for any route that has no cross-portal probe below, so a
 * new route cannot ship without one. A probe acts as portal B on portal A's
 * records and asserts 404 (for ids) or that nothing of A appears (for lists).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';
import { addUser, linkFromOutbox, PASSWORD, portalWithTeam, tokenOf, type Team } from './factories.js';
import { createFixture, type IsolationFixture, type Probe } from './isolation.fixture.js';
import { isolationModules } from './isolation.modules.js';

let server: TestServer;
let a: Team & { inviteId: string; tokenId: string; appPasswordId: string };
let b: Team;
let f: IsolationFixture;
const probes: Record<string, Probe> = {};

beforeAll(async () => {
  server = await startTestServer();
  const teamA = await portalWithTeam(server);
  const inv = await teamA.owner.post('/api/users/invites', { email: 'pending-a@example.test', role: 'member' });
  const tok = await teamA.member.post('/api/tokens', { name: 'A token' });
  const appPassword = await teamA.member.post('/api/me/app-passwords', { name: 'A phone' });
  // A user of A whose address B will invite: an account in A must not block or show up in B.
  await addUser(server, teamA.owner, { email: 'in-a-too@example.test' });
  a = { ...teamA, inviteId: inv.body.id, tokenId: tok.body.id, appPasswordId: appPassword.body.id };
  b = await portalWithTeam(server);
  await b.owner.post('/api/users/invites', { email: 'pending-b@example.test', role: 'member' });
  f = createFixture(server, a, b);
  f.mark(a.inviteId, a.tokenId, a.appPasswordId, 'pending-a@example.test', 'A phone');
  Object.assign(probes, accountsProbes());
  for (const make of isolationModules) {
    const mod = make(f);
    await mod.setup?.();
    for (const [key, probe] of Object.entries(mod.probes)) {
      if (key in probes) throw new Error(`two probes for ${key}`);
      probes[key] = probe;
    }
  }
});
afterAll(async () => {
  await server?.close();
});

const expectNoLeak = (res: Parameters<IsolationFixture['expectNoLeak']>[0]) => f.expectNoLeak(res);
const expectNotFound = (res: Parameters<IsolationFixture['expectNotFound']>[0]) => f.expectNotFound(res);

/** The accounts, audit and mail routes: how portal B tries to reach portal A's data through each. */
const accountsProbes = (): Record<string, Probe> => ({
  'POST /api/auth/signup': { public: 'creates a new portal; touches no existing one' },
  'POST /api/auth/login': { public: 'signs in to the portal named by slug; credentials are per portal (tested in accounts.test.ts)' },
  'POST /api/auth/password-reset': { public: 'answers the same for every input; mails only the account owner' },
  'POST /api/auth/password-reset/confirm': { public: 'acts only on the account the secret token was issued for' },
  'GET /api/invites/:token': { public: 'reveals only the invitation the secret token belongs to' },
  'POST /api/invites/accept': { public: 'joins only the portal the secret token belongs to' },
  'POST /api/auth/logout': async () => {
    const res = await b.member.post('/api/auth/logout');
    expect(res.status).toBe(204);
    expect((await a.member.get('/api/me')).status).toBe(200);
    // Log B's member back in for the probes that follow.
    await b.member.post('/api/auth/login', { portalSlug: b.portal.slug, email: b.memberUser.email, password: PASSWORD });
  },
  'GET /api/me': async () => expectNoLeak(await b.owner.get('/api/me')),
  'PATCH /api/me': async () => expectNoLeak(await b.owner.patch('/api/me', { name: 'Olivia Owner' })),
  'POST /api/me/password': async () => {
    const res = await b.owner.post('/api/me/password', { currentPassword: 'wrong wrong wrong', newPassword: 'whatever long enough' });
    expect(res.status).toBe(401);
  },
  'GET /api/users': async () => {
    const res = await b.owner.get('/api/users');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(3);
    expectNoLeak(res);
  },
  'GET /api/users/:id': async () => expectNotFound(await b.owner.get(`/api/users/${a.memberUser.id}`)),
  'PATCH /api/users/:id': async () => {
    expectNotFound(await b.owner.patch(`/api/users/${a.memberUser.id}`, { role: 'admin' }));
    expect((await a.owner.get(`/api/users/${a.memberUser.id}`)).body.role).toBe('member');
  },
  'POST /api/users/:id/deactivate': async () => {
    expectNotFound(await b.owner.post(`/api/users/${a.memberUser.id}/deactivate`));
    expect((await a.owner.get(`/api/users/${a.memberUser.id}`)).body.status).toBe('active');
  },
  'POST /api/users/:id/reactivate': async () => expectNotFound(await b.owner.post(`/api/users/${a.memberUser.id}/reactivate`)),
  'POST /api/users/transfer-ownership': async () => {
    expectNotFound(await b.owner.post('/api/users/transfer-ownership', { userId: a.memberUser.id }));
    expect((await a.owner.get(`/api/users/${a.memberUser.id}`)).body.role).toBe('member');
  },
  'GET /api/users/invites': async () => expectNoLeak(await b.owner.get('/api/users/invites')),
  'POST /api/users/invites': async () => {
    // Inviting the address of one of A's users into B makes a B invitation, nothing in A.
    const res = await b.owner.post('/api/users/invites', { email: 'in-a-too@example.test', role: 'member' });
    expect(res.status).toBe(201);
    const listA = await a.owner.get('/api/users/invites');
    expect(listA.body.items.map((i: { id: string }) => i.id)).not.toContain(res.body.id);
  },
  'DELETE /api/users/invites/:id': async () => {
    expectNotFound(await b.owner.delete(`/api/users/invites/${a.inviteId}`));
    const listA = await a.owner.get('/api/users/invites');
    expect(listA.body.items.find((i: { id: string }) => i.id === a.inviteId).status).toBe('pending');
  },
  'GET /api/tokens': async () => expectNoLeak(await b.owner.get('/api/tokens')),
  'POST /api/tokens': async () => expectNoLeak(await b.owner.post('/api/tokens', { name: 'B token' })),
  'DELETE /api/tokens/:id': async () => {
    expectNotFound(await b.owner.delete(`/api/tokens/${a.tokenId}`));
    expect((await a.member.get('/api/tokens')).body.items).toHaveLength(1);
  },
  'GET /api/me/app-passwords': async () => expectNoLeak(await b.owner.get('/api/me/app-passwords')),
  'POST /api/me/app-passwords': async () => expectNoLeak(await b.owner.post('/api/me/app-passwords', { name: 'B phone' })),
  'DELETE /api/me/app-passwords/:id': async () => {
    expectNotFound(await b.owner.delete(`/api/me/app-passwords/${a.appPasswordId}`));
    expect((await a.member.get('/api/me/app-passwords')).body.items.map((i: { id: string }) => i.id)).toEqual([a.appPasswordId]);
  },
  'GET /api/audit': async () => {
    const res = await b.owner.get('/api/audit?limit=200');
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expectNoLeak(res);
  },
  'GET /api/mail/outbox': async () => {
    const res = await b.owner.get('/api/mail/outbox?limit=200');
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expectNoLeak(res);
  },
});

describe('tenant isolation: every /api route has a cross-portal check', () => {
  it('has a probe for every registered route, and no probe for a route that does not exist', () => {
    const registered = server.app.apiRoutes.map((r) => `${r.method} ${r.url}`);
    const missing = registered.filter((k) => !(k in probes));
    expect(missing, `routes without a cross-portal probe in src/test/isolation.test.ts:\n${missing.join('\n')}`).toEqual([]);
    const stale = Object.keys(probes).filter((k) => !registered.includes(k));
    expect(stale, 'probes for routes that no longer exist').toEqual([]);
  });

  it('declares as public only routes listed as public here', () => {
    for (const route of server.app.apiRoutes) {
      const probe = probes[`${route.method} ${route.url}`];
      if (!probe) continue;
      expect(route.auth === 'public', `${route.method} ${route.url} is ${route.auth}`).toBe(typeof probe === 'object' && 'public' in probe);
      expect(route.auth === 'operator', `${route.method} ${route.url} is ${route.auth}`).toBe(typeof probe === 'object' && 'operator' in probe);
    }
  });

  it('keeps the invitation token of portal A usable only for portal A', async () => {
    await a.owner.post('/api/users/invites', { email: 'only-a@example.test', role: 'member' });
    const token = tokenOf(await linkFromOutbox(server, 'only-a@example.test', 'invite'));
    const res = await server.client().get(`/api/invites/${token}`);
    expect(res.body.portal.slug).toBe(a.portal.slug);
  });

  it('holds on every route (each probe run in turn; failures name the route)', async () => {
    const failures: string[] = [];
    for (const [key, probe] of Object.entries(probes)) {
      if (typeof probe !== 'function') continue;
      try {
        await probe();
      } catch (err) {
        failures.push(`${key}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
