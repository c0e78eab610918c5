import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import type { TestClient } from '../../test/client.js';
import type { Team } from '../../test/factories.js';
import { event, setHours, startSchedulingServer, teamWithPeople } from './scheduling.testkit.js';

/**
 * Booking never trusts the occurrence index: slots are found through it, but
 * the booking's transaction re-reads the host's calendar by fresh expansion.
 */

let server: TestServer;
let team: Team;
let anna: Awaited<ReturnType<typeof teamWithPeople>>['anna'];
let guest: TestClient;
beforeAll(async () => {
  server = await startSchedulingServer();
  ({ team, anna } = await teamWithPeople(server));
  await setHours(anna.client, 'Europe/Berlin');
  guest = server.client();
  const res = await anna.client.post('/api/booking-pages', { slug: 'chat', title: 'Chat', durationMinutes: 30, minimumNoticeMinutes: 60 });
  expect(res.status, res.text).toBe(201);
});
afterAll(async () => {
  await server?.close();
});

const pub = () => `/api/public/${team.portal.slug}/booking/chat`;
// Wednesday 5 March 2031 in Berlin (UTC+1): 09:00–17:00 local is 08:00–16:00 UTC.
const FROM = '2031-03-05T00:00:00Z';
const TO = '2031-03-06T00:00:00Z';
async function slots(): Promise<string[]> {
  const res = await guest.get(`${pub()}/slots?from=${FROM}&to=${TO}`);
  expect(res.status, res.text).toBe(200);
  return res.body.slots.map((s: { start: string }) => s.start);
}
const book = (start: string) => guest.post(`${pub()}/book`, { start, name: 'Gus Guest', email: 'gus@guest.test' });

describe('booking against a changed calendar', () => {
  it('stops offering and refuses a slot that an event moved into', async () => {
    const e = await event(anna.client, { title: 'Dentist', start: '2031-03-05T14:00', end: '2031-03-05T15:00', timeZone: 'Europe/Berlin' });
    // 14:00–15:00 Berlin is 13:00–14:00 UTC.
    expect(await slots()).not.toContain('2031-03-05T13:00:00.000Z');
    expect(await slots()).toContain('2031-03-05T10:00:00.000Z');
    // The event moves onto 11:00–12:00 Berlin (10:00 UTC): the index follows the change.
    const moved = await anna.client.patch(`/api/events/${e.id}`, { start: '2031-03-05T11:00', end: '2031-03-05T12:00' });
    expect(moved.status, moved.text).toBe(200);
    const now = await slots();
    expect(now).not.toContain('2031-03-05T10:00:00.000Z');
    expect(now).toContain('2031-03-05T13:00:00.000Z');
    const res = await book('2031-03-05T10:00:00.000Z');
    expect(res.status, res.text).toBe(409);
    expect(res.body.error.code).toBe('SLOT_TAKEN');
  });

  it('refuses a slot made busy by an event even when the index has not caught up', async () => {
    const e = await event(anna.client, {
      title: 'Weekly review',
      start: '2031-03-05T15:00',
      end: '2031-03-05T16:00',
      timeZone: 'Europe/Berlin',
      rrule: 'FREQ=WEEKLY',
    });
    expect(await slots()).not.toContain('2031-03-05T14:00:00.000Z');
    // An index a moment old: the event's occurrences are not in it (as if read before the change committed).
    await server.deps.db.deleteFrom('event_occurrences').where('event_id', '=', e.id).execute();
    expect(await slots()).toContain('2031-03-05T14:00:00.000Z');
    const res = await book('2031-03-05T14:00:00.000Z');
    expect(res.status, res.text).toBe(409);
    expect(res.body.error.code).toBe('SLOT_TAKEN');
    // A free slot next to it is still booked.
    const ok = await book('2031-03-05T13:00:00.000Z');
    expect(ok.status, ok.text).toBe(201);
  });
});
