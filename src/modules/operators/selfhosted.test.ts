import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { addUser, PASSWORD, signupPortal, type SignedUpPortal } from '../../test/factories.js';
import { writePlansFile } from '../billing/billing.testkit.js';
import { upload } from '../drive/drive.testkit.js';
import { exportEverything, upload as uploadForm } from '../portability/portability.testkit.js';
import { operatorClient } from './operators.testkit.js';

/**
 * Self-hosted mode (LIF-6), BILLING=off, on a catalog whose Free plan would
 * allow 3 users, 10 KB and no paid feature: here every feature is on and there
 * is no limit; billing does not exist; export, import and deletion work.
 */

let server: TestServer;
let p: SignedUpPortal;
beforeAll(async () => {
  server = await startTestServer({ env: { BILLING: 'off', PLANS_FILE: writePlansFile(), TEST_CLOCK: '1' } });
  p = await signupPortal(server);
});
afterAll(async () => {
  await server?.close();
});

describe('self-hosted: BILLING=off', () => {
  it('tells the web app that billing is off', async () => {
    const res = await server.client().get('/api/instance');
    expect(res.body).toEqual({ billing: false, signup: 'open', signupAvailable: true });
  });

  it('answers 404 BILLING_DISABLED on every billing route: plans, billing, test clock, telephony balance and top-up', async () => {
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/plans'],
      ['GET', '/api/billing/subscription'],
      ['POST', '/api/billing/subscription', { planId: 'team', interval: 'monthly' }],
      ['GET', '/api/billing/invoices'],
      ['POST', '/api/billing/payment-method', { cardNumber: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123' }],
      ['GET', '/api/billing/lifecycle'],
      ['POST', '/api/billing/subscription/cancel', { mode: 'cancel' }],
      ['POST', '/api/test-clock/advance', { days: 1 }],
      ['GET', '/api/telephony/balance'],
      ['GET', '/api/telephony/ledger'],
      ['PATCH', '/api/telephony/settings', { autoTopUp: { enabled: true, thresholdAmount: 100, topUpQuantity: 1 } }],
    ];
    for (const [method, path, body] of calls) {
      const res = await p.client.request(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code, `${method} ${path}`).toBe('BILLING_DISABLED');
    }
    // Also for visitors: there is no pricing page.
    expect((await server.client().get('/api/plans')).body.error.code).toBe('BILLING_DISABLED');
  });

  it('lets 50 users in, with no seat limit', async () => {
    for (let i = 0; i < 49; i++) await addUser(server, p.client, { role: i === 0 ? 'admin' : 'member' });
    const users = (await p.client.get('/api/users')).body.items;
    expect(users.filter((u: { status: string }) => u.status === 'active')).toHaveLength(50);
    // And one more, and reactivating a deactivated one.
    expect((await p.client.post('/api/users/invites', { email: 'fifty-first@example.test', role: 'member' })).status).toBe(201);
    const someone = users.find((u: { role: string }) => u.role === 'member');
    expect((await p.client.post(`/api/users/${someone.id}/deactivate`)).status).toBe(200);
    expect((await p.client.post(`/api/users/${someone.id}/reactivate`)).status).toBe(200);
  }, 180_000);

  it('stores files with no storage limit', async () => {
    await upload(p.client, 'big.bin', 'x'.repeat(60_000));
    const usage = (await p.client.get('/api/drive/usage')).body;
    expect(usage.usedBytes).toBeGreaterThanOrEqual(60_000);
    expect(usage.quotaBytes).toBeNull();
    const files = (await p.client.get('/api/drive/files?limit=200')).body.items;
    expect(files.every((f: { available?: boolean }) => f.available !== false)).toBe(true);
  });

  it('has every feature: automations, telephony without credit', async () => {
    const rule = await p.client.post('/api/automations', {
      name: 'Note on new deals',
      trigger: { type: 'record.created', entity: 'deal' },
      actions: [{ type: 'add_note', body: 'Welcome {{deal.title}}' }],
    });
    expect(rule.status, rule.text).toBe(201);
    const call = await p.client.post('/api/telephony/calls', { phone: '+49 30 1234567', direction: 'outbound', durationSeconds: 600 });
    expect(call.status, call.text).toBe(201);
    expect(call.body.cost.amount ?? call.body.cost).toBe(0);
  });

  it('sends no billing mail', async () => {
    const subjects = (await server.deps.db.selectFrom('mail_outbox').select('subject').execute()).map((m) => m.subject);
    expect(subjects.length).toBeGreaterThan(0);
    expect(subjects.filter((s) => /plan|invoice|receipt|payment|trial|credit/i.test(s))).toEqual([]);
  });

  it('exports, imports into a new portal, and deletes as always', async () => {
    await p.client.post('/api/crm/contacts', { firstName: 'Selma', lastName: 'Selfhost' });
    const { zip } = await exportEverything(server, p.client);
    const target = await signupPortal(server, { email: p.user.email });
    const started = await uploadForm(target.client, '/api/imports', 'export.zip', zip);
    expect(started.status, started.text).toBe(201);
    await server.runJobs();
    expect((await target.client.get(`/api/imports/${started.body.id}`)).body.status).toBe('done');
    const contacts = (await target.client.get('/api/crm/contacts?q=Selma')).body.items;
    expect(contacts.map((c: { name: string }) => c.name)).toEqual(['Selma Selfhost']);
    expect((await target.client.get('/api/users')).body.items.length).toBeGreaterThanOrEqual(50);

    const del = await target.client.post('/api/portal/delete', { password: PASSWORD, confirmSlug: target.portal.slug });
    expect(del.status, del.text).toBe(202);
    await server.runJobs();
    expect(await server.deps.db.selectFrom('portals').select('id').where('id', '=', target.portal.id).execute()).toEqual([]);
  }, 60_000);

  it('keeps the operator console, without money: no MRR, no plans, no billing actions', async () => {
    const op = await operatorClient(server);
    const o = (await op.get('/api/operator/overview')).body;
    expect(o).toMatchObject({ billing: false, mrr: { amount: 0, payingPortals: 0 }, planMix: [], plans: [] });
    const row = (await op.get(`/api/operator/portals?q=${p.portal.slug}`)).body.items[0];
    expect(row).toMatchObject({ plan: null, mrr: 0, seats: { limit: null }, storage: { quotaBytes: null } });
    const comp = await op.post(`/api/operator/portals/${p.portal.id}/comp`, { planId: 'team', until: '2099-01-01' });
    expect(comp.status).toBe(404);
    expect(comp.body.error.code).toBe('BILLING_DISABLED');
  });
});
