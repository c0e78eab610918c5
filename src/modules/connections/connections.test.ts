import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import type { TestClient } from '../../test/client.js';
import type { Team } from '../../test/factories.js';
import { setHours, startSchedulingServer, teamWithPeople } from '../scheduling/scheduling.testkit.js';
import { icsOf, startFeedServer, type FeedServer } from './connections.testkit.js';

let server: TestServer;
let feed: FeedServer;
let team: Team;
let anna: Awaited<ReturnType<typeof teamWithPeople>>['anna'];
let bob: Awaited<ReturnType<typeof teamWithPeople>>['bob'];

// The server's clock: Monday 3 March 2031, 07:00 UTC (scheduling.testkit).
const teamSync = [
  'UID:team-sync@example.test',
  'SUMMARY:Team sync',
  'DTSTART;TZID=Europe/Berlin:20310304T100000',
  'DTEND;TZID=Europe/Berlin:20310304T110000',
  'RRULE:FREQ=WEEKLY;COUNT=4',
  'EXDATE;TZID=Europe/Berlin:20310311T100000',
];
const movedSync = [
  'UID:team-sync@example.test',
  'RECURRENCE-ID;TZID=Europe/Berlin:20310318T100000',
  'SUMMARY:Team sync (moved)',
  'DTSTART;TZID=Europe/Berlin:20310318T140000',
  'DTEND;TZID=Europe/Berlin:20310318T150000',
];
const dentist = ['UID:dentist@example.test', 'SUMMARY:Dentist', 'DTSTART:20310305T130000Z', 'DTEND:20310305T140000Z'];
const holiday = ['UID:holiday@example.test', 'SUMMARY:Holiday', 'DTSTART;VALUE=DATE:20310306', 'DTEND;VALUE=DATE:20310307', 'TRANSP:TRANSPARENT'];
const FEED = icsOf(teamSync, movedSync, dentist, holiday);

beforeAll(async () => {
  server = await startSchedulingServer({ WEBHOOK_ALLOW_LOOPBACK: '1', CALENDAR_FETCH_TIMEOUT_MS: '2000' });
  feed = await startFeedServer();
  ({ team, anna, bob } = await teamWithPeople(server));
  await setHours(anna.client, 'Europe/Berlin');
});
afterAll(async () => {
  await feed?.close();
  await server?.close();
});

async function connect(client: TestClient, body: Record<string, unknown> = {}) {
  const res = await client.post('/api/calendar-connections', { kind: 'ics', url: feed.url, ...body });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; status: string; calendars: { id: string }[] };
}

async function sync(client: TestClient, id: string) {
  const res = await client.post(`/api/calendar-connections/${id}/sync`, {});
  expect(res.status, res.text).toBe(200);
  return res.body as { status: string; eventCount: number; changed: boolean; lastError: { code: string; message: string } | null };
}

async function externalEvents(client: TestClient, start = '2031-03-01T00:00:00Z', end = '2031-04-01T00:00:00Z') {
  const res = await client.get(`/api/calendar-connections/events?start=${start}&end=${end}`);
  expect(res.status, res.text).toBe(200);
  return res.body.items as { connectionId: string; title: string; start: string; end: string; allDay: boolean; color: string; busy: boolean }[];
}

async function removeAll(client: TestClient) {
  for (const c of (await client.get('/api/calendar-connections')).body.items)
    expect((await client.delete(`/api/calendar-connections/${c.id}`)).status).toBe(204);
}

describe('iCalendar subscriptions (issue 18 item 2)', () => {
  it('subscribes to a feed: pending at first, then synced with recurrence, exceptions, zones and all-day events expanded', async () => {
    feed.serve(FEED);
    const created = await connect(anna.client, { name: 'Work (Google)', color: '#fa5252', password: 'feed-secret', username: 'anna' });
    expect(created).toMatchObject({
      kind: 'ics',
      name: 'Work (Google)',
      status: 'pending',
      color: '#fa5252',
      eventCount: 0,
      lastSyncAt: null,
      hasPassword: true,
    });
    expect(JSON.stringify(created)).not.toContain('feed-secret');
    expect(created.calendars).toEqual([{ id: expect.any(String), url: feed.url, name: 'Work (Google)', color: null, busy: true, writeBack: false }]);

    const done = await sync(anna.client, created.id);
    expect(done).toMatchObject({ status: 'ok', eventCount: 5, changed: true, lastError: null });
    const items = await externalEvents(anna.client);
    expect(items.map((e) => [e.title, e.start, e.end, e.allDay, e.busy])).toEqual([
      ['Team sync', '2031-03-04T09:00:00.000Z', '2031-03-04T10:00:00.000Z', false, true],
      ['Dentist', '2031-03-05T13:00:00.000Z', '2031-03-05T14:00:00.000Z', false, true],
      ['Holiday', '2031-03-06T00:00:00.000Z', '2031-03-07T00:00:00.000Z', true, false],
      ['Team sync (moved)', '2031-03-18T13:00:00.000Z', '2031-03-18T14:00:00.000Z', false, true],
      // After Europe's DST change on 30 March? No: 25 March is still winter time in Berlin.
      ['Team sync', '2031-03-25T09:00:00.000Z', '2031-03-25T10:00:00.000Z', false, true],
    ]);
    expect(new Set(items.map((e) => e.color))).toEqual(new Set(['#fa5252']));
    await removeAll(anna.client);
  });

  it('re-syncs an unchanged feed with If-None-Match / If-Modified-Since and changes nothing on 304', async () => {
    feed.serve(FEED);
    const c = await connect(anna.client);
    await sync(anna.client, c.id);
    const before = feed.requests.length;
    const again = await sync(anna.client, c.id);
    expect(again).toMatchObject({ status: 'ok', eventCount: 5, changed: false });
    const req = feed.requests.at(-1)!;
    expect(feed.requests.length).toBe(before + 1);
    expect(req.ifNoneMatch).toMatch(/^"v\d+"$/);
    expect(req.ifModifiedSince).toBe('Wed, 01 Jan 2031 00:00:00 GMT');
    expect(req.authorization).toBeNull();
    await removeAll(anna.client);
  });

  it('replaces the whole set when the feed changes', async () => {
    feed.serve(FEED);
    const c = await connect(anna.client);
    await sync(anna.client, c.id);
    feed.serve(icsOf(['UID:new@example.test', 'SUMMARY:Only this', 'DTSTART:20310310T080000Z', 'DTEND:20310310T090000Z']));
    expect(await sync(anna.client, c.id)).toMatchObject({ status: 'ok', eventCount: 1, changed: true });
    expect((await externalEvents(anna.client)).map((e) => e.title)).toEqual(['Only this']);
    await removeAll(anna.client);
  });

  it('shows the failure on the connection, keeps the last good events, and backs off', async () => {
    feed.serve(FEED);
    const c = await connect(anna.client);
    await sync(anna.client, c.id);
    feed.fail(500);
    const failed = await sync(anna.client, c.id);
    expect(failed).toMatchObject({
      status: 'error',
      eventCount: 5,
      lastError: { code: 'CONNECTION_BAD_RESPONSE', message: '127.0.0.1:' + new URL(feed.url).port + ' answered HTTP 500' },
    });
    const first = Date.parse((await anna.client.get(`/api/calendar-connections/${c.id}`)).body.nextSyncAt);
    await sync(anna.client, c.id);
    await sync(anna.client, c.id);
    const third = (await anna.client.get(`/api/calendar-connections/${c.id}`)).body;
    const now = server.clock.now().getTime();
    expect(first - now).toBeLessThanOrEqual(10 * 60_000);
    expect(Date.parse(third.nextSyncAt) - now).toBeGreaterThan(35 * 60_000); // 10 min × 2² after three failures
    expect((await externalEvents(anna.client)).length).toBe(5);

    feed.serve('<html>Sign in</html>');
    expect((await sync(anna.client, c.id)).lastError).toMatchObject({
      code: 'CONNECTION_BAD_RESPONSE',
      message: expect.stringMatching(/not serve an iCalendar feed/),
    });
    feed.serve(FEED);
    expect(await sync(anna.client, c.id)).toMatchObject({ status: 'ok', lastError: null });
    await removeAll(anna.client);
  });

  it('syncs in the background: the first sync at once, then every CALENDAR_SYNC_MINUTES', async () => {
    feed.serve(FEED);
    const c = await connect(anna.client);
    await server.runJobs();
    let row = (await anna.client.get(`/api/calendar-connections/${c.id}`)).body;
    expect(row).toMatchObject({ status: 'ok', eventCount: 5 });
    const count = feed.requests.length;
    await server.runJobs();
    expect(feed.requests.length).toBe(count); // not before its time
    feed.serve(icsOf(dentist));
    server.clock.advance(10 * 60_000 + 1000);
    await server.runJobs();
    row = (await anna.client.get(`/api/calendar-connections/${c.id}`)).body;
    expect(row).toMatchObject({ status: 'ok', eventCount: 1 });
    expect(feed.requests.length).toBe(count + 1);
    await removeAll(anna.client);
  });

  it('accepts webcal:// as https://, and refuses other schemes', async () => {
    const c = await connect(anna.client, { url: 'webcal://calendar.example.test/feeds/anna.ics' });
    expect((await anna.client.get(`/api/calendar-connections/${c.id}`)).body.url).toBe('https://calendar.example.test/feeds/anna.ics');
    const bad = await anna.client.post('/api/calendar-connections', { kind: 'ics', url: 'file:///etc/passwd' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    await removeAll(anna.client);
  });

  it('sends HTTP Basic when the feed needs it, and names a refused password', async () => {
    feed.serve(FEED);
    feed.requireAuth({ username: 'anna', password: 'right' });
    const c = await connect(anna.client, { username: 'anna', password: 'wrong' });
    expect(await sync(anna.client, c.id)).toMatchObject({ status: 'error', lastError: { code: 'CONNECTION_AUTH_FAILED' } });
    const fixed = await anna.client.patch(`/api/calendar-connections/${c.id}`, { password: 'right' });
    expect(fixed.status, fixed.text).toBe(200);
    expect(fixed.body).toMatchObject({ status: 'pending', hasPassword: true });
    expect(await sync(anna.client, c.id)).toMatchObject({ status: 'ok', eventCount: 5 });
    // The password is stored encrypted, not as written.
    const row = await server.deps.db.selectFrom('calendar_connections').select('secret').where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.secret).toMatch(/^v1\./);
    expect(row.secret).not.toContain('right');
    feed.requireAuth(null);
    feed.serve(FEED);
    await removeAll(anna.client);
  });
});

describe('testing an address', () => {
  it('says the feed is reachable and how many events it has, and writes nothing', async () => {
    feed.serve(FEED);
    const res = await anna.client.post('/api/calendar-connections/test', { kind: 'ics', url: feed.url });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ reachable: true, calendars: [{ url: feed.url, name: '127.0.0.1', color: null }], eventCount: 3 });
    expect((await anna.client.get('/api/calendar-connections')).body.items).toEqual([]);
  });

  it('answers with a clear error code when it is not', async () => {
    feed.fail(404);
    const missing = await anna.client.post('/api/calendar-connections/test', { kind: 'ics', url: feed.url });
    expect([missing.status, missing.body.error.code]).toEqual([502, 'CONNECTION_BAD_RESPONSE']);
    feed.serve(FEED);
    const closed = await anna.client.post('/api/calendar-connections/test', { kind: 'ics', url: 'http://127.0.0.1:1/feed.ics' });
    expect([closed.status, closed.body.error.code]).toEqual([502, 'CONNECTION_UNREACHABLE']);
    // Redirects are followed, and each hop is checked: a private address is refused even with loopback allowed.
    feed.redirect('http://10.0.0.1/feed.ics');
    const redirected = await anna.client.post('/api/calendar-connections/test', { kind: 'ics', url: feed.url });
    expect([redirected.status, redirected.body.error.code]).toEqual([400, 'CONNECTION_ADDRESS_REFUSED']);
    feed.serve(FEED);
  });
});

describe('ownership', () => {
  it('shows a connection to its owner only; the password is never returned', async () => {
    feed.serve(FEED);
    const c = await connect(anna.client, { password: 'p4ss', username: 'anna' });
    for (const res of [await anna.client.get('/api/calendar-connections'), await anna.client.get(`/api/calendar-connections/${c.id}`)]) {
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('p4ss');
      expect(res.text).not.toContain('secret');
    }
    expect((await bob.client.get('/api/calendar-connections')).body.items).toEqual([]);
    for (const res of [
      await bob.client.get(`/api/calendar-connections/${c.id}`),
      await bob.client.patch(`/api/calendar-connections/${c.id}`, { name: 'Mine now' }),
      await bob.client.post(`/api/calendar-connections/${c.id}/sync`, {}),
      await bob.client.delete(`/api/calendar-connections/${c.id}`),
      await team.owner.delete(`/api/calendar-connections/${c.id}`),
    ]) {
      expect(res.status).toBe(404);
    }
    await sync(anna.client, c.id);
    expect(await externalEvents(bob.client)).toEqual([]);
    await removeAll(anna.client);
  });

  it('disconnecting removes its events in one go, is audited, and a second DELETE changes nothing', async () => {
    feed.serve(FEED);
    const c = await connect(anna.client);
    await sync(anna.client, c.id);
    expect((await anna.client.delete(`/api/calendar-connections/${c.id}`)).status).toBe(204);
    expect((await anna.client.delete(`/api/calendar-connections/${c.id}`)).status).toBe(404);
    expect(await externalEvents(anna.client)).toEqual([]);
    const left = await server.deps.db.selectFrom('external_events').select('id').where('connection_id', '=', c.id).execute();
    expect(left).toEqual([]);
    const audit = await team.owner.get('/api/audit?limit=100');
    const actions = audit.body.items.filter((e: { targetId: string }) => e.targetId === c.id).map((e: { action: string }) => e.action);
    expect(actions.sort()).toEqual(['calendar_connection.created', 'calendar_connection.deleted']);
  });
});

describe('busy time from connected calendars', () => {
  it('makes a slot disappear from a booking page and from find-a-time, and the booking transaction refuses it', async () => {
    const page = await anna.client.post('/api/booking-pages', { slug: 'anna-30', title: 'Thirty minutes', durationMinutes: 30, minimumNoticeMinutes: 0 });
    expect(page.status, page.text).toBe(201);
    const pub = `/api/public/${team.portal.slug}/booking/anna-30`;
    const guest = server.client();
    const slotsOn5th = async () =>
      ((await guest.get(`${pub}/slots?from=2031-03-05T00:00:00Z&to=2031-03-06T00:00:00Z&timeZone=UTC`)).body.slots as { start: string }[]).map((s) => s.start);
    const findTimes = async () => {
      const res = await team.owner.post('/api/scheduling/find-times', {
        attendeeIds: [anna.user.id],
        durationMinutes: 30,
        limit: 50,
        from: '2031-03-05T00:00:00Z',
        to: '2031-03-06T00:00:00Z',
      });
      expect(res.status, res.text).toBe(200);
      return (res.body.suggestions as { start: string }[]).map((s) => s.start);
    };
    const at = (list: string[], iso: string) => list.some((s) => Date.parse(s) === Date.parse(iso));
    expect(at(await slotsOn5th(), '2031-03-05T13:00:00Z')).toBe(true);
    expect(at(await findTimes(), '2031-03-05T13:00:00Z')).toBe(true);

    feed.serve(FEED);
    const c = await connect(anna.client);
    await sync(anna.client, c.id);
    expect(at(await slotsOn5th(), '2031-03-05T13:00:00Z')).toBe(false);
    expect(at(await slotsOn5th(), '2031-03-05T13:30:00Z')).toBe(false);
    expect(at(await slotsOn5th(), '2031-03-05T12:00:00Z')).toBe(true);
    expect(at(await findTimes(), '2031-03-05T13:00:00Z')).toBe(false);
    const booked = await guest.post(`${pub}/book`, { start: '2031-03-05T13:00:00Z', name: 'Gus Guest', email: 'gus@guest.test' });
    expect(booked.status, booked.text).toBe(409);

    // Not busy once the calendar no longer counts as busy.
    const off = await anna.client.patch(`/api/calendar-connections/${c.id}`, { calendars: [{ id: c.calendars[0]!.id, busy: false }] });
    expect(off.status, off.text).toBe(200);
    expect(off.body.calendars[0].busy).toBe(false);
    expect(at(await slotsOn5th(), '2031-03-05T13:00:00Z')).toBe(true);
    await removeAll(anna.client);
  });
});
