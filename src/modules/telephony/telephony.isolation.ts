import { expect } from 'vitest';
import type { TestClient, TestResponse } from '../../test/client.js';
import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';

/** Cross-portal probes for every telephony route (walked by src/test/isolation.test.ts). */
export function telephonyIsolation(f: IsolationFixture): IsolationModule {
  const { a, b } = f;
  const ids = { contact: '', call: '' };
  const ok = async (res: Promise<TestResponse>, status = 200) => {
    const r = await res;
    expect(r.status, r.text).toBe(status);
    return r.body;
  };
  /** A portal on the plan with telephony, with credit. */
  const withTelephony = async (c: TestClient) => {
    if (!(await c.get('/api/billing/payment-method')).body.paymentMethod) {
      await ok(c.post('/api/billing/payment-method', { cardNumber: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123' }));
    }
    const sub = (await c.get('/api/billing/subscription')).body;
    if (sub.planId !== 'business') await ok(c.post('/api/billing/subscription', { planId: 'business', interval: 'monthly' }));
    await ok(c.post('/api/billing/addons', { kind: 'telephony_credits', quantity: 2 }), 201);
  };
  const aBalance = async () => (await a.owner.get('/api/telephony/balance')).body.balance.amount as number;

  return {
    async setup() {
      await withTelephony(a.owner);
      await withTelephony(b.owner);
      ids.contact = (await ok(a.owner.post('/api/crm/contacts', { firstName: 'Caller', lastName: 'Secret-A' }), 201)).id;
      ids.call = (
        await ok(a.member.post('/api/telephony/calls', { phone: '+1 555 0100 777', direction: 'inbound', durationSeconds: 90, contactId: ids.contact }), 201)
      ).id;
      await ok(a.owner.patch('/api/telephony/settings', { autoTopUp: { enabled: true, thresholdAmount: 123, topUpQuantity: 7 } }));
      f.mark(ids.contact, ids.call, '555 0100 777', '15550100777');
    },
    probes: {
      'GET /api/telephony/balance': async () => {
        const res = await b.owner.get('/api/telephony/balance');
        expect(res.body.balance.amount).not.toBe(await aBalance());
        f.expectNoLeak(res);
      },
      'GET /api/telephony/ledger': async () => {
        const res = await b.owner.get('/api/telephony/ledger?limit=200');
        expect(res.body.items.some((e: { kind: string }) => e.kind === 'call')).toBe(false);
        f.expectNoLeak(res);
      },
      'POST /api/telephony/calls': async () => {
        const before = await aBalance();
        const res = await b.owner.post('/api/telephony/calls', { phone: '+1 555 0199', direction: 'outbound', durationSeconds: 60, contactId: ids.contact });
        expect(res.status, res.text).toBe(400);
        expect(res.body.error.code).toBe('INVALID_REFERENCE');
        f.expectNoLeak(res);
        expect(await aBalance()).toBe(before);
      },
      'GET /api/telephony/calls': async () => {
        for (const url of ['/api/telephony/calls?limit=200', `/api/telephony/calls?contactId=${ids.contact}`]) {
          const res = await b.owner.get(url);
          expect(res.status).toBe(200);
          f.expectNoLeak(res);
        }
        expect((await b.owner.get(`/api/telephony/calls?contactId=${ids.contact}`)).body.items).toEqual([]);
      },
      'GET /api/telephony/settings': async () => {
        const res = await b.owner.get('/api/telephony/settings');
        expect(res.body.autoTopUp).toEqual({ enabled: false, thresholdAmount: 0, topUpQuantity: 1 });
      },
      'PATCH /api/telephony/settings': async () => {
        await ok(b.owner.patch('/api/telephony/settings', { autoTopUp: { enabled: false, thresholdAmount: 0, topUpQuantity: 2 } }));
        expect((await a.owner.get('/api/telephony/settings')).body.autoTopUp).toEqual({ enabled: true, thresholdAmount: 123, topUpQuantity: 7 });
      },
    },
  };
}
