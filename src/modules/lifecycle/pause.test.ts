import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import { DAY } from '../../kernel/clock.js';
import { advanceDays, advanceTo, auditActions, invoicesOf, mailsTo, paidPortal, startLifecycleServer } from './lifecycle.testkit.js';

/** Pause instead of cancel (LIF-4), on the test clock. */

let server: TestServer;
beforeAll(async () => {
  server = await startLifecycleServer();
});
afterAll(async () => {
  await server?.close();
});

const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / DAY;

async function pause(client: Awaited<ReturnType<typeof paidPortal>>['client'], body: Record<string, unknown>, headers?: Record<string, string>) {
  const res = await client.post('/api/billing/subscription/pause', body, headers);
  expect(res.status, res.text).toBe(200);
  return res.body as { pause: { id: string; pausedAt: string; resumeAt: string; months: number }; subscription: { status: string } };
}

describe('pausing', () => {
  it('stops invoices and makes the data read-only, while billing, export and one’s account stay open', async () => {
    const p = await paidPortal(server);
    const company = await p.client.post('/api/crm/companies', { name: 'Before the pause' });
    const out = await pause(p.client, { months: 2 });
    expect(out.subscription.status).toBe('paused');
    expect(days(out.pause.pausedAt, out.pause.resumeAt)).toBeGreaterThanOrEqual(59);
    expect((await p.client.get('/api/billing/upcoming-invoice')).body.total).toBe(0);

    const write = await p.client.post('/api/crm/companies', { name: 'During the pause' });
    expect(write.status).toBe(423);
    expect(write.body.error).toMatchObject({ code: 'PORTAL_PAUSED', details: { resumeAt: out.pause.resumeAt } });
    expect((await p.client.patch(`/api/crm/companies/${company.body.id}`, { name: 'Renamed' })).status).toBe(423);
    expect((await p.client.get(`/api/crm/companies/${company.body.id}`)).body.name).toBe('Before the pause');
    expect((await p.client.patch('/api/me', { name: 'Still me' })).status).toBe(200);
    expect((await p.client.get('/api/billing/lifecycle')).body.pause).toMatchObject({ id: out.pause.id, status: 'active' });

    await advanceDays(p.client, 45);
    expect((await invoicesOf(p.client)).map((i) => i.kind)).toEqual(['subscription']);
    expect((await mailsTo(server, p.owner.email)).map((m) => m.subject)).toContainEqual(
      expect.stringContaining(`is paused until ${out.pause.resumeAt.slice(0, 10)}`),
    );
    expect(await auditActions(p.client)).toContain('lifecycle.paused');
  });

  it('resumes by itself, mailing a week before, and keeps the days left of the period for after the pause', async () => {
    const p = await paidPortal(server);
    await advanceDays(p.client, 10);
    const leftBefore = days((await p.client.get('/api/test-clock')).body.now, p.subscription.currentPeriodEnd);
    const { pause: paused } = await pause(p.client, { months: 1 });
    const reminder = (s: string) => s.includes(`resumes on ${paused.resumeAt.slice(0, 10)}`);

    await advanceTo(p.client, new Date(Date.parse(paused.resumeAt) - 8 * DAY).toISOString());
    expect((await mailsTo(server, p.owner.email)).filter((m) => reminder(m.subject))).toEqual([]);
    await advanceDays(p.client, 2);
    expect((await mailsTo(server, p.owner.email)).filter((m) => reminder(m.subject))).toHaveLength(1);

    await advanceTo(p.client, paused.resumeAt);
    const sub = (await p.client.get('/api/billing/subscription')).body;
    expect(sub.status).toBe('active');
    expect(days(paused.resumeAt, sub.currentPeriodEnd)).toBeCloseTo(leftBefore, 1);
    expect((await p.client.post('/api/crm/companies', { name: 'After the pause' })).status).toBe(201);
    expect((await mailsTo(server, p.owner.email)).map((m) => m.subject)).toContainEqual(expect.stringContaining('is active again'));

    await advanceTo(p.client, sub.currentPeriodEnd);
    expect((await invoicesOf(p.client)).map((i) => i.kind)).toEqual(['renewal', 'subscription']);
  });

  it('resumes early at any time', async () => {
    const p = await paidPortal(server);
    await pause(p.client, { months: 3 });
    await advanceDays(p.client, 5);
    const res = await p.client.post('/api/billing/subscription/resume');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ resumed: 'pause', subscription: { status: 'active' } });
    expect(days(p.subscription.currentPeriodEnd, res.body.subscription.currentPeriodEnd)).toBeCloseTo(5, 1);
    expect((await p.client.post('/api/crm/companies', { name: 'Back early' })).status).toBe(201);
    expect((await p.client.get('/api/billing/lifecycle')).body.pause).toBeNull();
    // The automatic resume that was scheduled finds nothing left to do.
    await advanceDays(p.client, 100);
    expect((await p.client.get('/api/billing/subscription')).body.status).toBe('active');
  });

  it('pauses once, whatever the retries, and records a retention offer taken', async () => {
    const p = await paidPortal(server);
    const first = await pause(p.client, { months: 1, source: 'retention_offer' }, { 'idempotency-key': 'pause-1' });
    expect(await pause(p.client, { months: 1, source: 'retention_offer' }, { 'idempotency-key': 'pause-1' })).toEqual(first);
    expect((await pause(p.client, { months: 1 })).pause.id).toBe(first.pause.id);
    expect((await p.client.post('/api/billing/subscription/pause', { months: 2 })).status).toBe(409);
    const taken = (await p.client.get('/api/billing/events?type=lifecycle.retention_offer_taken')).body.items;
    expect(taken).toHaveLength(1);
  });

  it('refuses other lengths than 1 to 3 months, naming months, and plans that cannot pause', async () => {
    const p = await paidPortal(server);
    for (const months of [0, 4, 1.5]) {
      const res = await p.client.post('/api/billing/subscription/pause', { months });
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields[0].path).toBe('months');
    }
    await p.client.post('/api/billing/subscription/cancel', { mode: 'cancel' });
    expect((await p.client.post('/api/billing/subscription/pause', { months: 1 })).body.error.code).toBe('CONFLICT');
    expect((await p.client.get('/api/billing/subscription')).body.status).toBe('active');
  });
});
