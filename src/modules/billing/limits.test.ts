import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import { addUser, linkFromOutbox, PASSWORD, signupPortal, tokenOf } from '../../test/factories.js';
import { randomFile, uploadRaw } from '../drive/drive.testkit.js';
import { choosePlan, saveCard, startBillingServer } from './billing.testkit.js';

/** Plan limits enforced by the server: 402 with a code and the plan that would allow it. Free here: 3 seats, 10 KB. */

let server: TestServer;
beforeAll(async () => {
  server = await startBillingServer();
});
afterAll(async () => {
  await server?.close();
});

const expect402 = (res: { status: number; body: any; text: string }, code: string) => {
  expect(res.status, res.text).toBe(402);
  expect(res.body.error.code).toBe(code);
  return res.body.error.message as string;
};

describe('seats (PLAN_SEAT_LIMIT)', () => {
  it('refuses an invitation past the seat limit, naming the plan that has room', async () => {
    const p = await signupPortal(server);
    await addUser(server, p.client);
    await addUser(server, p.client);
    const res = await p.client.post('/api/users/invites', { email: 'fourth@example.test', role: 'member' });
    expect(expect402(res, 'PLAN_SEAT_LIMIT')).toBe('Your Free plan includes 3 seats. Upgrade to Team for up to 5.');
    expect((await p.client.get('/api/users/invites')).body.items.map((i: { email: string }) => i.email)).not.toContain('fourth@example.test');
  });

  it('refuses to accept an invitation once the seats are taken', async () => {
    const p = await signupPortal(server);
    await addUser(server, p.client);
    await p.client.post('/api/users/invites', { email: 'x@example.test', role: 'member' });
    await p.client.post('/api/users/invites', { email: 'y@example.test', role: 'member' });
    const join = async (email: string) =>
      server.client().post('/api/invites/accept', { token: tokenOf(await linkFromOutbox(server, email, 'invite')), name: email, password: PASSWORD });
    expect((await join('x@example.test')).status).toBe(201);
    expect402(await join('y@example.test'), 'PLAN_SEAT_LIMIT');
    expect((await p.client.get('/api/users')).body.items).toHaveLength(3);
  });

  it('refuses to reactivate a user when that would exceed the seats', async () => {
    const p = await signupPortal(server);
    const leaver = await addUser(server, p.client);
    await addUser(server, p.client);
    await p.client.post(`/api/users/${leaver.user.id}/deactivate`);
    await addUser(server, p.client);
    expect402(await p.client.post(`/api/users/${leaver.user.id}/reactivate`), 'PLAN_SEAT_LIMIT');
    expect((await p.client.get(`/api/users/${leaver.user.id}`)).body.status).toBe('deactivated');
  });

  it('lets the portal grow once it upgrades', async () => {
    const p = await signupPortal(server);
    await addUser(server, p.client);
    await addUser(server, p.client);
    await saveCard(p.client);
    await choosePlan(p.client, 'team');
    expect((await p.client.post('/api/users/invites', { email: 'fourth@example.test', role: 'member' })).status).toBe(201);
  });
});

describe('storage (PLAN_STORAGE_LIMIT)', () => {
  it('refuses an upload past the quota and keeps nothing of it', async () => {
    const p = await signupPortal(server);
    expect((await uploadRaw(p.client, 'a.bin', randomFile(6000))).status).toBe(201);
    const message = expect402(await uploadRaw(p.client, 'b.bin', randomFile(6000)), 'PLAN_STORAGE_LIMIT');
    expect(message).toBe('Your Free plan includes 10 KB of storage. Upgrade to Team for 50 KB.');
    expect((await p.client.get('/api/drive/usage')).body).toEqual({ usedBytes: 6000, quotaBytes: 10_000 });
  });

  it('raises the quota with the plan, and with extra storage', async () => {
    const p = await signupPortal(server);
    await saveCard(p.client);
    await choosePlan(p.client, 'team');
    expect((await uploadRaw(p.client, 'big.bin', randomFile(45_000))).status).toBe(201);
    const msg = expect402(await uploadRaw(p.client, 'more.bin', randomFile(9000)), 'PLAN_STORAGE_LIMIT');
    expect(msg).toContain('or add extra storage');
    expect((await p.client.post('/api/billing/addons', { kind: 'storage', quantity: 1 })).status).toBe(201);
    expect((await uploadRaw(p.client, 'more.bin', randomFile(9000))).status).toBe(201);
  });
});

describe('features (PLAN_FEATURE_REQUIRED)', () => {
  it('refuses a feature the plan lacks, naming the plan that has it', async () => {
    const p = await signupPortal(server);
    await saveCard(p.client);
    await choosePlan(p.client, 'team');
    const res = await p.client.post('/api/telephony/calls', { phone: '+49 30 1234567', direction: 'outbound', durationSeconds: 30 });
    expect(expect402(res, 'PLAN_FEATURE_REQUIRED')).toBe('Telephony is not included in your Team plan. Upgrade to Business to use it.');
    expect(res.body.error.details).toMatchObject({ feature: 'telephony', planId: 'team' });
  });
});
