import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import type { TestClient } from '../../test/client.js';
import type { Team } from '../../test/factories.js';
import { setHours, startSchedulingServer, teamWithPeople } from '../scheduling/scheduling.testkit.js';
import { eventIcs, skipWithoutRadicale, startRadicale, type RadicaleServer } from './radicale.testkit.js';

// CalDAV accounts as connected calendars (issue 18 items 2 and 3), against a real Radicale.
// The server's clock: Monday 3 March 2031, 07:00 UTC (scheduling.testkit).

const PASSWORD = 'anna-app-password';
let server: TestServer;
let radicale: RadicaleServer;
let team: Team;
let anna: Awaited<ReturnType<typeof teamWithPeople>>['anna'];

const at = (iso: string) => new Date(iso);

async function sync(client: TestClient, id: string) {
  const res = await client.post(`/api/calendar-connections/${id}/sync`, {});
  expect(res.status, res.text).toBe(200);
  return res.body as { status: string; eventCount: number; changed: boolean; lastError: { code: string; message: string } | null };
}

async function externalTitles(client: TestClient) {
  const res = await client.get('/api/calendar-connections/events?start=2031-03-01T00:00:00Z&end=2031-04-01T00:00:00Z');
  expect(res.status, res.text).toBe(200);
  return (res.body.items as { title: string; start: string; color: string }[]).map((e) => `${e.start} ${e.title}`);
}

describe.skipIf(skipWithoutRadicale)('CalDAV accounts as connected calendars', () => {
  beforeAll(async () => {
    radicale = await startRadicale({ anna: PASSWORD });
    await radicale.mkcalendar('anna', 'work', { name: 'Work', color: '#228BE6' });
    await radicale.mkcalendar('anna', 'bookings', { name: 'Bookings' });
    await radicale.put('anna', 'work', 'dentist.ics', eventIcs('dentist@radicale.test', 'Dentist', at('2031-03-05T13:00:00Z')));
    await radicale.put('anna', 'work', 'review.ics', eventIcs('review@radicale.test', 'Review', at('2031-03-06T10:00:00Z')));
    server = await startSchedulingServer({ WEBHOOK_ALLOW_LOOPBACK: '1', CALENDAR_FETCH_TIMEOUT_MS: '10000' });
    ({ team, anna } = await teamWithPeople(server));
    await setHours(anna.client, 'UTC');
  });
  afterAll(async () => {
    await server?.close();
    await radicale?.stop();
  });

  let connectionId: string;
  let calendars: { id: string; name: string; url: string; color: string | null; busy: boolean; writeBack: boolean }[];

  it('tests an account: its calendars found from the server address, a wrong password named', async () => {
    const ok = await anna.client.post('/api/calendar-connections/test', { kind: 'caldav', url: radicale.url, username: 'anna', password: PASSWORD });
    expect(ok.status, ok.text).toBe(200);
    expect([...ok.body.calendars].sort((a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name))).toEqual([
      { url: `${radicale.url}/anna/bookings/`, name: 'Bookings', color: null },
      { url: `${radicale.url}/anna/work/`, name: 'Work', color: '#228be6' },
    ]);
    const wrong = await anna.client.post('/api/calendar-connections/test', { kind: 'caldav', url: radicale.url, username: 'anna', password: 'nope' });
    expect([wrong.status, wrong.body.error.code]).toEqual([400, 'CONNECTION_AUTH_FAILED']);
    expect((await anna.client.get('/api/calendar-connections')).body.items).toEqual([]);
  });

  it('connects, syncs every calendar, shows the events and makes their time busy', async () => {
    const created = await anna.client.post('/api/calendar-connections', {
      kind: 'caldav',
      url: radicale.url,
      username: 'anna',
      password: PASSWORD,
      name: 'Radicale',
    });
    expect(created.status, created.text).toBe(201);
    connectionId = created.body.id;
    expect(await sync(anna.client, connectionId)).toMatchObject({ status: 'ok', eventCount: 2, changed: true, lastError: null });
    const got = (await anna.client.get(`/api/calendar-connections/${connectionId}`)).body;
    calendars = [...got.calendars].sort((a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name));
    expect(calendars.map((c) => [c.name, c.color, c.busy, c.writeBack])).toEqual([
      ['Bookings', null, true, false],
      ['Work', '#228be6', true, false],
    ]);
    expect(await externalTitles(anna.client)).toEqual(['2031-03-05T13:00:00.000Z Dentist', '2031-03-06T10:00:00.000Z Review']);

    const page = await anna.client.post('/api/booking-pages', { slug: 'anna-caldav', title: 'Call', durationMinutes: 30, minimumNoticeMinutes: 0 });
    expect(page.status, page.text).toBe(201);
    const slots = (
      await server.client().get(`/api/public/${team.portal.slug}/booking/anna-caldav/slots?from=2031-03-05T00:00:00Z&to=2031-03-06T00:00:00Z&timeZone=UTC`)
    ).body.slots.map((s: { start: string }) => Date.parse(s.start));
    expect(slots).not.toContain(Date.parse('2031-03-05T13:00:00Z'));
    expect(slots).toContain(Date.parse('2031-03-05T12:00:00Z'));
  });

  it('re-syncs incrementally: nothing when unchanged, then the edit, the new and the removed event', async () => {
    expect(await sync(anna.client, connectionId)).toMatchObject({ status: 'ok', eventCount: 2, changed: false });
    await radicale.put('anna', 'work', 'dentist.ics', eventIcs('dentist@radicale.test', 'Dentist (moved)', at('2031-03-05T15:00:00Z')));
    await radicale.remove('anna', 'work', 'review.ics');
    await radicale.put('anna', 'work', 'offsite.ics', eventIcs('offsite@radicale.test', 'Offsite', at('2031-03-07T09:00:00Z'), 180));
    expect(await sync(anna.client, connectionId)).toMatchObject({ status: 'ok', eventCount: 2, changed: true });
    expect(await externalTitles(anna.client)).toEqual(['2031-03-05T15:00:00.000Z Dentist (moved)', '2031-03-07T09:00:00.000Z Offsite']);
    const items = await server.deps.db
      .selectFrom('connection_items')
      .select(['href', 'etag'])
      .where('calendar_id', '=', calendars.find((c) => c.name === 'Work')!.id)
      .orderBy('href')
      .execute();
    expect(items.map((i) => i.href)).toEqual(['/anna/work/dentist.ics', '/anna/work/offsite.ics']);
  });

  it('shows a refused password on the connection', async () => {
    const broken = await anna.client.post('/api/calendar-connections', { kind: 'caldav', url: radicale.url, username: 'anna', password: 'wrong' });
    expect(broken.status, broken.text).toBe(201);
    const res = await sync(anna.client, broken.body.id);
    expect(res).toMatchObject({ status: 'error', lastError: { code: 'CONNECTION_AUTH_FAILED' } });
    expect(res.lastError!.message).toMatch(/app password/);
    expect((await anna.client.delete(`/api/calendar-connections/${broken.body.id}`)).status).toBe(204);
  });

  it('writes bookings into the write-back calendar, moves them on reschedule and deletes them on cancel', async () => {
    const bookings = calendars.find((c) => c.name === 'Bookings')!;
    const patched = await anna.client.patch(`/api/calendar-connections/${connectionId}`, { calendars: [{ id: bookings.id, writeBack: true }] });
    expect(patched.status, patched.text).toBe(200);

    const guest = server.client();
    const booked = await guest.post(`/api/public/${team.portal.slug}/booking/anna-caldav/book`, {
      start: '2031-03-04T10:00:00Z',
      name: 'Gus Guest',
      email: 'gus@guest.test',
    });
    expect(booked.status, booked.text).toBe(201);
    await server.runJobs();
    const files = radicale.items('anna', 'bookings');
    expect(files).toHaveLength(1);
    const written = (await radicale.get('anna', 'bookings', files[0]!))!;
    expect(written).toMatch(/UID:[0-9a-f-]{36}@schedulingkit/);
    expect(written).toContain('DTSTART');
    expect(written.replace(/\r\n[ \t]/g, '')).toContain('Gus Guest');
    const startOf = (ics: string) => /DTSTART[^:\r\n]*:([0-9TZ]+)/.exec(ics)![1];
    expect(startOf(written)).toMatch(/^20310304T1000/);

    // The copy is the app's own: a sync does not read it back as a second busy event.
    expect(await sync(anna.client, connectionId)).toMatchObject({ status: 'ok', eventCount: 2 });

    const token = booked.body.manageUrl.split('/').at(-1);
    const moved = await guest.post(`/api/public/bookings/${token}/reschedule`, { start: '2031-03-04T14:00:00Z' });
    expect(moved.status, moved.text).toBe(200);
    await server.runJobs();
    expect(radicale.items('anna', 'bookings')).toEqual(files);
    const after = (await radicale.get('anna', 'bookings', files[0]!))!;
    expect(startOf(after)).toMatch(/^20310304T1400/);
    expect(after).toMatch(/SEQUENCE:[1-9]/);

    const cancelled = await guest.post(`/api/public/bookings/${token}/cancel`, { reason: 'Clash' });
    expect(cancelled.status, cancelled.text).toBe(200);
    await server.runJobs();
    expect(radicale.items('anna', 'bookings')).toEqual([]);
  });

  it('never makes a booking wait for the other server: with it down the booking succeeds and the copy waits for a retry', async () => {
    const bookingsCal = calendars.find((c) => c.name === 'Bookings')!;
    await server.deps.db.updateTable('connection_calendars').set({ url: 'http://127.0.0.1:1/anna/bookings/' }).where('id', '=', bookingsCal.id).execute();
    const guest = server.client();
    const booked = await guest.post(`/api/public/${team.portal.slug}/booking/anna-caldav/book`, {
      start: '2031-03-04T11:00:00Z',
      name: 'Una Down',
      email: 'una@guest.test',
    });
    expect(booked.status, booked.text).toBe(201);
    await server.runJobs();
    const waiting = await server.deps.db
      .selectFrom('jobs')
      .select(['attempts', 'last_error'])
      .where('kind', '=', 'connections.write-back')
      .where('status', '=', 'queued')
      .execute();
    // Failed once, to be retried later with backoff.
    expect(waiting.map((j) => [j.attempts, /could not reach/.test(j.last_error ?? '')])).toEqual([[1, true]]);
    expect(radicale.items('anna', 'bookings')).toEqual([]);
    await server.deps.db.updateTable('connection_calendars').set({ url: bookingsCal.url }).where('id', '=', bookingsCal.id).execute();
    server.clock.advance(60_000);
    await server.runJobs();
    expect(radicale.items('anna', 'bookings')).toHaveLength(1);
  });
});
