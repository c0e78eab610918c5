import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness.js';
import { signupPortal, type SignedUpPortal } from '../test/factories.js';
import { searchCondition } from './search.js';
import { searchKey } from '../kernel/text.js';

let server: TestServer;
let acme: SignedUpPortal;
const names = async (q: string) =>
  (await acme.client.get(`/api/crm/contacts?q=${encodeURIComponent(q)}&limit=200`)).body.items.map((c: { name: string }) => c.name).sort();

beforeAll(async () => {
  server = await startTestServer();
  acme = await signupPortal(server);
  for (const [firstName, lastName] of [
    ['Zoë', 'Quartermaine'],
    ['Jörg', 'Groß'],
    ['Anna', 'Grossmann'],
    ['Bob', 'Smith'],
  ]) {
    const res = await acme.client.post('/api/crm/contacts', { firstName, lastName });
    expect(res.status).toBe(201);
  }
});
afterAll(async () => {
  await server?.close();
});

describe('substring search on the trigram index', () => {
  it('finds substrings of three or more characters, accent- and case-insensitively', async () => {
    expect(await names('QUARTER')).toEqual(['Zoë Quartermaine']);
    expect(await names('gross')).toEqual(['Anna Grossmann', 'Jörg Groß']);
    expect(await names('ermai')).toEqual(['Zoë Quartermaine']);
    expect(await names('zzz')).toEqual([]);
  });

  it('finds short terms too (no trigram: a scan)', async () => {
    expect(await names('zo')).toEqual(['Zoë Quartermaine']);
  });

  it('follows renames and deletes at once', async () => {
    const bob = (await acme.client.get('/api/crm/contacts?q=smith')).body.items[0];
    await acme.client.patch(`/api/crm/contacts/${bob.id}`, { lastName: 'Okonkwo' });
    expect(await names('smith')).toEqual([]);
    expect(await names('okonkwo')).toEqual(['Bob Okonkwo']);
    await acme.client.delete(`/api/crm/contacts/${bob.id}`);
    expect(await names('okonkwo')).toEqual([]);
  });

  it('keeps other portals out of the hits', async () => {
    const other = await signupPortal(server);
    await other.client.post('/api/crm/contacts', { firstName: 'Zoë', lastName: 'Quartermaine' });
    expect(await names('quarter')).toEqual(['Zoë Quartermaine']);
    expect((await other.client.get('/api/crm/contacts?q=gross')).body.items).toEqual([]);
  });

  it('gives the same rows through the index as through a scan', async () => {
    for (const q of ['gross', 'quarter', 'ann', 'zoe q']) {
      const terms = [searchKey(q)];
      const viaIndex = await server.deps.db
        .selectFrom('contacts')
        .select('id')
        .where(await searchCondition(server.deps.db, 'contacts', terms))
        .orderBy('id')
        .execute();
      // Limits of 1 make every term "common": the plan that walks rows and filters with LIKE.
      const viaScan = await server.deps.db
        .selectFrom('contacts')
        .select('id')
        .where(await searchCondition(server.deps.db, 'contacts', terms, { rare: 1, common: 1 }))
        .orderBy('id')
        .execute();
      // A rare limit of 1 takes the middle plan: walk the rows, keep the index hits.
      const viaFilter = await server.deps.db
        .selectFrom('contacts')
        .select('id')
        .where(await searchCondition(server.deps.db, 'contacts', terms, { rare: 1 }))
        .orderBy('id')
        .execute();
      expect(viaIndex).toEqual(viaScan);
      expect(viaFilter).toEqual(viaScan);
    }
  });
});
