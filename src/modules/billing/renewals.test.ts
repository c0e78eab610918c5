import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import type { TestClient } from '../../test/client.js';
import { startTestServer } from '../../test/harness.js';
import {
  CARD,
  advanceDays,
  choosePlan,
  daysBetween,
  invoicesOf,
  saveCard,
  signupWithToken,
  startBillingServer,
  subjectsTo,
  testCatalog,
  writePlansFile,
} from './billing.testkit.js';

/** The subscription state machine, driven by the test clock (POST /api/test-clock/advance). */

let server: TestServer;
beforeAll(async () => {
  server = await startBillingServer();
});
afterAll(async () => {
  await server?.close();
});

const subscription = async (client: TestClient) => (await client.get('/api/billing/subscription')).body;
const advanceTo = async (client: TestClient, to: string) => {
  const res = await client.post('/api/test-clock/advance', { to });
  expect(res.status, res.text).toBe(200);
};
const events = async (client: TestClient, type: string) =>
  (await client.get(`/api/billing/events?limit=200&type=${type}`)).body.items as { createdAt: string; payload: Record<string, unknown> }[];
const failedMails = async (email: string) => (await subjectsTo(server, email)).filter((s) => s.startsWith('Payment failed'));

describe('renewal at the period end (BIL-2)', () => {
  it('charges the next period and keeps the plan active', async () => {
    const { client, user } = await signupWithToken(server);
    await saveCard(client);
    const first = await choosePlan(client, 'team', 'monthly');
    await advanceTo(client, first.currentPeriodEnd);
    const sub = await subscription(client);
    expect(sub).toMatchObject({ planId: 'team', status: 'active', currentPeriodStart: first.currentPeriodEnd });
    expect([28, 29, 30, 31]).toContain(daysBetween(sub.currentPeriodStart, sub.currentPeriodEnd));
    const [renewal] = await invoicesOf(client);
    expect(renewal).toMatchObject({ kind: 'renewal', status: 'paid', total: 1000, periodStart: first.currentPeriodEnd, periodEnd: sub.currentPeriodEnd });
    expect((await subjectsTo(server, user.email)).filter((s) => s.startsWith('Receipt'))).toHaveLength(2);
  });

  it('renews once per period when the clock jumps several periods, each at its own time', async () => {
    const { client } = await signupWithToken(server);
    await saveCard(client);
    const first = await choosePlan(client, 'team', 'monthly');
    await advanceDays(client, 95);
    const renewals = (await invoicesOf(client)).filter((i) => i.kind === 'renewal').reverse();
    expect(renewals).toHaveLength(3);
    expect(renewals[0]!.periodStart).toBe(first.currentPeriodEnd);
    for (let i = 1; i < renewals.length; i++) expect(renewals[i]!.periodStart).toBe(renewals[i - 1]!.periodEnd);
    const issued = (await events(client, 'subscription.renewed')).map((e) => e.payload.periodEnd);
    expect(new Set(issued).size).toBe(3);
  });

  it('applies a scheduled downgrade when the period ends', async () => {
    const { client } = await signupWithToken(server);
    await saveCard(client);
    const biz = await choosePlan(client, 'business', 'monthly');
    await choosePlan(client, 'team', 'annual');
    await advanceTo(client, biz.currentPeriodEnd);
    expect(await subscription(client)).toMatchObject({ planId: 'team', interval: 'annual', status: 'active', pendingPlanId: null });
    const [renewal] = await invoicesOf(client);
    expect(renewal).toMatchObject({ kind: 'renewal', total: 10000 });
  });

  it('ends a monthly plan cancelled for the period end on Free, without a refund', async () => {
    const { client } = await signupWithToken(server);
    await saveCard(client);
    const sub = await choosePlan(client, 'team', 'monthly');
    await choosePlan(client, 'free', 'monthly');
    await advanceTo(client, sub.currentPeriodEnd);
    expect(await subscription(client)).toMatchObject({ planId: 'free', status: 'free' });
    expect((await invoicesOf(client)).map((i) => i.kind)).toEqual(['subscription']);
  });

  it('mails a reminder 7 days before an annual renewal', async () => {
    const { client, user } = await signupWithToken(server);
    await saveCard(client);
    const sub = await choosePlan(client, 'team', 'annual');
    const reminder = (s: string) => s.includes('renews on');
    await advanceTo(client, new Date(Date.parse(sub.currentPeriodEnd) - 8 * 86_400_000).toISOString());
    expect((await subjectsTo(server, user.email)).filter(reminder)).toEqual([]);
    await advanceDays(client, 1.5);
    expect((await subjectsTo(server, user.email)).filter(reminder)).toEqual([expect.stringContaining(`renews on ${sub.currentPeriodEnd.slice(0, 10)}`)]);
  });
});

describe('failed renewal (BIL-3)', () => {
  it('goes past_due, retries on days 1, 3 and 5 with a mail each, then drops to Free and keeps the data', async () => {
    const { client, user } = await signupWithToken(server);
    const contact = await client.post('/api/crm/contacts', { firstName: 'Kept', lastName: 'Forever' });
    expect(contact.status, contact.text).toBe(201);
    await saveCard(client);
    const sub = await choosePlan(client, 'team', 'monthly');
    await saveCard(client, CARD.failsOnCharge); // attaches fine, every charge fails

    await advanceTo(client, sub.currentPeriodEnd);
    expect(await subscription(client)).toMatchObject({ planId: 'team', status: 'past_due', pastDueSince: expect.any(String) });
    const [open] = await invoicesOf(client);
    expect(open).toMatchObject({ kind: 'renewal', status: 'open', total: 1000 });
    expect(await failedMails(user.email)).toHaveLength(1);

    await advanceDays(client, 1);
    expect(await failedMails(user.email)).toHaveLength(2);
    expect((await subscription(client)).status).toBe('past_due');
    await advanceDays(client, 2);
    expect(await failedMails(user.email)).toHaveLength(3);
    expect((await subscription(client)).status).toBe('past_due');
    await advanceDays(client, 2);
    expect(await failedMails(user.email)).toHaveLength(4);

    expect(await subscription(client)).toMatchObject({ planId: 'free', status: 'free' });
    expect((await client.get(`/api/billing/invoices/${open!.id}`)).body.status).toBe('void');
    const failedAt = Date.parse((await events(client, 'subscription.renewal_failed'))[0]!.createdAt);
    const retries = (await events(client, 'subscription.retry_failed')).map((e) => Math.round((Date.parse(e.createdAt) - failedAt) / 86_400_000)).sort();
    expect(retries).toEqual([1, 3, 5]);
    // Never deletes data: the contact is still there, and so is every invoice.
    expect((await client.get(`/api/crm/contacts/${contact.body.id}`)).body).toMatchObject({ firstName: 'Kept' });
    expect(await invoicesOf(client)).toHaveLength(2);
  });

  it('pays the open invoice at once with a new card and is active again', async () => {
    const { client } = await signupWithToken(server);
    await saveCard(client);
    const sub = await choosePlan(client, 'team', 'monthly');
    await saveCard(client, CARD.failsOnCharge);
    await advanceTo(client, sub.currentPeriodEnd);
    expect((await subscription(client)).status).toBe('past_due');
    const blocked = await client.post('/api/billing/subscription', { planId: 'business', interval: 'monthly' });
    expect(blocked.status).toBe(402);
    await saveCard(client);
    expect(await subscription(client)).toMatchObject({ status: 'active', pastDueSince: null, planId: 'team' });
    const [renewal] = await invoicesOf(client);
    expect(renewal).toMatchObject({ kind: 'renewal', status: 'paid' });
    // The retries that were scheduled find nothing left to do.
    await advanceDays(client, 6);
    expect((await subscription(client)).status).toBe('active');
  });
});

describe('extra storage (BIL-5)', () => {
  it('charges the days left now, bills it with each renewal, and ends at the period end when removed', async () => {
    const { client } = await signupWithToken(server);
    await saveCard(client);
    const sub = await choosePlan(client, 'team', 'monthly');
    const free = await client.post('/api/billing/addons', { kind: 'storage', quantity: 2 });
    expect(free.status, free.text).toBe(201);
    expect(free.body.subscription.storageUnits).toBe(2);
    const [addon] = await invoicesOf(client);
    expect(addon).toMatchObject({ kind: 'addon', status: 'paid' });
    expect(addon!.total).toBeLessThanOrEqual(400);
    expect(addon!.total).toBeGreaterThanOrEqual(Math.floor((400 * 27) / 31));
    expect((await client.get('/api/drive/usage')).body.quotaBytes).toBe(50_000 + 2 * 10_000);
    expect((await client.get('/api/billing/upcoming-invoice')).body.total).toBe(1000 + 400);

    const removed = await client.delete('/api/billing/addons/storage');
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ storageUnits: 2, pendingStorageUnits: 0 });
    expect((await client.get('/api/billing/upcoming-invoice')).body.total).toBe(1000);
    await advanceTo(client, sub.currentPeriodEnd);
    expect((await subscription(client)).storageUnits).toBe(0);
    expect((await client.get('/api/drive/usage')).body.quotaBytes).toBe(50_000);
  });

  it('is billed with a paid plan only', async () => {
    const { client } = await signupWithToken(server);
    await saveCard(client);
    const res = await client.post('/api/billing/addons', { kind: 'storage', quantity: 1 });
    expect(res.status).toBe(402);
    expect(res.body.error.code).toBe('PLAN_FEATURE_REQUIRED');
    expect(res.body.error.message).toContain('Upgrade to Team');
  });
});

describe('test clock', () => {
  it('only moves forward', async () => {
    const { client } = await signupWithToken(server);
    const res = await client.post('/api/test-clock/advance', { to: '2001-01-01T00:00:00Z' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0].path).toBe('to');
  });

  it("moves only the caller's portal", async () => {
    const a = await signupWithToken(server);
    const b = await signupWithToken(server);
    const before = Date.parse((await b.client.get('/api/test-clock')).body.now);
    await advanceDays(a.client, 10);
    const afterA = Date.parse((await a.client.get('/api/test-clock')).body.now);
    const afterB = Date.parse((await b.client.get('/api/test-clock')).body.now);
    expect(afterA - before).toBeGreaterThanOrEqual(10 * 86_400_000);
    expect(afterB - before).toBeLessThan(60_000);
  });
});

describe('free trial', () => {
  let trialServer: TestServer;
  beforeAll(async () => {
    const catalog = { ...testCatalog, plans: testCatalog.plans.map((p) => (p.id === 'team' ? { ...p, trialDays: 14 } : p)) };
    trialServer = await startTestServer({ env: { TEST_CLOCK: '1', PLANS_FILE: writePlansFile(catalog) } });
  });
  afterAll(async () => {
    await trialServer?.close();
  });

  it('charges nothing during the trial, then the first period when it ends; once per portal', async () => {
    const { client } = await signupWithToken(trialServer);
    await saveCard(client);
    const sub = await choosePlan(client, 'team', 'monthly');
    expect(sub).toMatchObject({ status: 'trialing', trialEnd: sub.currentPeriodEnd });
    expect(daysBetween(sub.currentPeriodStart, sub.trialEnd)).toBe(14);
    expect(await invoicesOf(client)).toEqual([]);
    await advanceTo(client, sub.trialEnd);
    expect(await subscription(client)).toMatchObject({ status: 'active', trialEnd: null, currentPeriodStart: sub.trialEnd });
    expect((await invoicesOf(client))[0]).toMatchObject({ kind: 'renewal', status: 'paid', total: 1000 });
    // Back to Free and again to Team: no second trial.
    await choosePlan(client, 'free');
    await advanceTo(client, (await subscription(client)).currentPeriodEnd);
    expect((await choosePlan(client, 'team')).status).toBe('active');
  });
});
