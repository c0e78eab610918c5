import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import { portalWithTeam, signupPortal } from '../../test/factories.js';
import { seedBillingDemo } from '../../cli/demo/billing.demo.js';
import { CARD, choosePlan, daysBetween, invoicesOf, saveCard, signupWithToken, startBillingServer, subjectsTo, testCatalog } from './billing.testkit.js';

let server: TestServer;
beforeAll(async () => {
  server = await startBillingServer();
});
afterAll(async () => {
  await server?.close();
});

describe('plan catalog (BIL-1)', () => {
  it('serves the operator’s PLANS_FILE to anyone, with every price and limit', async () => {
    const res = await server.client().get('/api/plans');
    expect(res.status).toBe(200);
    expect(res.body.currency).toBe('USD');
    expect(res.body.plans.map((p: { id: string }) => p.id)).toEqual(['free', 'team', 'business']);
    expect(res.body.plans[1]).toMatchObject({
      name: 'Team',
      prices: { monthly: { amount: 1000 }, annual: { amount: 10000 } },
      limits: { seats: 5, storageBytes: 50_000 },
    });
    expect(res.body.addons).toEqual(testCatalog.addons);
  });
});

describe('subscription and card (BIL-2, BIL-3)', () => {
  it('puts a new portal on Free, with no period and nothing to pay', async () => {
    const { client } = await signupPortal(server);
    const sub = await client.get('/api/billing/subscription');
    expect(sub.body).toMatchObject({ planId: 'free', status: 'free', currentPeriodEnd: null, cancelAtPeriodEnd: false });
    expect((await client.get('/api/billing/upcoming-invoice')).body).toEqual({ total: 0, currency: 'USD', lines: [], date: null });
    expect((await client.get('/api/billing/payment-method')).body).toEqual({ paymentMethod: null });
  });

  it('stores a card as a token with brand, last 4 and expiry — never the number or the CVC', async () => {
    const { client, portal } = await signupPortal(server);
    const body = await saveCard(client, '4242 4242 4242 4242');
    expect(body.paymentMethod).toMatchObject({ brand: 'visa', last4: '4242', expMonth: 12, expYear: 2099 });
    const row = await server.deps.db.selectFrom('payment_methods').selectAll().where('portal_id', '=', portal.id).executeTakeFirstOrThrow();
    expect(row.token).toMatch(/^tok_test_/);
    expect(JSON.stringify(row)).not.toContain('4242424242424242');
    expect(JSON.stringify(row)).not.toContain('"123"');
  });

  it('answers a declined card with 402 CARD_DECLINED and keeps the card on file as it was', async () => {
    const { client } = await signupPortal(server);
    await saveCard(client);
    const res = await client.post('/api/billing/payment-method', { cardNumber: CARD.declined, expMonth: 1, expYear: 2099, cvc: '123' });
    expect(res.status).toBe(402);
    expect(res.body.error.code).toBe('CARD_DECLINED');
    expect((await client.get('/api/billing/payment-method')).body.paymentMethod.last4).toBe('4242');
  });

  it('refuses a number that is not a card, and an expired card, naming the field', async () => {
    const { client } = await signupPortal(server);
    const bad = await client.post('/api/billing/payment-method', { cardNumber: '4242424242424241', expMonth: 1, expYear: 2099, cvc: '123' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('cardNumber');
    const old = await client.post('/api/billing/payment-method', { cardNumber: CARD.ok, expMonth: 1, expYear: 2020, cvc: '123' });
    expect(old.status).toBe(400);
    expect(old.body.error.details.fields[0].path).toBe('expYear');
  });

  it('will not start a paid plan without a card (402 PAYMENT_METHOD_REQUIRED), and changes nothing', async () => {
    const { client } = await signupPortal(server);
    const res = await client.post('/api/billing/subscription', { planId: 'team', interval: 'monthly' });
    expect(res.status).toBe(402);
    expect(res.body.error.code).toBe('PAYMENT_METHOD_REQUIRED');
    expect((await client.get('/api/billing/subscription')).body.status).toBe('free');
    expect(await invoicesOf(client)).toEqual([]);
  });

  it('starts a paid plan at once: a paid invoice for the period, a receipt, status active', async () => {
    const { client, user } = await signupPortal(server);
    await saveCard(client);
    const preview = await client.get('/api/billing/change-preview?planId=team&interval=monthly');
    expect(preview.body).toMatchObject({ kind: 'start', chargeNow: 1000, credit: 0, refund: 0, paymentMethodRequired: false });
    const sub = await choosePlan(client, 'team', 'monthly');
    expect(sub).toMatchObject({ planId: 'team', planName: 'Team', interval: 'monthly', status: 'active', cancelAtPeriodEnd: false });
    expect([28, 29, 30, 31]).toContain(daysBetween(sub.currentPeriodStart, sub.currentPeriodEnd));
    const [inv] = await invoicesOf(client);
    expect(inv).toMatchObject({ kind: 'subscription', status: 'paid', total: 1000, periodStart: sub.currentPeriodStart, periodEnd: sub.currentPeriodEnd });
    expect(inv!.number).toMatch(/^SK-\d{6}$/);
    expect(inv!.lines).toEqual([expect.objectContaining({ description: 'Team plan (monthly)', amount: 1000, quantity: 1 })]);
    expect(await subjectsTo(server, user.email)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Receipt SK-\d{6} .*\$10\.00 paid$/), expect.stringContaining('is now on the Team plan')]),
    );
    const upcoming = await client.get('/api/billing/upcoming-invoice');
    expect(upcoming.body).toMatchObject({ total: 1000, date: sub.currentPeriodEnd });
  });

  it('upgrades at once and charges exactly the previewed difference for the days left', async () => {
    const { client } = await signupPortal(server);
    await saveCard(client);
    const team = await choosePlan(client, 'team', 'monthly');
    server.clock.advance(10 * 86_400_000 + 3_600_000, (await client.get('/api/me')).body.portal.id);
    const preview = (await client.get('/api/billing/change-preview?planId=business&interval=monthly')).body;
    expect(preview.kind).toBe('upgrade');
    const total = daysBetween(team.currentPeriodStart, team.currentPeriodEnd);
    const left = total - 11;
    expect(preview.credit).toBe(Math.floor((1000 * left) / total));
    expect(preview.chargeNow).toBe(Math.floor((3000 * left) / total) - preview.credit);
    const sub = await choosePlan(client, 'business', 'monthly');
    expect(sub).toMatchObject({ planId: 'business', status: 'active', currentPeriodEnd: team.currentPeriodEnd });
    const [proration] = await invoicesOf(client);
    expect(proration).toMatchObject({ kind: 'proration', status: 'paid', total: preview.chargeNow });
    expect(proration!.lines.map((l) => l.amount)).toEqual(preview.lines.map((l: { amount: number }) => l.amount));
  });

  it('schedules a downgrade for the period end and undoes it when the current plan is chosen again', async () => {
    const { client } = await signupPortal(server);
    await saveCard(client);
    const biz = await choosePlan(client, 'business', 'monthly');
    const preview = (await client.get('/api/billing/change-preview?planId=team&interval=monthly')).body;
    expect(preview).toMatchObject({
      kind: 'downgrade',
      chargeNow: 0,
      effectiveAt: biz.currentPeriodEnd,
      nextInvoice: { date: biz.currentPeriodEnd, total: 1000 },
    });
    const down = await choosePlan(client, 'team', 'monthly');
    expect(down).toMatchObject({ planId: 'business', pendingPlanId: 'team', pendingInterval: 'monthly', currentPeriodEnd: biz.currentPeriodEnd });
    expect((await client.get('/api/billing/upcoming-invoice')).body.total).toBe(1000);
    expect(await invoicesOf(client)).toHaveLength(1);
    const undone = await choosePlan(client, 'business', 'monthly');
    expect(undone).toMatchObject({ planId: 'business', pendingPlanId: null });
    expect((await client.get('/api/billing/upcoming-invoice')).body.total).toBe(3000);
  });

  it('treats annual → monthly as a downgrade and monthly → annual as an upgrade that starts a new year', async () => {
    const { client } = await signupPortal(server);
    await saveCard(client);
    await choosePlan(client, 'team', 'monthly');
    const preview = (await client.get('/api/billing/change-preview?planId=team&interval=annual')).body;
    expect(preview.kind).toBe('upgrade');
    expect(preview.chargeNow + preview.credit).toBe(10000);
    const annual = await choosePlan(client, 'team', 'annual');
    expect(daysBetween(annual.currentPeriodStart, annual.currentPeriodEnd)).toBeGreaterThanOrEqual(365);
    expect((await client.get('/api/billing/change-preview?planId=team&interval=monthly')).body.kind).toBe('downgrade');
  });

  it('shows the annual refund of unused whole months before confirming, and the credit note equals it', async () => {
    const { client, portal } = await signupWithToken(server);
    await saveCard(client);
    const annual = await choosePlan(client, 'team', 'annual');
    server.clock.advance(40 * 86_400_000, portal.id); // into the second month: 10 whole months unused
    const preview = (await client.get('/api/billing/change-preview?planId=free&interval=monthly')).body;
    expect(preview).toMatchObject({ kind: 'cancel', refund: Math.floor((10000 * 10) / 12), chargeNow: 0, nextInvoice: { total: 0 } });
    expect(preview.refundPolicy).toMatch(/unused whole months/);
    const cancelled = await choosePlan(client, 'free', 'monthly');
    expect(cancelled).toMatchObject({
      planId: 'team',
      status: 'active',
      cancelAtPeriodEnd: true,
      pendingPlanId: 'free',
      currentPeriodEnd: preview.effectiveAt,
    });
    expect(Date.parse(preview.effectiveAt)).toBeLessThan(Date.parse(annual.currentPeriodEnd));
    expect((await client.get('/api/billing/upcoming-invoice')).body.total).toBe(0);
    const adv = await client.post('/api/test-clock/advance', { to: preview.effectiveAt });
    expect(adv.status).toBe(200);
    expect((await client.get('/api/billing/subscription')).body).toMatchObject({ planId: 'free', status: 'free' });
    const [note] = await invoicesOf(client);
    expect(note).toMatchObject({ kind: 'credit_note', status: 'paid', total: -preview.refund });
  });

  it('undoes an annual cancel with one click: the full year again, and no refund', async () => {
    const { client, portal } = await signupWithToken(server);
    await saveCard(client);
    const annual = await choosePlan(client, 'team', 'annual');
    server.clock.advance(40 * 86_400_000, portal.id);
    const cancelled = await choosePlan(client, 'free', 'monthly');
    expect(cancelled.currentPeriodEnd).not.toBe(annual.currentPeriodEnd);
    const kept = await choosePlan(client, 'team', 'annual');
    expect(kept).toMatchObject({ planId: 'team', cancelAtPeriodEnd: false, pendingPlanId: null, currentPeriodEnd: annual.currentPeriodEnd });
    expect((await client.post('/api/test-clock/advance', { to: cancelled.currentPeriodEnd })).status).toBe(200);
    expect((await client.get('/api/billing/subscription')).body).toMatchObject({ planId: 'team', status: 'active' });
    expect((await invoicesOf(client)).map((i) => i.kind)).toEqual(['subscription']);
  });

  it('gives no refund for the rest of a monthly period: the plan runs to its end', async () => {
    const { client } = await signupPortal(server);
    await saveCard(client);
    const sub = await choosePlan(client, 'team', 'monthly');
    const preview = (await client.get('/api/billing/change-preview?planId=free&interval=monthly')).body;
    expect(preview).toMatchObject({ kind: 'cancel', refund: 0, effectiveAt: sub.currentPeriodEnd });
    expect(preview.refundPolicy).toMatch(/no refund/);
  });

  it('refuses an unknown plan naming planId', async () => {
    const { client } = await signupPortal(server);
    const res = await client.post('/api/billing/subscription', { planId: 'platinum', interval: 'monthly' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0].path).toBe('planId');
  });
});

describe('invoices (BIL-3)', () => {
  it('numbers invoices gaplessly across portals, and a refused change takes no number', async () => {
    const a = await signupPortal(server);
    const b = await signupPortal(server);
    await saveCard(a.client);
    await saveCard(b.client);
    await choosePlan(a.client, 'team');
    await saveCard(b.client, CARD.failsOnCharge);
    const refused = await b.client.post('/api/billing/subscription', { planId: 'team', interval: 'monthly' });
    expect(refused.status).toBe(402);
    expect(refused.body.error.code).toBe('CARD_DECLINED');
    await saveCard(b.client);
    await choosePlan(b.client, 'team');
    const na = Number((await invoicesOf(a.client))[0]!.number.slice(3));
    const nb = Number((await invoicesOf(b.client))[0]!.number.slice(3));
    expect(nb).toBe(na + 1);
    const all = await server.deps.db.selectFrom('invoices').select('number').execute();
    const numbers = all.map((r) => Number(r.number.slice(3))).sort((x, y) => x - y);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });

  it('shows one invoice as JSON and as a printable HTML page', async () => {
    const { client, portal } = await signupPortal(server, { name: 'Print & Co <test>' });
    await saveCard(client);
    await choosePlan(client, 'team');
    const [inv] = await invoicesOf(client);
    expect((await client.get(`/api/billing/invoices/${inv!.id}`)).body).toMatchObject({ id: inv!.id, total: 1000, currency: 'USD' });
    const html = await client.get(`/api/billing/invoices/${inv!.id}/html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(html.text).toContain(`Invoice ${inv!.number}`);
    expect(html.text).toContain('$10.00');
    expect(html.text).toContain('Print &amp; Co &lt;test&gt;');
    expect(html.text).toContain(portal.slug);
  });

  it('answers 404 for an invoice that does not exist', async () => {
    const { client } = await signupPortal(server);
    expect((await client.get('/api/billing/invoices/nope')).status).toBe(404);
  });
});

describe('who may see billing (ACC-4)', () => {
  it('refuses members with 403 naming the admins', async () => {
    const team = await portalWithTeam(server);
    const res = await team.member.get('/api/billing/subscription');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(res.body.error.message).toContain('Olivia Owner');
    expect((await team.admin.get('/api/billing/subscription')).status).toBe(200);
  });
});

describe('demo data', () => {
  it('puts the demo portal on Business with storage, credit and calls', async () => {
    const { client, portal, user } = await signupPortal(server);
    await seedBillingDemo({ deps: server.deps, portalId: portal.id, actor: { type: 'user', userId: user.id, role: 'owner' }, ip: null, userAgent: 'test' });
    expect((await client.get('/api/billing/subscription')).body).toMatchObject({ planId: 'business', status: 'active', storageUnits: 1 });
    expect((await client.get('/api/telephony/calls')).body.items).toHaveLength(5);
    expect((await client.get('/api/telephony/balance')).body.balance.amount).toBeGreaterThan(0);
  });
});
