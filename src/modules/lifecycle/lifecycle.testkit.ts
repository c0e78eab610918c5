import { expect } from 'vitest';
import type { TestClient } from '../../test/client.js';
import type { TestServer } from '../../test/harness.js';
import { addUser } from '../../test/factories.js';
import { choosePlan, saveCard, signupWithToken } from '../billing/billing.testkit.js';
import { randomFile, upload, type DriveFile } from '../drive/drive.testkit.js';

/**
 * Helpers for the lifecycle API tests. They run on billing's small catalog
 * (billing.testkit.ts): Free has 3 seats and 10 KB, Team 5 seats and 50 KB
 * with automations, Business unlimited seats, 200 KB and every feature.
 */

export { startBillingServer as startLifecycleServer, advanceDays, invoicesOf, subjectsTo, GB10 } from '../billing/billing.testkit.js';

export interface PaidPortal {
  client: TestClient;
  portal: { id: string; slug: string; name: string };
  owner: { id: string; name: string; email: string };
  admins: { id: string; name: string; email: string; client: TestClient }[];
  members: { id: string; name: string; email: string; client: TestClient }[];
  subscription: { currentPeriodEnd: string; planId: string; interval: string };
}

/** A portal on a paid plan with a card, its owner calling with a token, and `admins` + `members` more users (joined in that order). */
export async function paidPortal(
  server: TestServer,
  opts: { plan?: string; interval?: 'monthly' | 'annual'; admins?: number; members?: number } = {},
): Promise<PaidPortal> {
  const p = await signupWithToken(server);
  await saveCard(p.client);
  const subscription = await choosePlan(p.client, opts.plan ?? 'business', opts.interval ?? 'monthly');
  const admins: PaidPortal['admins'] = [];
  const members: PaidPortal['members'] = [];
  for (let i = 0; i < (opts.admins ?? 0); i++) {
    const u = await addUser(server, p.client, { role: 'admin', name: `Admin ${i + 1}` });
    admins.push({ ...u.user, client: u.client });
  }
  for (let i = 0; i < (opts.members ?? 0); i++) {
    const u = await addUser(server, p.client, { role: 'member', name: `Member ${i + 1}` });
    members.push({ ...u.user, client: u.client });
  }
  return { client: p.client, portal: p.portal, owner: p.user, admins, members, subscription };
}

/** Uploads files of the given sizes in order (oldest first). */
export async function uploadFiles(client: TestClient, sizes: number[], prefix = 'file'): Promise<DriveFile[]> {
  const out: DriveFile[] = [];
  for (const [i, size] of sizes.entries()) out.push(await upload(client, `${prefix}-${i + 1}.bin`, randomFile(size)));
  return out;
}

export async function allFiles(client: TestClient): Promise<DriveFile[]> {
  const live = await client.get('/api/drive/files?limit=200');
  const trash = await client.get('/api/drive/files?limit=200&trashed=true');
  expect(live.status, live.text).toBe(200);
  return [...live.body.items, ...trash.body.items];
}

export async function usersOf(client: TestClient): Promise<{ id: string; name: string; role: string; status: string }[]> {
  const res = await client.get('/api/users');
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

export async function advanceTo(client: TestClient, to: string): Promise<void> {
  const res = await client.post('/api/test-clock/advance', { to });
  expect(res.status, res.text).toBe(200);
}

export async function impactOf(client: TestClient, query = 'planId=free') {
  const res = await client.get(`/api/billing/downgrade-impact?${query}`);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

export async function cancel(client: TestClient, body: Record<string, unknown> = { mode: 'cancel' }, headers?: Record<string, string>) {
  const res = await client.post('/api/billing/subscription/cancel', body, headers);
  expect(res.status, res.text).toBe(200);
  return res.body as { reference: string; effectiveAt: string; mode: string; planId: string; subscription: Record<string, unknown> };
}

export async function auditActions(client: TestClient): Promise<string[]> {
  const res = await client.get('/api/audit?limit=200');
  expect(res.status, res.text).toBe(200);
  return res.body.items.map((e: { action: string }) => e.action);
}

/** Text bodies of the mail queued for `to`, oldest first. */
export async function mailsTo(server: TestServer, to: string): Promise<{ subject: string; text: string }[]> {
  const rows = await server.deps.db
    .selectFrom('mail_outbox')
    .select(['subject', 'text_body', 'created_at', 'id'])
    .where('to_address', '=', to)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ subject: r.subject, text: r.text_body }));
}

/** Buys telephony credit and logs a call (Business only). */
export async function telephonyActivity(client: TestClient): Promise<number> {
  const buy = await client.post('/api/billing/addons', { kind: 'telephony_credits', quantity: 2 });
  expect(buy.status, buy.text).toBe(201);
  const call = await client.post('/api/telephony/calls', { phone: '+1 555 0100 200', direction: 'outbound', durationSeconds: 75 });
  expect(call.status, call.text).toBe(201);
  return (await client.get('/api/telephony/balance')).body.balance.amount;
}
