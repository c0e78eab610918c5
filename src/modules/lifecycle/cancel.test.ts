import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import { MINUTE } from '../../kernel/clock.js';
import { fetchBytes, randomFile, uploadRaw } from '../drive/drive.testkit.js';
import { CARD, saveCard } from '../billing/billing.testkit.js';
import {
  advanceDays,
  advanceTo,
  allFiles,
  auditActions,
  cancel,
  impactOf,
  invoicesOf,
  mailsTo,
  paidPortal,
  startLifecycleServer,
  telephonyActivity,
  uploadFiles,
  usersOf,
  type PaidPortal,
} from './lifecycle.testkit.js';

/** The cancel flow (LIF-1) and the period end (LIF-2), on the test clock. Free: 3 seats, 10 000 bytes. */

let server: TestServer;
beforeAll(async () => {
  server = await startLifecycleServer();
});
afterAll(async () => {
  await server?.close();
});

/** Business, monthly: owner, 1 admin, 3 members (Member 1 the most recently active), 4 files of 15 000 bytes, extra storage, telephony. */
async function busyPortal() {
  const p = await paidPortal(server, { admins: 1, members: 3 });
  const files = await uploadFiles(p.client, [4000, 4000, 4000, 3000]);
  expect((await p.client.post('/api/billing/addons', { kind: 'storage', quantity: 1 })).status).toBe(201);
  const balance = await telephonyActivity(p.client);
  // Member 1 comes back later than the others joined: the most recently active member.
  server.clock.advance(10 * MINUTE, p.portal.id);
  expect((await p.members[0]!.client.get('/api/me')).status).toBe(200);
  return { ...p, files, balance };
}

const ids = (xs: { id: string }[]) => xs.map((x) => x.id).sort();

describe('the impact preview', () => {
  let p: PaidPortal & { files: { id: string; name: string }[]; balance: number };
  beforeAll(async () => {
    p = await busyPortal();
  });

  it('lists exactly what moving to Free changes: features, users over the seats, files over the quota, add-ons, credit, refund, date', async () => {
    const impact = await impactOf(p.client);
    expect(impact).toMatchObject({
      fromPlanId: 'business',
      planId: 'free',
      featuresLost: [
        { feature: 'automations', label: 'Automations' },
        { feature: 'telephony', label: 'Telephony' },
        { feature: 'booking_pages_team', label: 'Team booking pages' },
        { feature: 'auto_scheduling', label: 'Auto-scheduling' },
      ],
      seats: { limit: 3, active: 5 },
      storage: { usedBytes: 15_000, quotaBytes: 10_000 },
      inaccessibleFiles: { count: 2, bytes: 7000 },
      readOnly: { calls: 1 },
      telephonyBalanceForfeited: { amount: p.balance, currency: 'USD' },
      refund: { amount: 0, currency: 'USD' },
      effectiveAt: p.subscription.currentPeriodEnd,
    });
    // Owner and admin first, then the most recently active member; never-chosen others are over.
    expect(ids(impact.usersOverLimit)).toEqual(ids([p.members[1]!, p.members[2]!]));
    // The oldest files that fit stay; from the first that does not fit on, they are unavailable.
    expect(impact.inaccessibleFiles.items.map((f: { name: string }) => f.name)).toEqual(['file-3.bin', 'file-4.bin']);
    expect(impact.addonsEnded.map((a: { kind: string }) => a.kind)).toEqual(['storage', 'telephony_credits']);
    expect(p.balance).toBe(980);
  });

  it('keeps the users the admin chooses instead', async () => {
    const impact = await impactOf(p.client, `planId=free&keepUserIds=${p.members[2]!.id},${p.members[1]!.id}`);
    expect(ids(impact.usersOverLimit)).toEqual(ids([p.admins[0]!, p.members[0]!]));
  });

  it('refuses a choice the plan cannot seat, naming keepUserIds', async () => {
    const res = await p.client.get(`/api/billing/downgrade-impact?planId=free&keepUserIds=${p.members.map((m) => m.id).join(',')}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0].path).toBe('keepUserIds');
    expect(res.body.error.message).toContain('3 seats');
  });

  it('previews a downgrade to a cheaper paid plan: only what that plan lacks', async () => {
    const impact = await impactOf(p.client, 'planId=team');
    expect(impact.featuresLost.map((f: { feature: string }) => f.feature)).toEqual(['telephony', 'booking_pages_team', 'auto_scheduling']);
    expect(impact).toMatchObject({ seats: { limit: 5, active: 5 }, usersOverLimit: [], inaccessibleFiles: { count: 0 }, storage: { quotaBytes: 60_000 } });
  });

  it('refuses a plan that is not below the current one', async () => {
    const res = await p.client.get('/api/billing/downgrade-impact?planId=business');
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0].path).toBe('planId');
  });

  it('tells a portal on Free there is nothing to cancel', async () => {
    const free = await paidPortal(server, { plan: 'team' });
    await cancel(free.client);
    await advanceTo(free.client, free.subscription.currentPeriodEnd);
    const res = await free.client.get('/api/billing/downgrade-impact?planId=free');
    expect(res.status).toBe(409);
  });
});

describe('confirming a cancel', () => {
  it('keeps the plan to the period end, says so, invoices 0 next, and mails the reference and the end date', async () => {
    const p = await paidPortal(server, { admins: 1 });
    const out = await cancel(p.client, { mode: 'cancel', reason: 'Too expensive for us right now' });
    expect(out.reference).toMatch(/^CXL-[0-9A-F]{8}$/);
    expect(out.effectiveAt).toBe(p.subscription.currentPeriodEnd);
    expect(out.subscription).toMatchObject({ planId: 'business', status: 'active', cancelAtPeriodEnd: true });
    expect((await p.client.get('/api/billing/upcoming-invoice')).body).toMatchObject({ total: 0, date: p.subscription.currentPeriodEnd });
    const state = (await p.client.get('/api/billing/lifecycle')).body;
    expect(state.cancellation).toMatchObject({
      reference: out.reference,
      mode: 'cancel',
      planId: 'free',
      effectiveAt: out.effectiveAt,
      reason: 'Too expensive for us right now',
    });
    for (const to of [p.owner.email, p.admins[0]!.email]) {
      const mails = (await mailsTo(server, to)).filter((m) => m.subject.includes('cancellation'));
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toContain(out.reference);
      expect(mails[0]!.subject).toContain(out.effectiveAt.slice(0, 10));
      expect(mails[0]!.text).toContain(`Reference: ${out.reference}`);
    }
    expect(await auditActions(p.client)).toContain('lifecycle.cancellation_scheduled');
  });

  it('does it once however often it is sent: the same answer, one mail', async () => {
    const p = await paidPortal(server);
    const key = { 'idempotency-key': 'cancel-once' };
    const first = await cancel(p.client, { mode: 'cancel' }, key);
    const replay = await cancel(p.client, { mode: 'cancel' }, key);
    const again = await cancel(p.client, { mode: 'cancel' });
    expect(replay).toEqual(first);
    expect(again.reference).toBe(first.reference);
    expect((await mailsTo(server, p.owner.email)).filter((m) => m.subject.includes('cancellation'))).toHaveLength(1);
    const reused = await p.client.post('/api/billing/subscription/cancel', { mode: 'downgrade', planId: 'team' }, key);
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses a cancel to a paid plan and an unknown mode, naming the field', async () => {
    const p = await paidPortal(server);
    const wrongPlan = await p.client.post('/api/billing/subscription/cancel', { mode: 'cancel', planId: 'team' });
    expect(wrongPlan.status).toBe(400);
    expect(wrongPlan.body.error.details.fields[0].path).toBe('planId');
    const wrongMode = await p.client.post('/api/billing/subscription/cancel', { mode: 'delete' });
    expect(wrongMode.status).toBe(400);
    expect(wrongMode.body.error.details.fields[0].path).toBe('mode');
    expect((await p.client.get('/api/billing/subscription')).body.cancelAtPeriodEnd).toBe(false);
  });

  it('can be undone until the period end: the plan renews as if nothing happened', async () => {
    const p = await paidPortal(server, { members: 3 });
    const { reference } = await cancel(p.client);
    const res = await p.client.post('/api/billing/subscription/resume');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ resumed: 'cancellation', subscription: { planId: 'business', cancelAtPeriodEnd: false } });
    expect((await p.client.get('/api/billing/upcoming-invoice')).body.total).toBe(3000);
    expect((await mailsTo(server, p.owner.email)).some((m) => m.subject.includes(`${reference} withdrawn`))).toBe(true);
    await advanceTo(p.client, p.subscription.currentPeriodEnd);
    expect((await p.client.get('/api/billing/subscription')).body).toMatchObject({ planId: 'business', status: 'active' });
    expect((await usersOf(p.client)).every((u) => u.status === 'active')).toBe(true);
    // Nothing left to undo: nothing changes.
    expect((await p.client.post('/api/billing/subscription/resume')).body.resumed).toBeNull();
  });
});

describe('leaving with an unpaid renewal', () => {
  it('ends the plan at once: the unpaid invoice is voided, the period-end rules apply, no more retries', async () => {
    const p = await paidPortal(server, { members: 3 });
    await saveCard(p.client, CARD.failsOnCharge);
    await advanceTo(p.client, p.subscription.currentPeriodEnd);
    expect((await p.client.get('/api/billing/subscription')).body.status).toBe('past_due');
    const preview = await impactOf(p.client);
    expect(preview).toMatchObject({ refund: { amount: 0 }, usersOverLimit: [expect.anything()] });
    expect((await p.client.get('/api/billing/downgrade-impact?planId=team')).body.error.code).toBe('PAYMENT_REQUIRED');

    const { reference } = await cancel(p.client);
    expect((await p.client.get('/api/billing/subscription')).body).toMatchObject({ planId: 'free', status: 'free' });
    expect((await invoicesOf(p.client)).map((i) => [i.kind, i.status])).toEqual([
      ['renewal', 'void'],
      ['subscription', 'paid'],
    ]);
    expect(ids((await usersOf(p.client)).filter((u) => u.status === 'deactivated'))).toEqual(ids(preview.usersOverLimit));
    const done = (await mailsTo(server, p.owner.email)).filter((m) => m.subject.endsWith('is now on the Free plan'));
    expect(done).toHaveLength(1);
    expect(done[0]!.text).toContain(reference);
    const failed = async () => (await mailsTo(server, p.owner.email)).filter((m) => m.subject.startsWith('Payment failed')).length;
    const before = await failed();
    await advanceDays(p.client, 10);
    expect(await failed()).toBe(before);
  });
});

describe('the period end', () => {
  it('applies exactly the preview: users deactivated, files listed but unavailable, features read-only, add-ons and credit ended', async () => {
    const p = await busyPortal();
    const preview = await impactOf(p.client);
    const { reference } = await cancel(p.client);
    await advanceTo(p.client, p.subscription.currentPeriodEnd);

    expect((await p.client.get('/api/billing/subscription')).body).toMatchObject({ planId: 'free', status: 'free', storageUnits: 0 });
    const applied = (await p.client.get('/api/billing/lifecycle')).body.lastDowngrade;
    expect({ ...applied.impact, effectiveAt: null }).toEqual({ ...preview, effectiveAt: null });

    const users = await usersOf(p.client);
    expect(users).toHaveLength(5);
    expect(ids(users.filter((u) => u.status === 'deactivated'))).toEqual(ids(preview.usersOverLimit));
    const files = await allFiles(p.client);
    expect(files).toHaveLength(4);
    expect(
      files
        .filter((f) => !f.available)
        .map((f) => f.id)
        .sort(),
    ).toEqual(ids(preview.inaccessibleFiles.items));

    const over = files.find((f) => !f.available)!;
    const refused = await fetchBytes(p.client, `/api/drive/files/${over.id}/content`, { authorization: `Bearer ${p.client.token}` });
    expect(refused.status).toBe(402);
    const fine = files.find((f) => f.available)!;
    expect((await fetchBytes(p.client, `/api/drive/files/${fine.id}/content`, { authorization: `Bearer ${p.client.token}` })).status).toBe(200);
    const uploadRefused = await uploadRaw(p.client, 'more.bin', randomFile(10));
    expect(uploadRefused.status).toBe(402);
    expect(uploadRefused.body.error.code).toBe('PLAN_STORAGE_LIMIT');

    // Telephony: the calls stay readable; new ones are refused; the credit is gone as previewed.
    expect((await p.client.get('/api/telephony/calls')).body.items).toHaveLength(1);
    expect((await p.client.post('/api/telephony/calls', { phone: '+1 555 0100 300', direction: 'outbound', durationSeconds: 5 })).status).toBe(402);
    expect((await p.client.get('/api/telephony/balance')).body.balance.amount).toBe(0);
    const ledger = (await p.client.get('/api/telephony/ledger')).body.items;
    expect(ledger[0]).toMatchObject({ kind: 'forfeit', amount: -p.balance });

    const done = (await mailsTo(server, p.owner.email)).filter((m) => m.subject.endsWith('is now on the Free plan'));
    expect(done).toHaveLength(1);
    expect(done[0]!.text).toContain(reference);
    expect(done[0]!.text).toContain('2 users over the 3-seat limit deactivated');
    expect(await auditActions(p.client)).toEqual(
      expect.arrayContaining(['lifecycle.downgrade_applied', 'user.deactivated', 'billing.subscription_downgraded_to_free']),
    );
  });

  it('keeps the records of a paid-only feature visible but read-only', async () => {
    const p = await paidPortal(server, { plan: 'team' });
    const rule = await p.client.post('/api/automations', {
      name: 'Nudge',
      enabled: true,
      trigger: { type: 'record.created', entity: 'contact' },
      conditions: [],
      actions: [{ type: 'add_note', body: 'Welcome' }],
    });
    expect(rule.status, rule.text).toBe(201);
    expect((await impactOf(p.client)).readOnly).toEqual({ automation_rules: 1 });
    await cancel(p.client);
    await advanceTo(p.client, p.subscription.currentPeriodEnd);
    expect((await p.client.get(`/api/automations/${rule.body.id}`)).body).toMatchObject({ name: 'Nudge', readOnly: true });
    const edit = await p.client.patch(`/api/automations/${rule.body.id}`, { name: 'Changed' });
    expect(edit.status).toBe(402);
    expect(edit.body.error.code).toBe('PLAN_FEATURE_REQUIRED');
  });

  it('keeps the users the admin chose, deactivating the others', async () => {
    const p = await paidPortal(server, { admins: 1, members: 3 });
    await cancel(p.client, { mode: 'downgrade', keepUserIds: [p.members[0]!.id, p.members[1]!.id] });
    await advanceTo(p.client, p.subscription.currentPeriodEnd);
    const deactivated = (await usersOf(p.client)).filter((u) => u.status === 'deactivated');
    expect(ids(deactivated)).toEqual(ids([p.admins[0]!, p.members[2]!]));
  });

  it('moves to a cheaper paid plan with only what it lacks taken away', async () => {
    const p = await paidPortal(server, { members: 5 });
    const out = await cancel(p.client, { mode: 'downgrade', planId: 'team' });
    expect(out.subscription).toMatchObject({ planId: 'business', pendingPlanId: 'team', cancelAtPeriodEnd: false });
    await advanceTo(p.client, p.subscription.currentPeriodEnd);
    expect((await p.client.get('/api/billing/subscription')).body).toMatchObject({ planId: 'team', status: 'active' });
    expect((await usersOf(p.client)).filter((u) => u.status === 'deactivated')).toHaveLength(1);
  });

  it('gives everything back on upgrade: the same users active, every file available', async () => {
    const p = await busyPortal();
    await cancel(p.client);
    await advanceTo(p.client, p.subscription.currentPeriodEnd);
    expect((await usersOf(p.client)).filter((u) => u.status === 'deactivated')).toHaveLength(2);
    const up = await p.client.post('/api/billing/subscription', { planId: 'business', interval: 'monthly' });
    expect(up.status, up.text).toBe(200);
    expect((await usersOf(p.client)).every((u) => u.status === 'active')).toBe(true);
    expect((await allFiles(p.client)).every((f) => f.available)).toBe(true);
    expect((await p.client.get('/api/billing/lifecycle')).body.lastDowngrade.restoredAt).not.toBeNull();
    expect(await auditActions(p.client)).toContain('lifecycle.downgrade_restored');
  });

  it('makes files available again once the portal is under quota', async () => {
    const p = await paidPortal(server);
    const files = await uploadFiles(p.client, [6000, 6000]);
    await cancel(p.client);
    await advanceTo(p.client, p.subscription.currentPeriodEnd);
    expect((await allFiles(p.client)).map((f) => [f.name, f.available])).toEqual([
      ['file-1.bin', true],
      ['file-2.bin', false],
    ]);
    expect((await p.client.delete(`/api/drive/files/${files[0]!.id}`)).status).toBe(204);
    expect((await allFiles(p.client)).map((f) => [f.name, f.available])).toEqual([['file-2.bin', true]]);
  });
});

describe('who may', () => {
  it('refuses members every step with 403 naming the admins', async () => {
    const p = await paidPortal(server, { admins: 1, members: 1 });
    const member = p.members[0]!.client;
    for (const res of [
      await member.get('/api/billing/downgrade-impact?planId=free'),
      await member.get('/api/billing/lifecycle'),
      await member.post('/api/billing/subscription/cancel', { mode: 'cancel' }),
      await member.post('/api/billing/subscription/resume'),
      await member.post('/api/billing/subscription/pause', { months: 1 }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.details.admins.map((a: { email: string }) => a.email).sort()).toEqual([p.owner.email, p.admins[0]!.email].sort());
      expect(res.body.error.message).toContain(`Ask ${p.owner.name} (${p.owner.email})`);
    }
  });

  it('lets an admin cancel', async () => {
    const p = await paidPortal(server, { admins: 1 });
    const res = await p.admins[0]!.client.post('/api/billing/subscription/cancel', { mode: 'cancel' });
    expect(res.status, res.text).toBe(200);
  });
});
