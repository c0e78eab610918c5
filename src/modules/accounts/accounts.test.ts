import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { addUser, linkFromOutbox, PASSWORD, portalWithTeam, signupPortal, tokenOf, uniqueSlug } from '../../test/factories.js';
import { decodeQp, startSmtpPeer } from '../../test/smtp.js';
import { requestFrom } from '../../test/client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('sign-in throttling: slows guessing down without locking anyone out', () => {
  // Two "machines" per case: Linux routes 127/8 to loopback, so the server sees each bound address as a client.
  const DELAY_MAX_MS = 1000;
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ env: { LOGIN_LIMIT: '15', LOGIN_DELAY_MAX_MS: String(DELAY_MAX_MS) } });
  });
  afterAll(async () => {
    await s?.close();
  });
  const login = (from: string, body: { portalSlug: string; email: string; password: string }) => requestFrom(from, s.url, 'POST', '/api/auth/login', body);
  const timed = async <T>(run: () => Promise<T>) => {
    const started = performance.now();
    const result = await run();
    return { result, ms: performance.now() - started };
  };

  it('lets the right password in from another address after 10 wrong ones, and refuses only the guessing address (429, Retry-After)', async () => {
    const { portal } = await signupPortal(s);
    const right = { portalSlug: portal.slug, email: `owner@${portal.slug}.test`, password: PASSWORD };
    const wrong = { ...right, password: 'wrong password!' };
    for (let i = 0; i < 10; i++) expect((await login('127.0.0.2', wrong)).status).toBe(401);

    const refused = await login('127.0.0.2', right);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many attempts\. Wait 15 minutes/) });
    // Until the first of the 10 failures leaves the 15-minute window.
    expect(refused.body.error.details.retryAfterSeconds).toBeGreaterThan(800);
    expect(refused.body.error.details.retryAfterSeconds).toBeLessThanOrEqual(900);
    expect(Number(refused.headers.get('retry-after'))).toBe(refused.body.error.details.retryAfterSeconds);

    // The owner, elsewhere: signed in, after the account's capped wait (a delay, not a refusal).
    const owner = await timed(() => login('127.0.0.3', right));
    expect(owner.result.status, owner.result.text).toBe(200);
    expect(owner.result.headers.get('set-cookie')).toMatch(/^skit_session=/);
    expect(owner.ms).toBeGreaterThanOrEqual(DELAY_MAX_MS);
    // Signing in forgave the account, not the guessing address.
    expect((await login('127.0.0.2', right)).status).toBe(429);
    expect((await timed(() => login('127.0.0.3', right))).result.status).toBe(200);
  });

  it('waits longer before each answer to an account that keeps failing, 250 ms doubling after two failures, capped', async () => {
    const { portal } = await signupPortal(s);
    const wrong = { portalSlug: portal.slug, email: `owner@${portal.slug}.test`, password: 'wrong password!' };
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const attempt = await timed(() => login(`127.0.1.${i + 1}`, wrong)); // every try from a new address
      expect(attempt.result.status).toBe(401);
      waits.push(attempt.ms);
    }
    // Before failure 1, 2, 3: no wait; before 4: 250 ms; 5: 500 ms; 6: 1000 ms (the cap).
    expect(waits[3]).toBeGreaterThanOrEqual(250);
    expect(waits[4]).toBeGreaterThanOrEqual(500);
    expect(waits[5]).toBeGreaterThanOrEqual(DELAY_MAX_MS);
  });

  it('refuses an address that fails on many accounts (LOGIN_LIMIT), others still sign in, and the address may try again after 15 minutes', async () => {
    const portals = await Promise.all([signupPortal(s), signupPortal(s), signupPortal(s), signupPortal(s)]);
    const bodies = portals.map(({ portal }) => ({ portalSlug: portal.slug, email: `owner@${portal.slug}.test`, password: PASSWORD }));
    for (const body of bodies.slice(0, 3))
      for (let i = 0; i < 5; i++) expect((await login('127.0.0.4', { ...body, password: `guess ${i} password` })).status).toBe(401);

    // 15 failures from 127.0.0.4: it is refused, even on an account it never tried, even with the right password.
    const refused = await login('127.0.0.4', bodies[3]!);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login('127.0.0.5', bodies[0]!)).status).toBe(200);

    s.clock.advance(15 * 60_000 + 1000);
    expect((await login('127.0.0.4', bodies[3]!)).status).toBe(200);
  });
});

describe('sign-up (ACC-1)', () => {
  it('creates the portal and its owner and starts a session', async () => {
    const slug = uniqueSlug('acme');
    const { client, portal, user } = await signupPortal(server, { slug, name: 'Acme Inc.' });
    expect(portal).toMatchObject({ slug, name: 'Acme Inc.' });
    expect(user.role).toBe('owner');
    const me = await client.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'owner', portal: { slug }, user: { email: `owner@${slug}.test` } });
  });

  it('sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const res = await server.client().post('/api/auth/signup', {
      portalSlug: uniqueSlug(),
      portalName: 'Cookie Co',
      name: 'C',
      email: 'c@cookie.test',
      password: PASSWORD,
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('skit_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/); // http BASE_URL; https turns it on
  });

  it('marks the session cookie Secure when the app is served over https', async () => {
    const s = await startTestServer({ env: { BASE_URL: 'https://work.example.test' } });
    try {
      const res = await s
        .client()
        .post('/api/auth/signup', { portalSlug: uniqueSlug(), portalName: 'TLS', name: 'T', email: 't@tls.test', password: PASSWORD });
      expect(res.headers.getSetCookie().find((c) => c.startsWith('skit_session='))).toMatch(/;\s*Secure/i);
    } finally {
      await s.close();
    }
  });

  it('limits sign-ups from one address (SIGNUP_LIMIT per 15 minutes) with 429 and Retry-After, creating nothing', async () => {
    const s = await startTestServer({ env: { SIGNUP_LIMIT: '2' } });
    try {
      const signUp = (slug: string) =>
        s.client().post('/api/auth/signup', { portalSlug: slug, portalName: 'Limited', name: 'L', email: `l@${slug}.test`, password: PASSWORD });
      const first = uniqueSlug();
      expect((await signUp(first)).status).toBe(201);
      // A refused attempt counts too.
      expect((await signUp(first)).status).toBe(409);
      const third = uniqueSlug();
      const limited = await signUp(third);
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await s.deps.db.selectFrom('portals').select('id').where('slug', '=', third).executeTakeFirst()).toBeUndefined();
      s.clock.advance(16 * 60_000);
      expect((await signUp(third)).status).toBe(201);
    } finally {
      await s.close();
    }
  });

  it('refuses a duplicate slug with 409 SLUG_TAKEN', async () => {
    const slug = uniqueSlug();
    await signupPortal(server, { slug });
    const res = await server.client().post('/api/auth/signup', { portalSlug: slug, portalName: 'Again', name: 'X', email: 'x@x.test', password: PASSWORD });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('SLUG_TAKEN');
  });

  it.each(['admin', 'api', 'www', 'operator'])('refuses the reserved slug %s', async (slug) => {
    const res = await server.client().post('/api/auth/signup', { portalSlug: slug, portalName: 'R', name: 'R', email: 'r@r.test', password: PASSWORD });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('SLUG_RESERVED');
  });

  it.each(['ab', '1acme', 'acme-', 'ac--me', 'ac_me', 'a'.repeat(41)])('refuses the malformed slug %s naming the field', async (slug) => {
    const res = await server.client().post('/api/auth/signup', { portalSlug: slug, portalName: 'R', name: 'R', email: 'r@r.test', password: PASSWORD });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.fields[0].path).toBe('portalSlug');
  });

  it('answers bad input with 400 naming every bad field, and writes nothing', async () => {
    const before = await server.deps.db
      .selectFrom('portals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await server
      .client()
      .post('/api/auth/signup', { portalSlug: uniqueSlug(), portalName: '', name: 'N', email: 'not-an-email', password: 'short' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const paths = res.body.error.details.fields.map((f: { path: string }) => f.path).sort();
    expect(paths).toEqual(['email', 'password', 'portalName']);
    const after = await server.deps.db
      .selectFrom('portals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('answers malformed JSON with the same error shape and no stack trace', async () => {
    const res = await server.client().request('POST', '/api/auth/signup', '{"portalSlug":', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_REQUEST');
    expect(res.text).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('log in and out (ACC-3)', () => {
  it('logs in with the right password and out again', async () => {
    const { portal } = await signupPortal(server);
    const c = server.client();
    const ok = await c.post('/api/auth/login', { portalSlug: portal.slug, email: `OWNER@${portal.slug}.test`, password: PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.body.portal.slug).toBe(portal.slug);
    expect((await c.get('/api/me')).status).toBe(200);
    const out = await c.post('/api/auth/logout');
    expect(out.status).toBe(204);
    // The old cookie is dead on the server, not just cleared in the browser.
    const me = await c.get('/api/me');
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('answers a wrong password, a wrong email and an unknown portal alike with 401', async () => {
    const { portal } = await signupPortal(server);
    for (const body of [
      { portalSlug: portal.slug, email: `owner@${portal.slug}.test`, password: 'wrong password!' },
      { portalSlug: portal.slug, email: 'nobody@nowhere.test', password: PASSWORD },
      { portalSlug: 'no-such-portal', email: `owner@${portal.slug}.test`, password: PASSWORD },
    ]) {
      const res = await server.client().post('/api/auth/login', body);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('INVALID_CREDENTIALS');
    }
  });

  it('records logins and failures in the audit log with the address they came from', async () => {
    const { client, portal } = await signupPortal(server);
    await server.client().post('/api/auth/login', { portalSlug: portal.slug, email: `owner@${portal.slug}.test`, password: 'nope nope nope' });
    await server.client().post('/api/auth/login', { portalSlug: portal.slug, email: `owner@${portal.slug}.test`, password: PASSWORD });
    const audit = await client.get('/api/audit');
    expect(audit.status).toBe(200);
    const actions = audit.body.items.map((i: { action: string }) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'auth.login_failed', 'portal.created']));
    const login = audit.body.items.find((i: { action: string }) => i.action === 'auth.login');
    expect(login.ip).toBe('127.0.0.1');
    expect(login.actor.email).toBe(`owner@${portal.slug}.test`);
  });
});

describe('audit log (ACC-5)', () => {
  it('pages through every entry exactly once, newest first', async () => {
    const { client } = await signupPortal(server);
    for (let i = 0; i < 12; i++) await client.post('/api/tokens', { name: `t${i}` });
    const seen: { id: string; createdAt: string }[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await client.get(`/api/audit?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(5);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(13); // portal.created + 12 tokens
    expect(new Set(seen.map((e) => e.id)).size).toBe(13);
    const times = seen.map((e) => e.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const filtered = await client.get('/api/audit?action=portal.created');
    expect(filtered.body.items).toHaveLength(1);
    expect((await client.get('/api/audit?cursor=garbage')).body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('cross-origin protection', () => {
  it('refuses a cookie-authenticated write from another Origin, and allows the same write from ours', async () => {
    const { client } = await signupPortal(server);
    const evil = await client.request('POST', '/api/tokens', { name: 'x' }, { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.body.error.code).toBe('CROSS_ORIGIN_REQUEST');
    const ours = await client.post('/api/tokens', { name: 'x' });
    expect(ours.status).toBe(201);
  });
});

describe('personal API tokens', () => {
  it('authenticates with Authorization: Bearer, shows the secret once, and stops working when revoked', async () => {
    const { client, portal } = await signupPortal(server);
    const created = await client.post('/api/tokens', { name: 'CI script' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^skit_/);
    const list = await client.get('/api/tokens');
    expect(list.body.items).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);

    const bot = server.client().withToken(created.body.token);
    const me = await bot.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.portal.slug).toBe(portal.slug);
    // Token-authenticated writes need no Origin: they carry no ambient credentials.
    bot.origin = 'https://elsewhere.example';
    expect((await bot.post('/api/tokens', { name: 'made by token' })).status).toBe(201);

    expect((await client.delete(`/api/tokens/${created.body.id}`)).status).toBe(204);
    expect((await bot.get('/api/me')).status).toBe(401);
    expect((await server.client().withToken('skit_forged').get('/api/me')).status).toBe(401);
  });
});

describe('invitations and roles (ACC-2)', () => {
  it('invites by email, accepts by link, and the new member can log in', async () => {
    const { client: owner, portal } = await signupPortal(server);
    const inv = await owner.post('/api/users/invites', { email: 'Bob@Example.test', role: 'member' });
    expect(inv.status).toBe(201);
    expect(inv.body).toMatchObject({ email: 'Bob@Example.test', role: 'member', status: 'pending' });
    const link = await linkFromOutbox(server, 'Bob@Example.test', 'invite');
    expect(link.startsWith(`${server.deps.config.BASE_URL}/invite/`)).toBe(true);

    const described = await server.client().get(`/api/invites/${tokenOf(link)}`);
    expect(described.body).toEqual({ portal: { slug: portal.slug, name: portal.name }, email: 'Bob@Example.test', role: 'member' });

    const bob = server.client();
    const acc = await bob.post('/api/invites/accept', { token: tokenOf(link), name: 'Bob', password: PASSWORD });
    expect(acc.status).toBe(201);
    expect(acc.body.role).toBe('member');
    const again = await server.client().post('/api/invites/accept', { token: tokenOf(link), name: 'Bob 2', password: PASSWORD });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('INVITE_NOT_FOUND');

    const login = await server.client().post('/api/auth/login', { portalSlug: portal.slug, email: 'bob@example.test', password: PASSWORD });
    expect(login.status).toBe(200);
    const invites = await owner.get('/api/users/invites');
    expect(invites.body.items[0].status).toBe('accepted');
  });

  it('refuses inviting an existing user or a pending invitee with 409', async () => {
    const { client: owner, portal } = await signupPortal(server);
    const self = await owner.post('/api/users/invites', { email: `owner@${portal.slug}.test`, role: 'member' });
    expect(self.status).toBe(409);
    expect(self.body.error.code).toBe('USER_EXISTS');
    await owner.post('/api/users/invites', { email: 'twice@example.test' });
    const twice = await owner.post('/api/users/invites', { email: 'twice@example.test' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('INVITE_PENDING');
  });

  it('expires invitations after 7 days and lets an admin revoke one', async () => {
    const { client: owner } = await signupPortal(server);
    await owner.post('/api/users/invites', { email: 'late@example.test' });
    const lateToken = tokenOf(await linkFromOutbox(server, 'late@example.test', 'invite'));
    const revoked = await owner.post('/api/users/invites', { email: 'revoked@example.test' });
    const revokedToken = tokenOf(await linkFromOutbox(server, 'revoked@example.test', 'invite'));
    expect((await owner.delete(`/api/users/invites/${revoked.body.id}`)).status).toBe(204);
    expect((await server.client().get(`/api/invites/${revokedToken}`)).status).toBe(404);
    server.clock.advance(8 * 86_400_000);
    expect((await server.client().post('/api/invites/accept', { token: lateToken, name: 'Late', password: PASSWORD })).status).toBe(404);
  });

  it('changes roles, transfers ownership, and never leaves a portal without exactly one owner', async () => {
    const team = await portalWithTeam(server);
    expect((await team.owner.patch(`/api/users/${team.memberUser.id}`, { role: 'admin' })).body.role).toBe('admin');
    const demoteOwner = await team.admin.patch(`/api/users/${team.ownerUser.id}`, { role: 'member' });
    expect(demoteOwner.status).toBe(400);
    expect(demoteOwner.body.error.code).toBe('CANNOT_CHANGE_OWNER_ROLE');

    expect((await team.admin.post('/api/users/transfer-ownership', { userId: team.adminUser.id })).status).toBe(403);
    expect((await team.owner.post('/api/users/transfer-ownership', { userId: team.adminUser.id })).status).toBe(204);
    const users = (await team.owner.get('/api/users')).body.items as { id: string; role: string }[];
    expect(users.filter((u) => u.role === 'owner').map((u) => u.id)).toEqual([team.adminUser.id]);
    expect(users.find((u) => u.id === team.ownerUser.id)!.role).toBe('admin');
    expect((await team.owner.get('/api/me')).body.role).toBe('admin');
  });

  it('deactivates a user: their sessions end, they cannot log in, and they keep their data; reactivation restores access', async () => {
    const team = await portalWithTeam(server);
    const tokenRes = await team.member.post('/api/tokens', { name: 'mine' });
    const memberBot = server.client().withToken(tokenRes.body.token);

    const off = await team.admin.post(`/api/users/${team.memberUser.id}/deactivate`);
    expect(off.status).toBe(200);
    expect(off.body.status).toBe('deactivated');
    expect((await team.member.get('/api/me')).status).toBe(401);
    expect((await memberBot.get('/api/me')).status).toBe(401);
    const login = await server.client().post('/api/auth/login', { portalSlug: team.portal.slug, email: team.memberUser.email, password: PASSWORD });
    expect(login.status).toBe(401);
    expect(login.body.error.details.reason).toBe('deactivated');
    // Still listed with their data.
    const listed = (await team.owner.get('/api/users')).body.items.find((u: { id: string }) => u.id === team.memberUser.id);
    expect(listed.status).toBe('deactivated');
    expect((await team.owner.get('/api/tokens')).status).toBe(200);

    const ownerOff = await team.admin.post(`/api/users/${team.ownerUser.id}/deactivate`);
    expect(ownerOff.body.error.code).toBe('CANNOT_DEACTIVATE_OWNER');

    expect((await team.admin.post(`/api/users/${team.memberUser.id}/reactivate`)).body.status).toBe('active');
    expect((await server.client().post('/api/auth/login', { portalSlug: team.portal.slug, email: team.memberUser.email, password: PASSWORD })).status).toBe(
      200,
    );
    expect((await memberBot.get('/api/me')).status).toBe(200);
  });

  it('tells a member on an admin route who the admins are (403 with details.admins)', async () => {
    const team = await portalWithTeam(server);
    const res = await team.member.get('/api/audit');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    const names = res.body.error.details.admins.map((a: { name: string }) => a.name);
    expect(names).toEqual(['Olivia Owner', 'Adam Admin']);
    expect(res.body.error.message).toContain('Olivia Owner');
  });
});

describe('profile and password', () => {
  it('updates the name and changes the password, ending other sessions', async () => {
    const { client, portal } = await signupPortal(server);
    const other = server.client();
    await other.post('/api/auth/login', { portalSlug: portal.slug, email: `owner@${portal.slug}.test`, password: PASSWORD });
    expect((await client.patch('/api/me', { name: 'Olivia O.' })).body.user.name).toBe('Olivia O.');
    const wrong = await client.post('/api/me/password', { currentPassword: 'not it at all', newPassword: 'another long password' });
    expect(wrong.status).toBe(401);
    expect((await client.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'another long password' })).status).toBe(204);
    expect((await client.get('/api/me')).status).toBe(200);
    expect((await other.get('/api/me')).status).toBe(401);
  });
});

describe('mail through a real SMTP server', () => {
  it('delivers the invitation and the password reset mails, with working links', async () => {
    const smtp = await startSmtpPeer();
    const s = await startTestServer({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'SchedulingKit <no-reply@skit.test>' } });
    try {
      const { client: owner, portal } = await signupPortal(s);
      await owner.post('/api/users/invites', { email: 'carol@example.test', role: 'admin' });
      expect(await s.runJobs()).toBeGreaterThan(0);
      const invite = await smtp.waitFor((m) => m.to.includes('carol@example.test'));
      expect(invite.from).toBe('no-reply@skit.test');
      const inviteLink = decodeQp(invite.raw).match(/http:\/\/127\.0\.0\.1:\d+\/invite\/[A-Za-z0-9_-]+/)![0];
      const carol = s.client();
      expect((await carol.post('/api/invites/accept', { token: tokenOf(inviteLink), name: 'Carol', password: PASSWORD })).status).toBe(201);

      // Password reset: the answer does not reveal whether the account exists.
      const unknown = await s.client().post('/api/auth/password-reset', { portalSlug: portal.slug, email: 'ghost@example.test' });
      expect(unknown.status).toBe(202);
      const known = await s.client().post('/api/auth/password-reset', { portalSlug: portal.slug, email: 'carol@example.test' });
      expect(known.status).toBe(202);
      await s.runJobs();
      const reset = await smtp.waitFor((m) => m.to.includes('carol@example.test') && m.raw.includes('reset-password'));
      const resetLink = decodeQp(reset.raw).match(/http:\/\/127\.0\.0\.1:\d+\/reset-password\/[A-Za-z0-9_-]+/)![0];
      expect(smtp.mails.some((m) => m.to.includes('ghost@example.test'))).toBe(false);

      expect((await s.client().post('/api/auth/password-reset/confirm', { token: tokenOf(resetLink), password: 'a brand new password' })).status).toBe(204);
      // Reset ends every session of the account.
      expect((await carol.get('/api/me')).status).toBe(401);
      const reuse = await s.client().post('/api/auth/password-reset/confirm', { token: tokenOf(resetLink), password: 'yet another password' });
      expect(reuse.status).toBe(400);
      expect(reuse.body.error.code).toBe('TOKEN_INVALID');
      const login = await s.client().post('/api/auth/login', { portalSlug: portal.slug, email: 'carol@example.test', password: 'a brand new password' });
      expect(login.status).toBe(200);

      const outbox = await owner.get('/api/mail/outbox');
      expect(outbox.body.items.filter((m: { status: string }) => m.status === 'sent').length).toBeGreaterThanOrEqual(2);
    } finally {
      await s.close();
      await smtp.close();
    }
  });

  it('keeps mail in the outbox, readable by admins, when no SMTP server is configured', async () => {
    const team = await portalWithTeam(server);
    await team.admin.post('/api/users/invites', { email: 'dora@example.test' });
    await server.runJobs();
    const outbox = await team.admin.get('/api/mail/outbox');
    const mail = outbox.body.items.find((m: { to: string }) => m.to === 'dora@example.test');
    expect(mail.status).toBe('stored');
    expect(mail.text).toContain('/invite/');
    expect((await team.member.get('/api/mail/outbox')).status).toBe(403);
  });

  it('retries delivery with backoff when the SMTP server is down, then delivers', async () => {
    const smtp = await startSmtpPeer();
    const deadUrl = smtp.url;
    await smtp.close(); // nobody listens there now
    const s = await startTestServer({ env: { SMTP_URL: deadUrl } });
    try {
      const { client: owner } = await signupPortal(s);
      await owner.post('/api/users/invites', { email: 'erin@example.test' });
      await s.runJobs();
      let mail = (await owner.get('/api/mail/outbox')).body.items[0];
      expect(mail.status).toBe('queued');
      const job = await s.deps.db.selectFrom('jobs').selectAll().where('kind', '=', 'mail.send').executeTakeFirstOrThrow();
      expect(job.attempts).toBe(1);
      expect(job.last_error).toBeTruthy();
      expect(Date.parse(job.run_at) - Date.now()).toBeGreaterThan(5_000);
      // Nothing runs before the backoff has passed.
      expect(await s.runJobs()).toBe(0);
      s.clock.advance(11_000);
      await s.runJobs();
      mail = (await owner.get('/api/mail/outbox')).body.items[0];
      expect(mail.status).toBe('queued');
      expect((await s.deps.db.selectFrom('jobs').select('attempts').where('id', '=', job.id).executeTakeFirstOrThrow()).attempts).toBe(2);
    } finally {
      await s.close();
    }
  });
});

describe('users list', () => {
  it('lists everyone in the portal for any member, and one user by id', async () => {
    const team = await portalWithTeam(server);
    const list = await team.member.get('/api/users');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(3);
    const one = await team.member.get(`/api/users/${team.adminUser.id}`);
    expect(one.body).toMatchObject({ id: team.adminUser.id, role: 'admin', status: 'active' });
    const newcomer = await addUser(server, team.owner);
    expect((await team.member.get(`/api/users/${newcomer.user.id}`)).status).toBe(200);
  });
});
