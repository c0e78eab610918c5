import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { signupPortal, type SignedUpPortal } from '../../test/factories.js';
import { keyset, type Sort } from '../../kernel/pagination.js';
import { likeCondition } from '../../db/search.js';
import { searchRows } from './crm.repo.js';

/**
 * Search pages (issue 16): a common term walks a bounded window of the sort
 * order, a rare one is fetched by its index hits, and when the window holds
 * less than a page the rest comes from after it. Whatever the window and the
 * plan, every page must be exactly the plain LIKE filter's page.
 */

let server: TestServer;
let acme: SignedUpPortal;
const FIRST = ['Anna', 'Bob', 'Chloé', 'Zoë'];
const LAST = ['Müller', 'Smith', 'Groß', 'Annaberg'];

beforeAll(async () => {
  server = await startTestServer();
  acme = await signupPortal(server);
  // 48 contacts: "anna" matches a quarter by first name, clustered at the start of the name order,
  // and others through "Annaberg"; "zoe" matches only at the end of the name order.
  for (let i = 0; i < 48; i++) {
    const res = await acme.client.post('/api/crm/contacts', {
      firstName: FIRST[i % 4],
      lastName: LAST[Math.floor(i / 4) % 4],
      phones: [{ value: `+49 30 ${1000 + (i % 7)}${i}`, type: 'mobile' }],
    });
    expect(res.status).toBe(201);
  }
  // A busy other portal: never part of acme's pages.
  const other = await signupPortal(server);
  for (let i = 0; i < 5; i++) await other.client.post('/api/crm/contacts', { firstName: 'Anna', lastName: `Other ${i}` });
});
afterAll(async () => {
  await server?.close();
});

const base = () => server.deps.db.selectFrom('contacts').selectAll('contacts').where('contacts.portal_id', '=', acme.portal.id);

/** Every page, following the cursor, as ids. */
async function allPages(next: (cursor: string | undefined) => Promise<{ id: string; name_key: string; created_at: string }[]>, sort: Sort, limit: number) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const rows = await next(cursor);
    const page = rows.slice(0, limit);
    ids.push(...page.map((r) => r.id));
    if (rows.length <= limit) return ids;
    const last = page.at(-1)! as Record<string, any>;
    cursor = Buffer.from(JSON.stringify({ v: last[sort.column.split('.')[1]!], id: last.id })).toString('base64url');
  }
  throw new Error('no end');
}

describe('search pages through a window of the sort order', () => {
  it('gives exactly the LIKE filter’s pages for every window, plan, sort and direction', async () => {
    for (const terms of [['anna'], ['zoe'], ['muller'], ['an'], ['annaberg', 'smith'], ['nobody']])
      for (const column of ['contacts.name_key', 'contacts.created_at'])
        for (const direction of ['asc', 'desc'] as const)
          for (const limit of [1, 5, 50]) {
            const sort = { column, direction };
            const want = await allPages((c) => keyset(base().where(likeCondition('contacts', terms)), sort, 'contacts.id', c, limit).execute(), sort, limit);
            // rare: 1 makes every term common on SQLite (the windows); the default and 10,000 take the hits.
            for (const tuning of [
              { window: 1, rare: 1 },
              { window: 3 },
              { window: 10, rare: 1 },
              { window: 1000, rare: 1 },
              { first: 2, window: 40, rare: 1 },
              { first: 3, window: 9, rare: 1 },
              { first: 1, window: 100, rare: 1 },
              { window: 3, rare: 1 },
              { window: 7, rare: 10_000 },
            ]) {
              const got = await allPages((c) => searchRows(server.deps.db, base() as any, 'contacts', terms, sort, { cursor: c, limit }, tuning), sort, limit);
              expect(got, `${terms} ${column} ${direction} ${limit} ${JSON.stringify(tuning)}`).toEqual(want);
            }
          }
  }, 120_000);

  it('finds a phone number by its index candidates, confirmed in full (same last digits elsewhere are not hits)', async () => {
    const make = async (value: string) =>
      (await acme.client.post('/api/crm/contacts', { firstName: 'Phil', lastName: value, phones: [{ value, type: 'work' }] })).body.id as string;
    const berlin = await make('+49 30 5551234');
    await make('+44 20 5551234');
    const found = async (q: string) => (await acme.client.get(`/api/crm/contacts?q=${encodeURIComponent(q)}`)).body.items.map((c: { id: string }) => c.id);
    expect(await found('+49 30 5551234')).toEqual([berlin]);
    expect(await found('030 5551234')).toEqual([berlin]);
    expect((await found('5551234')).length).toBe(2);
  });
});
