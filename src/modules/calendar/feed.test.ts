import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { signupPortal, type SignedUpPortal } from '../../test/factories.js';
import type { TestClient } from '../../test/client.js';

let server: TestServer;
let a: SignedUpPortal;
let calendarId: string;
const WINDOW = { from: '2026-02-01T00:00:00Z', to: '2026-06-01T00:00:00Z' };

beforeAll(async () => {
  server = await startTestServer();
  a = await signupPortal(server);
  calendarId = (await a.client.post('/api/calendars', { name: 'Work', color: '#fd7e14', kind: 'personal' })).body.id;
  const create = async (body: Record<string, unknown>) => {
    const res = await a.client.post('/api/events', { calendarId, ...body });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };
  const weekly = await create({
    title: 'Team sync',
    start: '2026-03-02T09:00',
    end: '2026-03-02T09:30',
    timeZone: 'Europe/Berlin',
    rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=12',
    exdates: ['2026-03-09T09:00'],
    location: 'Room 4, "Blue"; 2nd floor',
    description: 'Agenda:\n1. Wins\n2. Blockers — äöü ß',
    attendees: [{ email: 'guest@example.com', name: 'Guest, External', status: 'accepted' }],
    reminders: [{ minutesBefore: 15 }],
  });
  await a.client.put(`/api/events/${weekly}/occurrences/${encodeURIComponent('2026-03-16T09:00:00')}`, {
    start: '2026-03-17T15:00',
    end: '2026-03-17T16:00',
    title: 'Team sync (moved)',
  });
  await a.client.delete(`/api/events/${weekly}/occurrences/${encodeURIComponent('2026-03-23T09:00:00')}`);
  await a.client.put(`/api/events/${weekly}/occurrences/${encodeURIComponent('2026-04-06T09:00:00')}`, {
    start: '2026-04-06T10:00',
    end: '2026-04-06T11:00',
    timeZone: 'America/New_York',
  });
  const holidays = await create({ title: 'Company holiday', allDay: true, startDate: '2026-04-03', endDate: '2026-04-07', timeZone: 'Europe/Berlin' });
  expect(holidays).toBeTruthy();
  const onCall = await create({
    title: 'On call',
    allDay: true,
    startDate: '2026-03-04',
    timeZone: 'Europe/Berlin',
    rrule: 'FREQ=WEEKLY;COUNT=6',
    exdates: ['2026-03-11'],
  });
  await a.client.put(`/api/events/${onCall}/occurrences/2026-03-18`, { startDate: '2026-03-19', endDate: '2026-03-20', title: 'On call (swap)' });
  await create({
    title: 'Call with NYC',
    start: '2026-03-05T11:00',
    end: '2026-03-05T12:00',
    timeZone: 'America/New_York',
    rrule: 'FREQ=DAILY;INTERVAL=3;UNTIL=20260320T235959Z',
  });
  await create({
    title: 'Bangalore review',
    start: '2026-03-10T17:30',
    end: '2026-03-10T18:30',
    timeZone: 'Asia/Kolkata',
    rrule: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=4',
  });
  await create({ title: 'Lord Howe ferry', start: '2026-03-28T10:00', end: '2026-03-28T10:45', timeZone: 'Australia/Lord_Howe', rrule: 'FREQ=DAILY;COUNT=14' });
  await create({ title: 'UTC deploy', start: '2026-03-12T22:00', end: '2026-03-12T23:00', timeZone: 'UTC' });
});
afterAll(async () => {
  await server?.close();
});

const feedPath = (url: string) => new URL(url).pathname;

async function feedUrl(c: TestClient): Promise<string> {
  const res = await c.get(`/api/calendars/${calendarId}/feed-url`);
  expect(res.status, res.text).toBe(200);
  return res.body.url;
}

/** Every occurrence in the window per ical.js: expand each VEVENT series, relate its RECURRENCE-ID exceptions. */
function expandWithIcalJs(ics: string, from: string, to: string): string[] {
  const root = new ICAL.Component(ICAL.parse(ics));
  const vevents = root.getAllSubcomponents('vevent');
  const exceptions = vevents.filter((v) => v.getFirstProperty('recurrence-id'));
  const fromS = Date.parse(from) / 1000;
  const toS = Date.parse(to) / 1000;
  const out: string[] = [];
  const line = (title: string, start: ICAL.Time, end: ICAL.Time) =>
    start.isDate
      ? `${title}|${start.toString()}|${end.toString()}`
      : `${title}|${new Date(start.toUnixTime() * 1000).toISOString()}|${new Date(end.toUnixTime() * 1000).toISOString()}`;
  for (const master of vevents.filter((v) => !v.getFirstProperty('recurrence-id'))) {
    const event = new ICAL.Event(master);
    for (const ex of exceptions.filter((x) => x.getFirstPropertyValue('uid') === event.uid)) event.relateException(new ICAL.Event(ex));
    if (!event.isRecurring()) {
      if (event.startDate.toUnixTime() < toS && event.endDate.toUnixTime() > fromS) out.push(line(event.summary, event.startDate, event.endDate));
      continue;
    }
    const it = event.iterator();
    for (let next = it.next(); next && next.toUnixTime() < toS + 400 * 86400; next = it.next()) {
      const d = event.getOccurrenceDetails(next);
      if (d.startDate.toUnixTime() < toS && d.endDate.toUnixTime() > fromS) out.push(line(d.item.summary, d.startDate, d.endDate));
    }
  }
  return out.sort();
}

describe('private iCalendar feed (CAL-1)', () => {
  it('gives one URL per calendar: made on the first request, the same afterwards', async () => {
    const first = await feedUrl(a.client);
    expect(first).toMatch(new RegExp(`^${server.url}/api/public/calendars/feed/[A-Za-z0-9_-]{20,}\\.ics$`));
    expect(await feedUrl(a.client)).toBe(first);
    expect((await a.client.get(`/api/calendars/${calendarId}`)).body.hasFeed).toBe(true);
  });

  it('serves text/calendar without a login, with CRLF line ends and lines folded at 75 octets', async () => {
    const res = await server.client().get(feedPath(await feedUrl(a.client)));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = res.text;
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const l of text.split('\r\n')) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    // Series keep their zone and rule; each zone used has a VTIMEZONE.
    const unfolded = text.replace(/\r\n /g, '');
    expect(unfolded).toContain('DTSTART;TZID=Europe/Berlin:20260302T090000');
    expect(unfolded).toContain('RRULE:FREQ=WEEKLY;COUNT=12;BYDAY=MO');
    expect(unfolded).toMatch(/EXDATE;TZID=Europe\/Berlin:20260309T090000,20260323T090000/);
    expect(unfolded).toContain('RECURRENCE-ID;TZID=Europe/Berlin:20260316T090000');
    expect(unfolded).toContain('DTSTART;VALUE=DATE:20260403');
    expect(unfolded).toContain('RECURRENCE-ID;VALUE=DATE:20260318');
    expect(unfolded).toContain('EXDATE;VALUE=DATE:20260311');
    expect(unfolded).toContain('DTSTART:20260312T220000Z');
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'])
      expect(unfolded).toContain(`BEGIN:VTIMEZONE\r\nTZID:${zone}\r\n`);
    expect(unfolded).toContain('LOCATION:Room 4\\, "Blue"\\; 2nd floor');
  });

  it('round-trips: the feed parsed and expanded by ical.js gives the same occurrences as GET /api/events', async () => {
    const ics = (await server.client().get(feedPath(await feedUrl(a.client)))).text;
    const fromIcal = expandWithIcalJs(ics, WINDOW.from, WINDOW.to);
    const api = await a.client.get(`/api/events?from=${WINDOW.from}&to=${WINDOW.to}&calendarIds=${calendarId}`);
    const fromApi = (api.body.items as { title: string; start: string; end: string; allDay: boolean; startDate: string; endDate: string }[])
      .map((o) => (o.allDay ? `${o.title}|${o.startDate}|${o.endDate}` : `${o.title}|${o.start}|${o.end}`))
      .sort();
    expect(fromApi).toHaveLength(40);
    expect(fromIcal).toEqual(fromApi);
    expect(fromApi).toContain('Team sync (moved)|2026-03-17T14:00:00.000Z|2026-03-17T15:00:00.000Z');
    expect(fromApi).toContain('Team sync|2026-04-06T14:00:00.000Z|2026-04-06T15:00:00.000Z');
    expect(fromApi).toContain('On call (swap)|2026-03-19|2026-03-20');
  });

  it('stops serving the old URL when revoked (404), and makes a new one on the next request', async () => {
    const old = await feedUrl(a.client);
    expect((await a.client.delete(`/api/calendars/${calendarId}/feed-url`)).status).toBe(204);
    const gone = await server.client().get(feedPath(old));
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('NOT_FOUND');
    const fresh = await feedUrl(a.client);
    expect(fresh).not.toBe(old);
    expect((await server.client().get(feedPath(fresh))).status).toBe(200);
    const audit = await a.client.get('/api/audit?action=calendar.feed_revoked');
    expect(audit.body.items.map((i: { targetId: string }) => i.targetId)).toContain(calendarId);
  });

  it('answers 404 for a token that never existed', async () => {
    expect((await server.client().get('/api/public/calendars/feed/not-a-real-token.ics')).status).toBe(404);
  });
});
