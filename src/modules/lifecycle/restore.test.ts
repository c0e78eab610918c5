import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import { tenantTables } from './erase.js';
import { advanceTo, allFiles, cancel, paidPortal, startLifecycleServer, telephonyActivity, uploadFiles, usersOf } from './lifecycle.testkit.js';

/**
 * LIF-3, as a property: for a random portal, downgrading to Free (or Team) at
 * the period end and upgrading again gives back every record exactly as it
 * was — same rows, same values — and every user and file available.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startLifecycleServer();
});
afterAll(async () => {
  await server?.close();
});

/** State that legitimately moves on (sessions, the job queue, mail delivery, the plan itself, the lifecycle's own records). */
const MOVING = new Set([
  'sessions',
  'api_tokens',
  'jobs',
  'mail_outbox',
  'subscriptions',
  'idempotency_keys',
  'lifecycle_cancellations',
  'lifecycle_downgrades',
  'lifecycle_pauses',
  // The live stream's short-lived change log (ADR 0022): numbered after commit, pruned after minutes.
  'live_events',
]);

/** Every row of the portal in every other table, keyed by table and id (or the whole row when there is no id). */
async function snapshot(portalId: string): Promise<Map<string, string>> {
  const rows = new Map<string, string>();
  const db = server.deps.db as any;
  for (const table of await tenantTables(server.deps.db, server.deps.database.dialect)) {
    if (MOVING.has(table)) continue;
    for (const row of await db.selectFrom(table).selectAll().where('portal_id', '=', portalId).execute()) {
      const json = JSON.stringify(row, Object.keys(row).sort());
      rows.set(`${table}:${row.id ?? json}`, json);
    }
  }
  return rows;
}

const spec = fc.record({
  interval: fc.constantFrom('monthly' as const, 'annual' as const),
  target: fc.constantFrom('free', 'team'),
  admins: fc.integer({ min: 0, max: 2 }),
  members: fc.integer({ min: 0, max: 4 }),
  fileSizes: fc.array(fc.integer({ min: 1, max: 9000 }), { maxLength: 5 }),
  trashFirstFile: fc.boolean(),
  contacts: fc.array(
    fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0),
    { maxLength: 3 },
  ),
  telephony: fc.boolean(),
  keepLastMember: fc.boolean(),
});

describe('upgrading again after a downgrade (LIF-3)', () => {
  it('gives back every record identical, every user active and every file available (property)', async () => {
    await fc.assert(
      fc.asyncProperty(spec, async (s) => {
        const p = await paidPortal(server, { plan: 'business', interval: s.interval, admins: s.admins, members: s.members });
        const files = await uploadFiles(p.client, s.fileSizes);
        if (s.trashFirstFile && files[0]) expect((await p.client.post(`/api/drive/files/${files[0].id}/trash`)).status).toBe(200);
        for (const name of s.contacts) expect((await p.client.post('/api/crm/contacts', { firstName: name })).status).toBe(201);
        if (s.telephony) await telephonyActivity(p.client);
        const before = await snapshot(p.portal.id);
        const usersBefore = await usersOf(p.client);

        const last = p.members.at(-1);
        const keep = s.keepLastMember && last ? [last.id] : undefined;
        const out = await cancel(
          p.client,
          s.target === 'free' ? { mode: 'cancel', keepUserIds: keep } : { mode: 'downgrade', planId: 'team', keepUserIds: keep },
        );
        await advanceTo(p.client, out.effectiveAt);
        const sub = (await p.client.get('/api/billing/subscription')).body;
        expect(sub.planId).toBe(s.target);
        // The downgrade did what its plan demands: no more active users than seats.
        const seats = s.target === 'free' ? 3 : 5;
        expect((await usersOf(p.client)).filter((u) => u.status === 'active').length).toBe(Math.min(seats, usersBefore.length));

        const up = await p.client.post('/api/billing/subscription', { planId: 'business', interval: s.interval });
        expect(up.status, up.text).toBe(200);

        const after = await snapshot(p.portal.id);
        for (const [key, row] of before) expect(after.get(key), key).toBe(row);
        expect(await usersOf(p.client)).toEqual(usersBefore);
        expect((await allFiles(p.client)).every((f) => f.available)).toBe(true);
      }),
      { numRuns: 8 },
    );
  }, 120_000); // 8 whole downgrade → upgrade round trips: ~27 s alone on 2 cores, more when the machine is loaded
});
