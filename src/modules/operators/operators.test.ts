import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { PASSWORD, signupPortal, tokenOf } from '../../test/factories.js';
import { createOperator, setOperatorStatus } from './operator-auth.service.js';
import { operatorClient } from './operators.testkit.js';
import { requestFrom } from '../../test/client.js';

/** Operator accounts (LIF-7): created on the command line, their own log-in, cookie and routes, apart from portal users. */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('operator accounts', () => {
  it('are created with a one-time link to set the password, then log in at /operator', async () => {
    const created = await createOperator(server.deps, { email: 'Ada@Provider.test', name: 'Ada' });
    expect(created.operator).toMatchObject({ email: 'Ada@Provider.test', name: 'Ada', status: 'active' });
    expect(created.setPasswordLink).toMatch(new RegExp(`^${server.url}/operator/set-password/`));
    const token = tokenOf(created.setPasswordLink!);
    const op = server.client();
    // No password yet: nobody can log in.
    expect((await op.post('/api/operator/auth/login', { email: 'ada@provider.test', password: PASSWORD })).status).toBe(401);
    expect((await op.post('/api/operator/auth/set-password', { token, password: 'short' })).status).toBe(400);
    expect((await op.post('/api/operator/auth/set-password', { token, password: PASSWORD })).status).toBe(204);
    const again = await op.post('/api/operator/auth/set-password', { token, password: 'another long password' });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('TOKEN_INVALID');

    const login = await op.post('/api/operator/auth/login', { email: 'ada@provider.test', password: PASSWORD });
    expect(login.status, login.text).toBe(200);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('skit_operator='))!;
    expect(cookie).toMatch(/Path=\/api\/operator/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect((await op.get('/api/operator/me')).body).toMatchObject({ email: 'Ada@Provider.test', name: 'Ada' });
  });

  it('refuses a wrong password and a disabled operator alike', async () => {
    await createOperator(server.deps, { email: 'bo@provider.test', password: PASSWORD });
    const op = server.client();
    const wrong = await op.post('/api/operator/auth/login', { email: 'bo@provider.test', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'Wrong email or password' });
    expect((await op.post('/api/operator/auth/login', { email: 'bo@provider.test', password: PASSWORD })).status).toBe(200);
    await setOperatorStatus(server.deps, 'bo@provider.test', 'disabled');
    expect((await op.get('/api/operator/me')).status).toBe(401);
    expect((await op.post('/api/operator/auth/login', { email: 'bo@provider.test', password: PASSWORD })).status).toBe(401);
  });

  it('refuses a second operator with the same email', async () => {
    await createOperator(server.deps, { email: 'cy@provider.test', password: PASSWORD });
    await expect(createOperator(server.deps, { email: 'CY@provider.test', password: PASSWORD })).rejects.toMatchObject({ code: 'USER_EXISTS' });
  });

  it('logs out: the session ends and the cookie is cleared', async () => {
    const op = await operatorClient(server);
    expect((await op.post('/api/operator/auth/logout')).status).toBe(204);
    expect(op.operatorCookie).toBeNull();
    expect((await op.get('/api/operator/me')).status).toBe(401);
  });

  it('changes the password, which ends the other sessions', async () => {
    const email = 'dee@provider.test';
    const first = await operatorClient(server, email);
    const second = server.client();
    await second.post('/api/operator/auth/login', { email, password: PASSWORD });
    const bad = await first.post('/api/operator/me/password', { currentPassword: 'wrong', newPassword: 'a new long password' });
    expect(bad.status).toBe(401);
    expect(bad.body.error.details.fields[0].path).toBe('currentPassword');
    expect((await first.post('/api/operator/me/password', { currentPassword: PASSWORD, newPassword: 'a new long password' })).status).toBe(204);
    expect((await first.get('/api/operator/me')).status).toBe(200);
    expect((await second.get('/api/operator/me')).status).toBe(401);
  });
});

describe('operators and portal users are kept apart', () => {
  it('refuses portal users on operator routes: 403 with a session or a token, 401 without', async () => {
    const p = await signupPortal(server);
    const token = (await p.client.post('/api/tokens', { name: 'ops probe' })).body.token as string;
    for (const res of [await p.client.get('/api/operator/portals'), await p.client.withToken(token).get('/api/operator/overview')]) {
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('operator console') });
    }
    const anonymous = await server.client().get('/api/operator/portals');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    // A portal account cannot log in as an operator, even with the same email and password.
    const login = await server.client().post('/api/operator/auth/login', { email: p.user.email, password: PASSWORD });
    expect(login.status).toBe(401);
  });

  it('refuses operators on portal routes (their cookie opens nothing there)', async () => {
    const p = await signupPortal(server);
    const op = await operatorClient(server, p.user.email);
    for (const path of ['/api/me', '/api/users', '/api/crm/contacts', '/api/audit']) {
      const res = await op.get(path);
      expect(res.status, path).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
    expect((await op.post('/api/crm/contacts', { firstName: 'Sneaky' })).status).toBe(401);
    // The portal user with the same email is a different account, unaffected.
    expect((await p.client.get('/api/me')).body.user.email).toBe(p.user.email);
  });

  it('refuses cross-site writes with the operator cookie', async () => {
    const op = await operatorClient(server);
    const res = await op.request(
      'POST',
      '/api/operator/me/password',
      { currentPassword: PASSWORD, newPassword: 'another long password' },
      { origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CROSS_ORIGIN_REQUEST');
  });

  it('throttles guessing an operator password by address, and lets the operator in from elsewhere', async () => {
    const email = 'eve@provider.test';
    await createOperator(server.deps, { email, password: PASSWORD });
    const login = (from: string, password: string) => requestFrom(from, server.url, 'POST', '/api/operator/auth/login', { email, password });
    for (let i = 0; i < 10; i++) expect((await login('127.0.0.2', `wrong ${i} password`)).status).toBe(401);
    const res = await login('127.0.0.2', PASSWORD);
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const elsewhere = await login('127.0.0.3', PASSWORD);
    expect(elsewhere.status, elsewhere.text).toBe(200);
    expect(elsewhere.headers.get('set-cookie')).toMatch(/^skit_operator=/);
  });
});

describe('the API document', () => {
  it('lists the operator routes with their own cookie, and the same error shape', async () => {
    const doc = (await server.client().get('/api/openapi.json')).body;
    expect(doc.components.securitySchemes.operatorCookieAuth).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'skit_operator' });
    expect(doc.paths['/api/operator/portals'].get.security).toEqual([{ operatorCookieAuth: [] }]);
    for (const path of [
      '/api/operator/overview',
      '/api/operator/portals/{id}/comp',
      '/api/operator/portals/{id}/exports',
      '/api/operator/portals/{id}/delete',
      '/api/instance',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    const bad = await (await operatorClient(server)).post('/api/operator/portals/x/comp', { planId: 'team', until: 'next week' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [expect.objectContaining({ path: 'until' })] } });
  });
});

describe("the operators' audit log", () => {
  it('records log-ins and failed log-ins, newest first, and what the command line did', async () => {
    const email = 'fay@provider.test';
    const op = await operatorClient(server, email);
    await server.client().post('/api/operator/auth/login', { email, password: 'wrong password' });
    const res = await op.get('/api/operator/audit?limit=200');
    expect(res.status).toBe(200);
    const mine = res.body.items.filter((i: { operator: { email: string } | null }) => i.operator?.email === email).map((i: { action: string }) => i.action);
    expect(mine).toContain('operator.login');
    expect(mine).toContain('operator.login_failed');
    expect(mine.indexOf('operator.login_failed')).toBeLessThan(mine.indexOf('operator.login'));
    const created = res.body.items.find(
      (i: { action: string; details: { email?: string } | null }) => i.action === 'operator.created' && i.details?.email === email,
    );
    expect(created.operator).toBeNull(); // the command line
  });
});
