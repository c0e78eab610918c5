import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import { DAY, HOUR } from '../../kernel/clock.js';
import { linkFromOutbox, PASSWORD, signupPortal, tokenOf } from '../../test/factories.js';
import { advanceDays, signupWithToken, startBillingServer } from '../billing/billing.testkit.js';

/**
 * Sessions and security links run on the server's real time; the test clock
 * (TEST_CLOCK=1) moves only a portal's business time: renewals, trials,
 * pauses. Moving it must not sign the tester out, nor expire or stretch links.
 * In tests the harness clock's global offset stands for real time passing.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startBillingServer({ SESSION_TTL_DAYS: '30' });
});
afterAll(async () => {
  await server?.close();
});

describe('the test clock and sign-in', () => {
  it('keeps the tester signed in when the portal’s clock moves 60 days', async () => {
    const p = await signupPortal(server);
    const before = (await p.client.get('/api/test-clock')).body.now;
    const moved = await advanceDays(p.client, 60);
    expect(Date.parse(moved.now) - Date.parse(before)).toBeGreaterThanOrEqual(60 * DAY);
    const me = await p.client.get('/api/me');
    expect(me.status, me.text).toBe(200);
    expect(me.body.portal.slug).toBe(p.portal.slug);
    expect((await p.client.post('/api/test-clock/advance', { days: 1 })).status).toBe(200);
  });

  it('still ends a session after its real lifetime (30 days), whatever the portal’s clock says', async () => {
    const p = await signupPortal(server);
    server.clock.advance(29 * DAY);
    expect((await p.client.get('/api/me')).status).toBe(200);
    server.clock.advance(1 * DAY + HOUR);
    const me = await p.client.get('/api/me');
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('keeps invitation and password-reset links valid for their real lifetime when the portal’s clock moves', async () => {
    const p = await signupWithToken(server);
    const email = `late${Date.now().toString(36)}@example.test`;
    expect((await p.client.post('/api/users/invites', { email, role: 'member' })).status).toBe(201);
    const invite = tokenOf(await linkFromOutbox(server, email, 'invite'));
    expect((await server.client().post('/api/auth/password-reset', { portalSlug: p.portal.slug, email: p.user.email })).status).toBe(202);
    const reset = tokenOf(await linkFromOutbox(server, p.user.email, 'reset-password'));

    await advanceDays(p.client, 60);
    const listed = (await p.client.get('/api/users/invites')).body.items.find((i: { email: string }) => i.email === email);
    expect(listed.status).toBe('pending');
    expect((await server.client().get(`/api/invites/${invite}`)).status).toBe(200);
    const joined = await server.client().post('/api/invites/accept', { token: invite, name: 'Late Joiner', password: PASSWORD });
    expect(joined.status, joined.text).toBe(201);
    const confirmed = await server.client().post('/api/auth/password-reset/confirm', { token: reset, password: 'a new horse battery' });
    expect(confirmed.status, confirmed.text).toBe(204);
  });

  it('does not stretch a link made after the portal’s clock moved: it expires by real time', async () => {
    const p = await signupWithToken(server);
    await advanceDays(p.client, 60);
    const email = `stretch${Date.now().toString(36)}@example.test`;
    const made = await p.client.post('/api/users/invites', { email, role: 'member' });
    expect(made.status, made.text).toBe(201);
    expect(Date.parse(made.body.expiresAt)).toBeLessThanOrEqual(server.clock.now().getTime() + 7 * DAY);
    const invite = tokenOf(await linkFromOutbox(server, email, 'invite'));
    server.clock.advance(7 * DAY + HOUR);
    const res = await server.client().get(`/api/invites/${invite}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('INVITE_NOT_FOUND');
  });
});
