import { expect } from 'vitest';
import type { TestClient, TestResponse } from '../../test/client.js';
import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';

/** Cross-portal probes for every billing route (walked by src/test/isolation.test.ts). */
export function billingIsolation(f: IsolationFixture): IsolationModule {
  const { a, b } = f;
  const ids = { invoice: '', number: '' };
  const ok = async (res: Promise<TestResponse>, status = 200) => {
    const r = await res;
    expect(r.status, r.text).toBe(status);
    return r.body;
  };
  const card = (c: TestClient, cardNumber = '4242424242424242') =>
    ok(c.post('/api/billing/payment-method', { cardNumber, expMonth: 12, expYear: 2099, cvc: '123' }));
  const aSubscription = async () => (await a.owner.get('/api/billing/subscription')).body;
  const noLeak = (path: string) => async () => {
    const res = await b.owner.get(path);
    expect(res.status, res.text).toBe(200);
    f.expectNoLeak(res);
  };

  return {
    async setup() {
      await card(a.owner, '5555555555554444');
      await ok(a.owner.post('/api/billing/subscription', { planId: 'business', interval: 'annual' }));
      await ok(a.owner.post('/api/billing/addons', { kind: 'storage', quantity: 3 }), 201);
      await ok(a.owner.post('/api/billing/addons', { kind: 'telephony_credits', quantity: 1 }, { 'idempotency-key': 'a-shared-key' }), 201);
      const [inv] = (await a.owner.get('/api/billing/invoices')).body.items;
      Object.assign(ids, { invoice: inv.id, number: inv.number });
      f.mark(inv.id, inv.number);
    },
    probes: {
      'GET /api/plans': { public: 'the catalog is the same for everyone and holds no portal data' },
      'GET /api/billing/subscription': noLeak('/api/billing/subscription'),
      'GET /api/billing/change-preview': noLeak('/api/billing/change-preview?planId=team&interval=annual'),
      'POST /api/billing/subscription': async () => {
        const res = await b.owner.post('/api/billing/subscription', { planId: 'free', interval: 'monthly' });
        expect(res.status, res.text).toBe(200);
        f.expectNoLeak(res);
        expect(await aSubscription()).toMatchObject({ planId: 'business', interval: 'annual', cancelAtPeriodEnd: false });
      },
      'GET /api/billing/payment-method': async () => {
        const res = await b.owner.get('/api/billing/payment-method');
        expect(res.body.paymentMethod?.last4).not.toBe('4444');
        f.expectNoLeak(res);
      },
      'POST /api/billing/payment-method': async () => {
        f.expectNoLeak(await b.owner.post('/api/billing/payment-method', { cardNumber: '4242424242424242', expMonth: 1, expYear: 2099, cvc: '321' }));
        expect((await a.owner.get('/api/billing/payment-method')).body.paymentMethod).toMatchObject({ last4: '4444', expMonth: 12 });
      },
      'GET /api/billing/invoices': noLeak('/api/billing/invoices?limit=200'),
      'GET /api/billing/invoices/:id': async () => f.expectNotFound(await b.owner.get(`/api/billing/invoices/${ids.invoice}`)),
      'GET /api/billing/invoices/:id/html': async () => f.expectNotFound(await b.owner.get(`/api/billing/invoices/${ids.invoice}/html`)),
      'GET /api/billing/upcoming-invoice': noLeak('/api/billing/upcoming-invoice'),
      'POST /api/billing/addons': async () => {
        // The same Idempotency-Key as A's purchase: B's own request runs; A's answer is never replayed to B.
        const before = (await a.owner.get('/api/telephony/balance')).body.balance.amount;
        const res = await b.owner.post('/api/billing/addons', { kind: 'telephony_credits', quantity: 1 }, { 'idempotency-key': 'a-shared-key' });
        expect(res.status).not.toBe(409);
        f.expectNoLeak(res);
        expect((await a.owner.get('/api/telephony/balance')).body.balance.amount).toBe(before);
      },
      'DELETE /api/billing/addons/storage': async () => {
        f.expectNoLeak(await b.owner.delete('/api/billing/addons/storage'));
        expect(await aSubscription()).toMatchObject({ storageUnits: 3, pendingStorageUnits: null });
      },
      'GET /api/billing/events': noLeak('/api/billing/events?limit=200'),
      'GET /api/test-clock': noLeak('/api/test-clock'),
      'POST /api/test-clock/advance': async () => {
        // Off in this server: 404 for everyone; and it could only ever move the caller's own portal.
        const res = await b.owner.post('/api/test-clock/advance', { days: 400 });
        f.expectNotFound(res);
        expect(await aSubscription()).toMatchObject({ status: 'active', planId: 'business' });
      },
    },
  };
}
