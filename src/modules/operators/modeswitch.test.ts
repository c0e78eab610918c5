import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { addUser } from '../../test/factories.js';
import type { TestClient } from '../../test/client.js';
import { signupWithToken, writePlansFile } from '../billing/billing.testkit.js';
import { rowsOfPortal } from '../lifecycle/deletion.testkit.js';
import { paidPortal } from '../lifecycle/lifecycle.testkit.js';
import { reconcileBillingMode } from './instance.js';

/**
 * Switching a running install between hosted and self-hosted (LIF-6) keeps
 * every record: hosted → self-hosted gives every portal every feature and no
 * limits; self-hosted → hosted puts every portal on the plan the operator names.
 */

const plansFile = writePlansFile();
let server: TestServer & { pgSchema?: string };
let reuse: { dataDir: string; pgSchema?: string };

/** Stops the server and starts it again on the same data; the portals' API tokens now call the new one. */
async function restart(env: Record<string, string>): Promise<void> {
  await server.close();
  server = await startTestServer({ reuse, keepData: true, env: { PLANS_FILE: plansFile, TEST_CLOCK: '1', ...env } });
  for (const p of [team, paused, free]) p.client = server.client().withToken(p.client.token!);
}

afterAll(async () => {
  // The last start drops the data.
  if (server) {
    await server.close();
    const last = await startTestServer({ reuse, env: { PLANS_FILE: plansFile, TEST_CLOCK: '1', BILLING: 'on', DEFAULT_PLAN: 'free' } });
    await last.close();
  }
});

/** Every portal's rows per table, but the bookkeeping a switch is expected to add to. */
async function records(portalIds: string[]): Promise<Record<string, Record<string, number>>> {
  const bookkeeping = new Set([
    'audit_log',
    'billing_events',
    'jobs',
    'subscriptions',
    'lifecycle_pauses',
    'lifecycle_cancellations',
    'mail_outbox',
    'sessions',
    'idempotency_keys',
  ]);
  const out: Record<string, Record<string, number>> = {};
  for (const id of portalIds) out[id] = Object.fromEntries(Object.entries(await rowsOfPortal(server, id)).filter(([t]) => !bookkeeping.has(t)));
  return out;
}

const ok = async (res: Promise<{ status: number; text: string; body: any }>, status = 201) => {
  const r = await res;
  expect(r.status, r.text).toBe(status);
  return r.body;
};

let team: { client: TestClient; portal: { id: string } };
let paused: { client: TestClient; portal: { id: string } };
let free: { client: TestClient; portal: { id: string } };

describe('switching modes', () => {
  let hosted: Record<string, Record<string, number>>;

  it('starts hosted, with portals on Team, paused and on Free (at its seat limit)', async () => {
    server = await startTestServer({ keepData: true, env: { PLANS_FILE: plansFile, TEST_CLOCK: '1' } });
    reuse = { dataDir: server.dataDir, pgSchema: server.pgSchema };
    team = await paidPortal(server, { plan: 'team', members: 2 });
    await ok(team.client.post('/api/crm/contacts', { firstName: 'Tess', lastName: 'Teamster' }));
    await ok(
      team.client.post('/api/automations', {
        name: 'Welcome',
        trigger: { type: 'record.created', entity: 'deal' },
        actions: [{ type: 'add_note', body: 'Hi' }],
      }),
    );
    paused = await paidPortal(server, { plan: 'team' });
    await ok(paused.client.post('/api/billing/subscription/pause', { months: 2, source: 'retention_offer' }), 200);
    expect((await paused.client.post('/api/crm/contacts', { firstName: 'Blocked' })).body.error.code).toBe('PORTAL_PAUSED');
    free = await signupWithToken(server);
    await addUser(server, free.client);
    await addUser(server, free.client);
    expect((await free.client.post('/api/users/invites', { email: 'fourth@example.test' })).status).toBe(402);
    expect(
      (
        await free.client.post('/api/automations', {
          name: 'x',
          trigger: { type: 'record.created', entity: 'deal' },
          actions: [{ type: 'add_note', body: 'Hi' }],
        })
      ).status,
    ).toBe(402);
    hosted = await records([team.portal.id, paused.portal.id, free.portal.id]);
  });

  it('goes self-hosted: every record stays, every portal has every feature and no limits', async () => {
    await restart({ BILLING: 'off' });
    expect(await records([team.portal.id, paused.portal.id, free.portal.id])).toEqual(hosted);
    expect((await free.client.get('/api/billing/subscription')).body.error.code).toBe('BILLING_DISABLED');
    // Free's limits are gone …
    await ok(free.client.post('/api/users/invites', { email: 'fourth@example.test' }));
    await ok(
      free.client.post('/api/automations', {
        name: 'Now allowed',
        trigger: { type: 'record.created', entity: 'deal' },
        actions: [{ type: 'add_note', body: 'Hi' }],
      }),
    );
    // … and so is the pause: there is no plan to pause.
    await ok(paused.client.post('/api/crm/contacts', { firstName: 'Writable', lastName: 'Again' }));
    const rules = (await team.client.get('/api/automations')).body.items;
    expect(rules.map((r: { name: string }) => r.name)).toEqual(['Welcome']);
  });

  it('refuses to go back to hosted until the operator names the plan every portal starts on', async () => {
    const hostedAgain = { ...server.deps, config: { ...server.deps.config, BILLING: 'on' as const, DEFAULT_PLAN: undefined } };
    await expect(reconcileBillingMode(hostedAgain)).rejects.toThrow(/skit billing enable --plan team/);
  });

  it('goes back to hosted with DEFAULT_PLAN: every portal on that plan, free for 30 days, every record kept', async () => {
    const before = await records([team.portal.id, paused.portal.id, free.portal.id]);
    await restart({ BILLING: 'on', DEFAULT_PLAN: 'team' });
    expect(await records([team.portal.id, paused.portal.id, free.portal.id])).toEqual(before);
    for (const p of [team, paused, free]) {
      const sub = (await p.client.get('/api/billing/subscription')).body;
      expect(sub).toMatchObject({ planId: 'team', status: 'trialing', cancelAtPeriodEnd: true, pendingPlanId: 'free' });
      const days = (Date.parse(sub.trialEnd) - server.deps.clock.now(p.portal.id).getTime()) / 86_400_000;
      expect(Math.round(days)).toBe(30);
    }
    // No pause holds, and Team's limits apply: 5 seats.
    await ok(paused.client.post('/api/crm/contacts', { firstName: 'Still', lastName: 'Writable' }));
    expect((await paused.client.get('/api/billing/lifecycle')).body.pause).toBeNull();
    await addUser(server, free.client);
    await addUser(server, free.client);
    const sixth = await free.client.post('/api/users/invites', { email: 'sixth@example.test' });
    expect(sixth.status).toBe(402);
    expect(sixth.body.error.code).toBe('PLAN_SEAT_LIMIT');
  });
});
