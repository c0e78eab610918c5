import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import type { TestClient } from '../../test/client.js';
import { portalWithTeam, signupPortal } from '../../test/factories.js';
import { CARD, choosePlan, invoicesOf, saveCard, startBillingServer } from '../billing/billing.testkit.js';
import { billedMinutes } from './rating.js';

/** TEL-1 / BIL-5 with the test catalog: Business has telephony; credit is sold in $5 units; a minute costs $0.10. */

let server: TestServer;
beforeAll(async () => {
  server = await startBillingServer();
});
afterAll(async () => {
  await server?.close();
});

async function businessPortal() {
  const p = await signupPortal(server);
  await saveCard(p.client);
  await choosePlan(p.client, 'business');
  return p;
}
const balance = async (c: TestClient) => (await c.get('/api/telephony/balance')).body.balance.amount as number;
const buy = async (c: TestClient, quantity: number) => {
  const res = await c.post('/api/billing/addons', { kind: 'telephony_credits', quantity });
  expect(res.status, res.text).toBe(201);
  return res.body;
};
const call = (c: TestClient, body: Record<string, unknown>) => c.post('/api/telephony/calls', { phone: '+49 30 1234567', direction: 'outbound', ...body });

describe('per started minute', () => {
  it.each([
    [0, 0],
    [1, 1],
    [60, 1],
    [61, 2],
    [3600, 60],
  ])('%i seconds are %i billed minutes', (s, m) => expect(billedMinutes(s)).toBe(m));
});

describe('prepaid balance (BIL-5)', () => {
  it('starts at zero, grows by the credit bought, and is the sum of the ledger', async () => {
    const { client } = await businessPortal();
    expect((await client.get('/api/telephony/balance')).body).toEqual({ balance: { amount: 0, currency: 'USD' } });
    const bought = await buy(client, 2);
    expect(bought).toMatchObject({ kind: 'telephony_credits', quantity: 2, balance: { amount: 1000, currency: 'USD' } });
    const [inv] = await invoicesOf(client);
    expect(inv).toMatchObject({ kind: 'credits', status: 'paid', total: 1000 });
    await call(client, { durationSeconds: 125 });
    const ledger = (await client.get('/api/telephony/ledger')).body.items as { kind: string; amount: number }[];
    expect(ledger.map((e) => [e.kind, e.amount])).toEqual([
      ['call', -30],
      ['purchase', 1000],
    ]);
    expect(await balance(client)).toBe(970);
  });

  it('needs the telephony feature to buy credit', async () => {
    const p = await signupPortal(server);
    await saveCard(p.client);
    const res = await p.client.post('/api/billing/addons', { kind: 'telephony_credits', quantity: 1 });
    expect(res.status).toBe(402);
    expect(res.body.error.code).toBe('PLAN_FEATURE_REQUIRED');
  });

  it('keeps the balance when the card is declined, and charges nothing', async () => {
    const { client } = await businessPortal();
    await saveCard(client, CARD.failsOnCharge);
    const res = await client.post('/api/billing/addons', { kind: 'telephony_credits', quantity: 1 });
    expect(res.status).toBe(402);
    expect(res.body.error.code).toBe('CARD_DECLINED');
    expect(await balance(client)).toBe(0);
    expect((await invoicesOf(client)).map((i) => i.kind)).toEqual(['subscription']);
  });
});

describe('calls (TEL-1)', () => {
  it('logs a call with its cost and deducts it from the balance', async () => {
    const { client } = await businessPortal();
    await buy(client, 1);
    const res = await call(client, { direction: 'inbound', durationSeconds: 61, startedAt: '2026-03-02T10:00:00Z' });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      phone: '+49 30 1234567',
      direction: 'inbound',
      durationSeconds: 61,
      billedMinutes: 2,
      cost: { amount: 20, currency: 'USD' },
      startedAt: '2026-03-02T10:00:00.000Z',
    });
    expect(await balance(client)).toBe(480);
  });

  it('refuses a call the balance does not cover with 402 INSUFFICIENT_CREDIT and logs nothing', async () => {
    const { client } = await businessPortal();
    await buy(client, 1);
    const res = await call(client, { durationSeconds: 51 * 60 });
    expect(res.status).toBe(402);
    expect(res.body.error.code).toBe('INSUFFICIENT_CREDIT');
    expect(res.body.error.message).toContain('$5.10');
    expect((await client.get('/api/telephony/calls')).body.items).toEqual([]);
    expect(await balance(client)).toBe(500);
  });

  it('costs nothing for a call that never connected', async () => {
    const { client } = await businessPortal();
    const res = await call(client, { durationSeconds: 0 });
    expect(res.status).toBe(201);
    expect(res.body.cost.amount).toBe(0);
  });

  it('links a call to a CRM contact and lists the contact’s calls', async () => {
    const { client } = await businessPortal();
    await buy(client, 1);
    const anna = (await client.post('/api/crm/contacts', { firstName: 'Anna' })).body;
    const ben = (await client.post('/api/crm/contacts', { firstName: 'Ben' })).body;
    await call(client, { durationSeconds: 30, contactId: anna.id });
    await call(client, { durationSeconds: 30, contactId: ben.id });
    await call(client, { durationSeconds: 30 });
    const annas = (await client.get(`/api/telephony/calls?contactId=${anna.id}`)).body.items;
    expect(annas).toHaveLength(1);
    expect(annas[0].contactId).toBe(anna.id);
    expect((await client.get('/api/telephony/calls')).body.items).toHaveLength(3);
  });

  it('refuses a contactId that is not a contact of this portal, naming the field', async () => {
    const { client } = await businessPortal();
    await buy(client, 1);
    const other = await signupPortal(server);
    const theirs = (await other.client.post('/api/crm/contacts', { firstName: 'Theirs' })).body;
    for (const contactId of [theirs.id, 'no-such-contact']) {
      const res = await call(client, { durationSeconds: 30, contactId });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_REFERENCE');
      expect(res.body.error.details.fields[0].path).toBe('contactId');
    }
    expect(await balance(client)).toBe(500);
  });

  it('lets members log and list calls, but keeps the balance and settings for admins', async () => {
    const team = await portalWithTeam(server);
    await saveCard(team.owner);
    await choosePlan(team.owner, 'business');
    await buy(team.owner, 1);
    const res = await call(team.member, { durationSeconds: 30 });
    expect(res.status).toBe(201);
    expect(res.body.userId).toBe(team.memberUser.id);
    expect((await team.member.get('/api/telephony/calls')).body.items).toHaveLength(1);
    expect((await team.member.get('/api/telephony/balance')).status).toBe(403);
    expect((await team.member.patch('/api/telephony/settings', { autoTopUp: { enabled: true, thresholdAmount: 0, topUpQuantity: 1 } })).status).toBe(403);
  });

  it('validates the call, naming each bad field', async () => {
    const { client } = await businessPortal();
    const res = await client.post('/api/telephony/calls', { phone: 'call me', direction: 'sideways', durationSeconds: -1 });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.fields.map((f: { path: string }) => f.path).sort();
    expect(paths).toEqual(['direction', 'durationSeconds', 'phone']);
  });
});

describe('auto top-up', () => {
  it('is off by default', async () => {
    const { client } = await businessPortal();
    expect((await client.get('/api/telephony/settings')).body).toEqual({
      autoTopUp: { enabled: false, thresholdAmount: 0, topUpQuantity: 1 },
      rates: { perMinute: 10, unitCredit: 500, unitPrice: 500, currency: 'USD' },
    });
    expect((await call(client, { durationSeconds: 60 })).status).toBe(402);
  });

  it('buys credit when a call would not fit, and again when the balance falls under the threshold', async () => {
    const { client } = await businessPortal();
    const set = await client.patch('/api/telephony/settings', { autoTopUp: { enabled: true, thresholdAmount: 200, topUpQuantity: 1 } });
    expect(set.status).toBe(200);
    expect(set.body.autoTopUp).toEqual({ enabled: true, thresholdAmount: 200, topUpQuantity: 1 });
    expect((await call(client, { durationSeconds: 60 })).status).toBe(201); // 0 → top-up 500 → 490
    expect(await balance(client)).toBe(490);
    expect((await call(client, { durationSeconds: 30 * 60 })).status).toBe(201); // 490 − 300 = 190 < 200 → +500
    expect(await balance(client)).toBe(690);
    const kinds = ((await client.get('/api/telephony/ledger')).body.items as { kind: string }[]).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'auto_top_up')).toHaveLength(2);
    expect((await invoicesOf(client)).filter((i) => i.kind === 'credits')).toHaveLength(2);
  });

  it('keeps the call when the top-up after it is declined, and logs why', async () => {
    const { client } = await businessPortal();
    await buy(client, 1);
    await client.patch('/api/telephony/settings', { autoTopUp: { enabled: true, thresholdAmount: 450, topUpQuantity: 1 } });
    await saveCard(client, CARD.failsOnCharge);
    expect((await call(client, { durationSeconds: 600 })).status).toBe(201);
    expect(await balance(client)).toBe(400);
    const events = (await client.get('/api/billing/events?type=telephony.auto_top_up_failed')).body.items;
    expect(events).toHaveLength(1);
    expect(events[0].payload.code).toBe('CARD_DECLINED');
  });
});
