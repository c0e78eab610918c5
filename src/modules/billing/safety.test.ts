import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import { openDatabase } from '../../db/database.js';
import { JobQueue } from '../../kernel/jobs/queue.js';
import type { AppDeps } from '../../kernel/context.js';
import { CARD, choosePlan, invoicesOf, saveCard, signupWithToken, startBillingServer } from './billing.testkit.js';
import { renewSubscription } from './renewals.service.js';

/** BIL-6: idempotency keys, one transaction per change, the event log, and renewals that race. */

let server: TestServer & { pgSchema?: string };
beforeAll(async () => {
  server = await startBillingServer();
});
afterAll(async () => {
  await server?.close();
});

const charges = async (portalId: string) =>
  (await server.deps.db.selectFrom('billing_events').select('id').where('portal_id', '=', portalId).where('type', '=', 'charge.succeeded').execute()).length;

describe('Idempotency-Key', () => {
  it('answers a replay with the first response and charges once', async () => {
    const { client, portal } = await signupWithToken(server);
    await saveCard(client);
    const headers = { 'idempotency-key': 'upgrade-1' };
    const first = await client.post('/api/billing/subscription', { planId: 'team', interval: 'monthly' }, headers);
    expect(first.status).toBe(200);
    const again = await client.post('/api/billing/subscription', { planId: 'team', interval: 'monthly' }, headers);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await invoicesOf(client)).toHaveLength(1);
    expect(await charges(portal.id)).toBe(1);
  });

  it('replays the same way after the state moved on', async () => {
    const { client } = await signupWithToken(server);
    await saveCard(client);
    const headers = { 'idempotency-key': 'buy-credits-1' };
    await choosePlan(client, 'business');
    const first = await client.post('/api/billing/addons', { kind: 'telephony_credits', quantity: 2 }, headers);
    expect(first.status).toBe(201);
    expect(first.body.balance.amount).toBe(1000);
    await client.post('/api/billing/addons', { kind: 'telephony_credits', quantity: 1 });
    const replay = await client.post('/api/billing/addons', { kind: 'telephony_credits', quantity: 2 }, headers);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect((await client.get('/api/telephony/balance')).body.balance.amount).toBe(1500);
  });

  it('refuses the same key with a different request (409 IDEMPOTENCY_KEY_REUSED) and changes nothing', async () => {
    const { client } = await signupWithToken(server);
    await saveCard(client);
    const headers = { 'idempotency-key': 'k-reused' };
    await client.post('/api/billing/subscription', { planId: 'team', interval: 'monthly' }, headers);
    const other = await client.post('/api/billing/subscription', { planId: 'business', interval: 'monthly' }, headers);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await client.get('/api/billing/subscription')).body.planId).toBe('team');
    expect(await invoicesOf(client)).toHaveLength(1);
  });

  it('stores nothing for a refused request, so the same key works once the card is fixed', async () => {
    const { client } = await signupWithToken(server);
    await saveCard(client, CARD.failsOnCharge);
    const headers = { 'idempotency-key': 'try-again' };
    const refused = await client.post('/api/billing/subscription', { planId: 'team', interval: 'monthly' }, headers);
    expect(refused.status).toBe(402);
    await saveCard(client);
    const ok = await client.post('/api/billing/subscription', { planId: 'team', interval: 'monthly' }, headers);
    expect(ok.status).toBe(200);
    expect(ok.body.planId).toBe('team');
  });

  it('keeps keys per portal', async () => {
    const a = await signupWithToken(server);
    const b = await signupWithToken(server);
    await saveCard(a.client);
    await saveCard(b.client);
    const headers = { 'idempotency-key': 'same-key-everywhere' };
    expect((await a.client.post('/api/billing/subscription', { planId: 'team', interval: 'monthly' }, headers)).body.planId).toBe('team');
    const resB = await b.client.post('/api/billing/subscription', { planId: 'business', interval: 'annual' }, headers);
    expect(resB.status).toBe(200);
    expect(resB.body).toMatchObject({ planId: 'business', interval: 'annual' });
  });

  it('charges once when the same request arrives twice at the same moment', async () => {
    const { client, portal } = await signupWithToken(server);
    await saveCard(client);
    const headers = { 'idempotency-key': 'double-click' };
    const [r1, r2] = await Promise.all([
      client.post('/api/billing/subscription', { planId: 'business', interval: 'monthly' }, headers),
      client.post('/api/billing/subscription', { planId: 'business', interval: 'monthly' }, headers),
    ]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    expect(r1.body).toEqual(r2.body);
    expect(await charges(portal.id)).toBe(1);
  });

  it('refuses a malformed key naming the header', async () => {
    const { client } = await signupWithToken(server);
    const res = await client.post('/api/billing/subscription', { planId: 'team' }, { 'idempotency-key': 'x'.repeat(300) });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0].path).toBe('Idempotency-Key');
  });
});

describe('billing event log', () => {
  it('records every change in order, append-only, with its payload', async () => {
    const { client } = await signupWithToken(server);
    await saveCard(client);
    await choosePlan(client, 'team');
    const res = await client.get('/api/billing/events?limit=200');
    const types = (res.body.items as { type: string }[]).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['payment_method.saved', 'charge.succeeded', 'invoice.issued', 'subscription.started']));
    const started = res.body.items.find((e: { type: string }) => e.type === 'subscription.started');
    expect(started.payload).toMatchObject({ planId: 'team', interval: 'monthly', chargeNow: 1000 });
  });
});

describe('renewals that race (PostgreSQL)', () => {
  it.skipIf(!process.env.DATABASE_URL)('produce one invoice and one charge when several processes renew at once', async () => {
    const { client, portal } = await signupWithToken(server);
    await saveCard(client);
    const sub = await choosePlan(client, 'team', 'monthly');
    server.clock.advance(Date.parse(sub.currentPeriodEnd) - server.clock.now(portal.id).getTime() + 1000, portal.id);
    // Five "processes": each its own connection pool to the same schema.
    const pools = Array.from({ length: 5 }, () => openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: server.dataDir, pgSchema: server.pgSchema }));
    try {
      const results = await Promise.all(
        pools.map((db) => renewSubscription({ ...server.deps, database: db, db: db.db, jobs: new JobQueue(db.dialect, server.clock) } as AppDeps, portal.id)),
      );
      expect(results.filter((r) => r === 'renewed')).toHaveLength(1);
      const renewals = (await invoicesOf(client)).filter((i) => i.kind === 'renewal');
      expect(renewals).toHaveLength(1);
      expect(await charges(portal.id)).toBe(2); // the first period, and one renewal
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  });
});
