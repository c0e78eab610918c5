import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import type { Team } from '../../test/factories.js';
import { setHours, startSchedulingServer, teamWithPeople, upgrade } from './scheduling.testkit.js';

/**
 * No double booking under concurrent requests, on SQLite and on PostgreSQL
 * (run this file with DATABASE_URL set for the latter).
 */

let server: TestServer;
let team: Team;
let anna: Awaited<ReturnType<typeof teamWithPeople>>['anna'];
let bob: Awaited<ReturnType<typeof teamWithPeople>>['bob'];
beforeAll(async () => {
  server = await startSchedulingServer();
  ({ team, anna, bob } = await teamWithPeople(server));
  await upgrade(team.owner);
  await setHours(anna.client, 'Europe/Berlin');
  await setHours(bob.client, 'Europe/Berlin');
  const pages = [
    { slug: 'rush', title: 'Rush', durationMinutes: 30, slotStepMinutes: 15, hostIds: [anna.user.id] },
    { slug: 'duo', title: 'Duo', durationMinutes: 30, slotStepMinutes: 15, hostIds: [anna.user.id, bob.user.id] },
    { slug: 'pool', title: 'Pool', durationMinutes: 30, mode: 'round_robin', hostIds: [anna.user.id, bob.user.id] },
  ];
  for (const p of pages) expect((await team.owner.post('/api/booking-pages', p)).status).toBe(201);
});
afterAll(async () => {
  await server?.close();
});

let n = 0;
/** Many guests press "Book" at the same moment. */
function burst(requests: { slug: string; start: string }[]) {
  return Promise.all(
    requests.map(({ slug, start }) => {
      const i = n++;
      return server.client().post(`/api/public/${team.portal.slug}/booking/${slug}/book`, { start, name: `Guest ${i}`, email: `guest${i}@race.test` });
    }),
  );
}

async function confirmedOf(hostClient: typeof anna.client, day: string) {
  const res = await hostClient.get(`/api/bookings?status=confirmed&from=${day}T00:00:00Z&limit=200`);
  return (res.body.items as { start: string; end: string; hosts: { userId: string }[] }[]).filter((b) => b.start.startsWith(day));
}

function expectNoOverlap(bookings: { start: string; end: string }[]) {
  const sorted = [...bookings].sort((a, b) => a.start.localeCompare(b.start));
  for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.start >= sorted[i - 1]!.end, `${sorted[i - 1]!.start} and ${sorted[i]!.start} overlap`).toBe(true);
}

describe('no double booking under concurrent requests', () => {
  it('gives one slot to exactly one of twelve guests booking it at once', async () => {
    const results = await burst(Array.from({ length: 12 }, () => ({ slug: 'rush', start: '2031-03-04T09:00:00Z' })));
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(11).fill(409)]);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'SLOT_TAKEN')).toBe(true);
    expect(await confirmedOf(anna.client, '2031-03-04')).toHaveLength(1);
  });

  it('never lets overlapping starts both through', async () => {
    const starts = ['10:00', '10:15', '10:30', '10:15', '10:00', '10:45', '10:30', '10:15'];
    const results = await burst(starts.map((t) => ({ slug: 'rush', start: `2031-03-05T${t}:00Z` })));
    expect(results.some((r) => r.status === 201)).toBe(true);
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const booked = await confirmedOf(anna.client, '2031-03-05');
    expect(booked).toHaveLength(results.filter((r) => r.status === 201).length);
    expectNoOverlap(booked);
  });

  it('keeps a host single-booked across pages: a collective page and a personal one racing for the same time', async () => {
    const results = await burst([
      { slug: 'duo', start: '2031-03-06T11:00:00Z' },
      { slug: 'rush', start: '2031-03-06T11:00:00Z' },
      { slug: 'duo', start: '2031-03-06T11:15:00Z' },
      { slug: 'rush', start: '2031-03-06T11:15:00Z' },
      { slug: 'duo', start: '2031-03-06T11:00:00Z' },
      { slug: 'rush', start: '2031-03-06T11:15:00Z' },
    ]);
    // Every pair of these overlaps: exactly one can stand.
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expectNoOverlap(await confirmedOf(anna.client, '2031-03-06'));
  });

  it('round robin: as many guests get the slot as there are hosts, one each', async () => {
    const results = await burst(Array.from({ length: 10 }, () => ({ slug: 'pool', start: '2031-03-07T13:00:00Z' })));
    const ok = results.filter((r) => r.status === 201);
    expect(ok).toHaveLength(2);
    expect(ok.map((r) => r.body.hosts[0].name).sort()).toEqual(['Anna Berg', 'Bob Stone']);
    for (const c of [anna.client, bob.client]) expect(await confirmedOf(c, '2031-03-07')).toHaveLength(1);
  });
});
