import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import type { TestClient } from '../../test/client.js';
import { addUser } from '../../test/factories.js';
import { CARD, advanceDays, saveCard, signupWithToken, startBillingServer } from '../billing/billing.testkit.js';
import { upload } from '../drive/drive.testkit.js';
import { cancel, paidPortal } from '../lifecycle/lifecycle.testkit.js';
import { consolePortal, operatorClient, overview } from './operators.testkit.js';

/**
 * The operator console (LIF-7) on billing's small catalog (Team $10/mo or
 * $100/yr, Business $30/mo or $300/yr): portals, plan mix, MRR, this month's
 * cancellations and pauses, failed payments. Totals are compared before and
 * after, as other tests add portals to the same server.
 */

let server: TestServer;
let op: TestClient;
beforeAll(async () => {
  server = await startBillingServer();
  op = await operatorClient(server);
});
afterAll(async () => {
  await server?.close();
});

const planCount = (o: { planMix: { planId: string; portals: number }[] }, planId: string) => o.planMix.find((p) => p.planId === planId)?.portals ?? 0;

describe('portals', () => {
  it('lists each portal with plan, seats, storage, status, created and last activity', async () => {
    const p = await paidPortal(server, { plan: 'team', members: 2 });
    await upload(p.client, 'report.txt', 'x'.repeat(1234));
    const res = await op.get(`/api/operator/portals?q=${p.portal.slug}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      id: p.portal.id,
      slug: p.portal.slug,
      status: 'active',
      seats: { used: 3, limit: 5 },
      storage: { usedBytes: 1234, quotaBytes: 50_000 },
      plan: { id: 'team', name: 'Team', status: 'active', interval: 'monthly', cancelAtPeriodEnd: false },
      mrr: 1000,
    });
    expect(Date.parse(res.body.items[0].createdAt)).toBeGreaterThan(0);
    expect(Date.parse(res.body.items[0].lastActivityAt)).toBeGreaterThan(0);
  });

  it('pages newest first with a cursor, and shows a portal on Free as Free', async () => {
    const a = await signupWithToken(server);
    const b = await signupWithToken(server);
    const first = await op.get('/api/operator/portals?limit=1');
    expect(first.body.items[0].id).toBe(b.portal.id);
    expect(first.body.items[0].plan).toMatchObject({ id: 'free', status: 'free' });
    expect(first.body.items[0].mrr).toBe(0);
    const second = await op.get(`/api/operator/portals?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].id).toBe(a.portal.id);
  });

  it('answers 404 for a portal that does not exist, with the usual error shape', async () => {
    const res = await op.get('/api/operator/portals/00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'Portal not found' });
  });
});

describe('totals', () => {
  it('counts portals per plan and the monthly recurring revenue, annual plans as amount / 12', async () => {
    const before = await overview(op);
    await paidPortal(server, { plan: 'team', interval: 'monthly' });
    await paidPortal(server, { plan: 'business', interval: 'annual' });
    await signupWithToken(server);
    const after = await overview(op);
    expect(after.billing).toBe(true);
    expect(after.currency).toBe('USD');
    expect(after.mrr.amount - before.mrr.amount).toBe(1000 + 30000 / 12);
    expect(after.mrr.payingPortals - before.mrr.payingPortals).toBe(2);
    expect(planCount(after, 'team') - planCount(before, 'team')).toBe(1);
    expect(planCount(after, 'business') - planCount(before, 'business')).toBe(1);
    expect(planCount(after, 'free') - planCount(before, 'free')).toBe(1);
    expect(after.portals.total - before.portals.total).toBe(3);
    expect(after.thisMonth.newPortals - before.thisMonth.newPortals).toBe(3);
    expect(after.planMix.map((p: { planId: string }) => p.planId)).toEqual(['free', 'team', 'business']);
    expect(after.plans.map((p: { id: string }) => p.id)).toEqual(['team', 'business']);
  });

  it('lists cancellations with their reasons, and the retention offers taken instead', async () => {
    const before = await overview(op);
    const leaving = await paidPortal(server, { plan: 'team' });
    await cancel(leaving.client, { mode: 'cancel', reason: 'Too expensive for us' });
    const staying = await paidPortal(server, { plan: 'team' });
    const pause = await staying.client.post('/api/billing/subscription/pause', { months: 2, source: 'retention_offer' });
    expect(pause.status, pause.text).toBe(200);

    const res = await op.get('/api/operator/cancellations?limit=10');
    expect(res.status, res.text).toBe(200);
    const of = (id: string) => res.body.items.find((i: { portal: { id: string } }) => i.portal.id === id);
    expect(of(leaving.portal.id)).toMatchObject({
      kind: 'cancellation',
      mode: 'cancel',
      fromPlanId: 'team',
      targetPlanId: 'free',
      reason: 'Too expensive for us',
      retentionOfferTaken: false,
      offerDeclined: 'pause',
      status: 'scheduled',
      portal: { slug: leaving.portal.slug },
    });
    expect(of(staying.portal.id)).toMatchObject({ kind: 'retention_offer', retentionOfferTaken: true, pauseMonths: 2, status: 'active' });

    const after = await overview(op);
    expect(after.thisMonth.cancelled - before.thisMonth.cancelled).toBe(1);
    expect(after.thisMonth.paused - before.thisMonth.paused).toBe(1);
    expect(after.thisMonth.retentionOffersTaken - before.thisMonth.retentionOffersTaken).toBe(1);
    expect(planCount(after, 'team') - planCount(before, 'team')).toBe(2); // until the period ends
    const paused =
      after.planMix.find((p: { planId: string }) => p.planId === 'team').paused -
      (before.planMix.find((p: { planId: string }) => p.planId === 'team')?.paused ?? 0);
    expect(paused).toBe(1);
    expect(after.mrr.amount - before.mrr.amount).toBe(1000); // the paused portal pays nothing while paused
  });

  it('lists failed payments with where the portal stands now', async () => {
    const before = await overview(op);
    const p = await paidPortal(server, { plan: 'team' });
    await saveCard(p.client, CARD.failsOnCharge);
    await advanceDays(p.client, 32);
    const res = await op.get('/api/operator/failed-payments?limit=50');
    expect(res.status, res.text).toBe(200);
    const mine = res.body.items.filter((i: { portal: { id: string } }) => i.portal.id === p.portal.id);
    expect(mine.length).toBeGreaterThanOrEqual(1);
    expect(mine[0]).toMatchObject({
      amount: 1000,
      currency: 'USD',
      subscriptionStatus: 'past_due',
      portal: { slug: p.portal.slug },
      card: expect.stringContaining('0341'),
    });
    const after = await overview(op);
    expect(after.thisMonth.failedPayments - before.thisMonth.failedPayments).toBe(mine.length);
    expect(after.planMix.find((x: { planId: string }) => x.planId === 'team').pastDue).toBeGreaterThanOrEqual(1);
  });
});

describe('acting on a portal', () => {
  it('grants a plan for free until a date: MRR drops, the portal shows it, both audit logs record it', async () => {
    const p = await paidPortal(server, { plan: 'team' });
    const before = await overview(op);
    const until = '2099-01-01';
    const res = await op.post(`/api/operator/portals/${p.portal.id}/comp`, { planId: 'business', until, note: 'Conference sponsor' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.portal).toMatchObject({
      plan: { id: 'business', status: 'trialing', trialEnd: '2099-01-01T00:00:00.000Z', pendingPlanId: 'team' },
      mrr: 0,
      seats: { limit: null },
    });
    const after = await overview(op);
    expect(after.mrr.amount - before.mrr.amount).toBe(-1000);

    // The portal has every Business feature now, and its admins see what happened.
    const sub = (await p.client.get('/api/billing/subscription')).body;
    expect(sub).toMatchObject({
      planId: 'business',
      status: 'trialing',
      trialEnd: '2099-01-01T00:00:00.000Z',
      pendingPlanId: 'team',
      cancelAtPeriodEnd: false,
    });
    const audit = (await p.client.get('/api/audit?limit=50')).body.items;
    expect(audit.find((e: { action: string }) => e.action === 'billing.plan_granted')).toMatchObject({
      actorType: 'operator',
      actor: { name: 'Oscar Operator', email: expect.stringMatching(/@provider\.test$/) },
      details: {
        planId: 'business',
        until: '2099-01-01T00:00:00.000Z',
        operator: { id: expect.any(String), name: 'Oscar Operator', email: expect.stringMatching(/@provider\.test$/) },
      },
    });
    const log = (await op.get(`/api/operator/audit?portalId=${p.portal.id}`)).body.items;
    expect(log[0]).toMatchObject({
      action: 'operator.plan_granted',
      portal: { slug: p.portal.slug },
      details: { planId: 'business', note: 'Conference sponsor' },
    });
    expect(log[0].operator.email).toMatch(/@provider\.test$/);
  });

  it('sends a portal on Free back to Free when its grant ends, unless an admin keeps the plan', async () => {
    const free = await signupWithToken(server);
    const until = new Date(server.deps.clock.now(free.portal.id).getTime() + 10 * 86_400_000).toISOString();
    const res = await op.post(`/api/operator/portals/${free.portal.id}/comp`, { planId: 'team', until });
    expect(res.status, res.text).toBe(200);
    expect(res.body.portal.plan).toMatchObject({ id: 'team', status: 'trialing', cancelAtPeriodEnd: true });
    // Team has automations; Free does not.
    expect((await free.client.get('/api/billing/subscription')).body.planId).toBe('team');
    await advanceDays(free.client, 11);
    expect((await free.client.get('/api/billing/subscription')).body).toMatchObject({ planId: 'free', status: 'free' });
    const invoices = (await free.client.get('/api/billing/invoices')).body.items;
    expect(invoices).toEqual([]);

    // Another admin keeps the plan (and adds a card): at the end it renews at the list price.
    const keeper = await signupWithToken(server);
    await op.post(`/api/operator/portals/${keeper.portal.id}/comp`, { planId: 'team', until });
    await saveCard(keeper.client);
    const kept = await keeper.client.post('/api/billing/subscription', { planId: 'team', interval: 'monthly' });
    expect(kept.status, kept.text).toBe(200);
    expect(kept.body).toMatchObject({ planId: 'team', status: 'trialing', cancelAtPeriodEnd: false, currentPeriodEnd: until });
    await advanceDays(keeper.client, 11);
    expect((await keeper.client.get('/api/billing/subscription')).body).toMatchObject({ planId: 'team', status: 'active' });
    expect((await keeper.client.get('/api/billing/invoices')).body.items).toMatchObject([{ kind: 'renewal', status: 'paid', total: 1000 }]);
  });

  it('extends a trial (or a grant): the old end charges nothing', async () => {
    const p = await signupWithToken(server);
    const firstEnd = new Date(server.deps.clock.now(p.portal.id).getTime() + 5 * 86_400_000).toISOString();
    await op.post(`/api/operator/portals/${p.portal.id}/comp`, { planId: 'team', until: firstEnd });
    const later = new Date(Date.parse(firstEnd) + 20 * 86_400_000).toISOString();
    const res = await op.post(`/api/operator/portals/${p.portal.id}/trial-extension`, { until: later });
    expect(res.status, res.text).toBe(200);
    expect(res.body.portal.plan).toMatchObject({ status: 'trialing', trialEnd: later, currentPeriodEnd: later });
    await advanceDays(p.client, 10);
    expect((await p.client.get('/api/billing/subscription')).body).toMatchObject({ planId: 'team', status: 'trialing' });
    const events = (await p.client.get('/api/billing/events?type=subscription.trial_extended')).body.items;
    expect(events[0].payload).toMatchObject({ from: firstEnd, until: later });
  });

  it('refuses what cannot be done, naming the field', async () => {
    const p = await paidPortal(server, { plan: 'team' });
    const notTrial = await op.post(`/api/operator/portals/${p.portal.id}/trial-extension`, { until: '2099-01-01' });
    expect(notTrial.status).toBe(409);
    const freePlan = await op.post(`/api/operator/portals/${p.portal.id}/comp`, { planId: 'free', until: '2099-01-01' });
    expect(freePlan.status).toBe(400);
    expect(freePlan.body.error.details.fields[0].path).toBe('planId');
    const past = await op.post(`/api/operator/portals/${p.portal.id}/comp`, { planId: 'business', until: '2001-01-01' });
    expect(past.status).toBe(400);
    expect(past.body.error.details.fields[0].path).toBe('until');
    const missing = await op.post('/api/operator/portals/00000000-0000-4000-8000-000000000000/comp', { planId: 'business', until: '2099-01-01' });
    expect(missing.status).toBe(404);
    // Nothing changed.
    expect((await p.client.get('/api/billing/subscription')).body).toMatchObject({ planId: 'team', status: 'active' });
  });

  it('raises the seat limit of a granted plan at once', async () => {
    const p = await signupWithToken(server);
    await addUser(server, p.client);
    await addUser(server, p.client);
    const over = await p.client.post('/api/users/invites', { email: 'fourth@example.test', role: 'member' });
    expect(over.status).toBe(402);
    await op.post(`/api/operator/portals/${p.portal.id}/comp`, { planId: 'team', until: '2099-01-01' });
    expect((await p.client.post('/api/users/invites', { email: 'fourth@example.test', role: 'member' })).status).toBe(201);
    expect((await consolePortal(op, p.portal.id)).portal.seats).toEqual({ used: 3, limit: 5 });
  });
});
