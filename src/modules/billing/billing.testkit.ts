import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import type { TestClient } from '../../test/client.js';
import { signupPortal } from '../../test/factories.js';

/** Helpers for billing's API tests: a small plan catalog, a server with the test clock, cards and mail. */

export const GB10 = 10_000;

/** Small numbers, easy to check by hand: Team $10/mo or $100/yr, Business $30/mo or $300/yr. */
export const testCatalog = {
  currency: 'USD',
  plans: [
    { id: 'free', name: 'Free', prices: { monthly: { amount: 0 }, annual: { amount: 0 } }, limits: { seats: 3, storageBytes: 10_000 }, features: [] },
    {
      id: 'team',
      name: 'Team',
      prices: { monthly: { amount: 1000 }, annual: { amount: 10000 } },
      limits: { seats: 5, storageBytes: 50_000 },
      features: ['automations'],
    },
    {
      id: 'business',
      name: 'Business',
      prices: { monthly: { amount: 3000 }, annual: { amount: 30000 } },
      limits: { seats: null, storageBytes: 200_000 },
      features: ['automations', 'telephony', 'booking_pages_team', 'auto_scheduling'],
    },
  ],
  addons: {
    storage: { unitBytes: GB10, monthly: { amount: 200 } },
    telephonyCredits: { unitCredit: 500, price: { amount: 500 }, perMinute: { amount: 10 } },
  },
};

export function writePlansFile(catalog: unknown = testCatalog): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skit-plans-'));
  const file = path.join(dir, 'plans.json');
  fs.writeFileSync(file, typeof catalog === 'string' ? catalog : JSON.stringify(catalog, null, 2));
  return file;
}

export function startBillingServer(env: Record<string, string> = {}) {
  return startTestServer({ env: { TEST_CLOCK: '1', PLANS_FILE: writePlansFile(), ...env } });
}

/** A new portal whose owner calls the API with a personal token (as an integration would). */
export async function signupWithToken(server: TestServer) {
  const p = await signupPortal(server);
  const res = await p.client.post('/api/tokens', { name: 'billing tests' });
  expect(res.status, res.text).toBe(201);
  return { ...p, client: p.client.withToken(res.body.token) };
}

export const CARD = { ok: '4242424242424242', declined: '4000000000000002', failsOnCharge: '4000000000000341' };

export async function saveCard(client: TestClient, cardNumber: string = CARD.ok) {
  const res = await client.post('/api/billing/payment-method', { cardNumber, expMonth: 12, expYear: 2099, cvc: '123' });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

export async function choosePlan(client: TestClient, planId: string, interval: 'monthly' | 'annual' = 'monthly') {
  const res = await client.post('/api/billing/subscription', { planId, interval });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

export async function advanceDays(client: TestClient, days: number) {
  const res = await client.post('/api/test-clock/advance', { days });
  expect(res.status, res.text).toBe(200);
  return res.body as { now: string; jobsRun: number };
}

export async function invoicesOf(client: TestClient) {
  const res = await client.get('/api/billing/invoices?limit=200');
  expect(res.status, res.text).toBe(200);
  return res.body.items as {
    id: string;
    number: string;
    kind: string;
    status: string;
    total: number;
    lines: { description: string; amount: number }[];
    periodStart: string;
    periodEnd: string;
  }[];
}

/** Subjects of the mail queued for `to`, oldest first. */
export async function subjectsTo(server: TestServer, to: string): Promise<string[]> {
  const rows = await server.deps.db
    .selectFrom('mail_outbox')
    .select(['subject', 'created_at', 'id'])
    .where('to_address', '=', to)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.subject);
}

export const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
