import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../test/harness.js';
import type { TestClient } from '../test/client.js';
import { addUser, PASSWORD } from '../test/factories.js';
import { paidPortal, startLifecycleServer } from '../modules/lifecycle/lifecycle.testkit.js';

/**
 * The caller is resolved afresh on every request (ADR 0017: one query, no cache): whatever
 * ends or narrows a credential counts on the very next request, with a session cookie and
 * with an API token alike. Each case first makes a request that succeeds with the same
 * credential, so that a cache filled by it would be caught serving the next one.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startLifecycleServer();
});
afterAll(async () => {
  await server?.close();
});

async function tokenFor(client: TestClient): Promise<{ id: string; client: TestClient }> {
  const res = await client.post('/api/tokens', { name: 'fresh' });
  expect(res.status, res.text).toBe(201);
  return { id: res.body.id, client: client.withToken(res.body.token) };
}

async function member(role: 'admin' | 'member' = 'member') {
  const p = await paidPortal(server);
  const u = await addUser(server, p.client, { role });
  const token = await tokenFor(u.client);
  for (const c of [u.client, token.client]) expect((await c.get('/api/me')).status).toBe(200);
  return { p, u, token };
}

describe('credentials take effect on the very next request', () => {
  it('sign-out ends the session cookie at once; the API token of the same user stays', async () => {
    const { u, token } = await member();
    const cookie = u.client.cookie;
    expect((await u.client.post('/api/auth/logout')).status).toBe(204);
    u.client.cookie = cookie; // a copy of the cookie kept by someone else
    expect((await u.client.get('/api/crm/contacts')).status).toBe(401);
    expect((await token.client.get('/api/crm/contacts')).status).toBe(200);
  });

  it('a revoked API token is refused at once', async () => {
    const { u, token } = await member();
    expect((await token.client.get('/api/crm/contacts')).status).toBe(200);
    expect((await u.client.delete(`/api/tokens/${token.id}`)).status).toBe(204);
    const res = await token.client.get('/api/crm/contacts');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('a deactivated user is refused at once, by cookie and by token', async () => {
    const { p, u, token } = await member();
    expect((await p.client.post(`/api/users/${u.user.id}/deactivate`)).status).toBe(200);
    for (const c of [u.client, token.client]) expect((await c.get('/api/me')).status).toBe(401);
  });

  it('a role taken away counts at once, by cookie and by token', async () => {
    const { p, u, token } = await member('admin');
    for (const c of [u.client, token.client]) expect((await c.get('/api/users/invites')).status).toBe(200);
    expect((await p.client.patch(`/api/users/${u.user.id}`, { role: 'member' })).status).toBe(200);
    for (const c of [u.client, token.client]) {
      const res = await c.get('/api/users/invites');
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect((await c.get('/api/me')).body.role).toBe('member');
    }
  });

  it('a paused portal refuses writes at once, by cookie and by token', async () => {
    const { p, u, token } = await member();
    for (const c of [u.client, token.client]) expect((await c.post('/api/crm/companies', { name: 'Before' })).status).toBe(201);
    expect((await p.client.post('/api/billing/subscription/pause', { months: 1 })).status).toBe(200);
    for (const c of [u.client, token.client]) {
      const res = await c.post('/api/crm/companies', { name: 'During' });
      expect(res.status).toBe(423);
      expect(res.body.error.code).toBe('PORTAL_PAUSED');
    }
  });

  it('a portal being deleted refuses every session and token at once', async () => {
    const { p, u, token } = await member();
    const ownerToken = await tokenFor(p.client);
    const ownerCookie = p.client.cookie;
    const del = await p.client.post('/api/portal/delete', { password: PASSWORD, confirmSlug: p.portal.slug });
    expect(del.status, del.text).toBe(202);
    p.client.cookie = ownerCookie;
    for (const c of [p.client, ownerToken.client, u.client, token.client]) expect((await c.get('/api/crm/contacts')).status).toBe(401);
  });
});
