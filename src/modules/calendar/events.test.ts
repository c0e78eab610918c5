import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, type Team } from '../../test/factories.js';
import type { TestClient } from '../../test/client.js';

let server: TestServer;
let team: Team;
beforeAll(async () => {
  server = await startTestServer();
  team = await portalWithTeam(server);
});
afterAll(async () => {
  await server?.close();
});

const range = async (c: TestClient, from: string, to: string, extra = '') => {
  const res = await c.get(`/api/events?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${extra}`);
  expect(res.status, res.text).toBe(200);
  return res.body.items as {
    eventId: string;
    title: string;
    start: string;
    end: string;
    recurrenceId: string | null;
    startDate: string | null;
    isException: boolean;
  }[];
};
const of = (items: Awaited<ReturnType<typeof range>>, eventId: string) => items.filter((i) => i.eventId === eventId);

async function create(c: TestClient, body: Record<string, unknown>) {
  const res = await c.post('/api/events', body);
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; calendarId: string; start: string; end: string; rrule: string | null; overrides: unknown[] };
}

describe('events: create, read, change, delete', () => {
  it('stores wall-clock times with their zone and lists them as UTC instants', async () => {
    const e = await create(team.member, {
      title: 'Kick-off',
      start: '2026-03-04T09:00',
      end: '2026-03-04T10:30',
      timeZone: 'europe/berlin',
      location: 'Room 1',
    });
    expect(e).toMatchObject({ start: '2026-03-04T09:00:00', end: '2026-03-04T10:30:00', timeZone: 'Europe/Berlin', rrule: null, allDay: false });
    const items = of(await range(team.member, '2026-03-04T00:00:00Z', '2026-03-05T00:00:00Z'), e.id);
    expect(items).toEqual([
      expect.objectContaining({
        title: 'Kick-off',
        start: '2026-03-04T08:00:00.000Z',
        end: '2026-03-04T09:30:00.000Z',
        recurrenceId: null,
        isRecurring: false,
        location: 'Room 1',
        timeZone: 'Europe/Berlin',
      }),
    ]);
  });

  it('lists only occurrences that overlap the window, sorted by start', async () => {
    const a = await create(team.member, { title: 'Late', start: '2026-05-01T23:00', end: '2026-05-02T01:00', timeZone: 'UTC' });
    const b = await create(team.member, { title: 'Early', start: '2026-05-01T08:00', end: '2026-05-01T09:00', timeZone: 'UTC' });
    const items = await range(team.member, '2026-05-02T00:00:00Z', '2026-05-03T00:00:00Z');
    expect(items.map((i) => i.eventId)).toContain(a.id);
    expect(items.map((i) => i.eventId)).not.toContain(b.id);
    const day = await range(team.member, '2026-05-01T00:00:00Z', '2026-05-02T00:00:00Z');
    expect(day.filter((i) => [a.id, b.id].includes(i.eventId)).map((i) => i.title)).toEqual(['Early', 'Late']);
  });

  it('moves an event: a new start keeps its length', async () => {
    const e = await create(team.member, { title: 'Call', start: '2026-06-01T10:00', end: '2026-06-01T10:45', timeZone: 'America/New_York' });
    const res = await team.member.patch(`/api/events/${e.id}`, { start: '2026-06-02T15:00' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ start: '2026-06-02T15:00:00', end: '2026-06-02T15:45:00' });
    const items = of(await range(team.member, '2026-06-02T00:00:00Z', '2026-06-03T00:00:00Z'), e.id);
    expect(items[0]).toMatchObject({ start: '2026-06-02T19:00:00.000Z', end: '2026-06-02T19:45:00.000Z' });
  });

  it('keeps all-day events on their dates, and lists them from 00:00 in their zone', async () => {
    const e = await create(team.member, { title: 'Offsite', allDay: true, startDate: '2026-07-14', endDate: '2026-07-16', timeZone: 'Asia/Kolkata' });
    expect(e).toMatchObject({ allDay: true, startDate: '2026-07-14', endDate: '2026-07-16', start: null, end: null });
    const [occ] = of(await range(team.member, '2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z'), e.id);
    expect(occ).toMatchObject({
      allDay: true,
      startDate: '2026-07-14',
      endDate: '2026-07-16',
      start: '2026-07-13T18:30:00.000Z',
      end: '2026-07-15T18:30:00.000Z',
    });
  });

  it('deletes an event and audits it', async () => {
    const e = await create(team.member, { title: 'Cancelled lunch', start: '2026-03-05T12:00', end: '2026-03-05T13:00', timeZone: 'Europe/Berlin' });
    expect((await team.member.delete(`/api/events/${e.id}`)).status).toBe(204);
    expect((await team.member.get(`/api/events/${e.id}`)).status).toBe(404);
    const audit = await team.owner.get('/api/audit?action=calendar.event_deleted');
    expect(audit.body.items.map((i: { targetId: string }) => i.targetId)).toContain(e.id);
  });

  it('keeps attendees, filling in portal users by id', async () => {
    const e = await create(team.owner, {
      title: '1:1',
      start: '2026-03-06T14:00',
      end: '2026-03-06T14:30',
      timeZone: 'Europe/Berlin',
      attendees: [
        { userId: team.memberUser.id, status: 'accepted' },
        { email: 'guest@example.com', name: 'Guest' },
      ],
      reminders: [{ minutesBefore: 10 }],
    });
    const res = await team.owner.get(`/api/events/${e.id}`);
    expect(res.body.attendees).toEqual([
      { userId: team.memberUser.id, email: team.memberUser.email, name: 'Mia Member', status: 'accepted' },
      { userId: null, email: 'guest@example.com', name: 'Guest', status: 'needs_action' },
    ]);
    expect(res.body.reminders).toEqual([{ minutesBefore: 10 }]);
  });
});

describe('events: validation names the field', () => {
  const base = { title: 'X', start: '2026-03-09T09:00', end: '2026-03-09T10:00', timeZone: 'Europe/Berlin' };
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['an unknown zone', { ...base, timeZone: 'Europe/Atlantis' }, 'VALIDATION_FAILED', 'timeZone'],
    ['an offset instead of a zone', { ...base, timeZone: '+01:00' }, 'VALIDATION_FAILED', 'timeZone'],
    ['end before start', { ...base, end: '2026-03-09T08:00' }, 'VALIDATION_FAILED', 'end'],
    ['a missing zone', { title: 'X', start: '2026-03-09T09:00', end: '2026-03-09T10:00' }, 'VALIDATION_FAILED', 'timeZone'],
    ['a missing start', { title: 'X', end: '2026-03-09T10:00', timeZone: 'UTC' }, 'VALIDATION_FAILED', 'start'],
    ['a date that does not exist', { ...base, start: '2026-02-30T09:00' }, 'VALIDATION_FAILED', 'start'],
    ['an offset in a local time', { ...base, start: '2026-03-09T09:00+01:00' }, 'VALIDATION_FAILED', 'start'],
    ['an unknown frequency', { ...base, rrule: 'FREQ=FORTNIGHTLY' }, 'INVALID_RRULE', 'rrule'],
    ['a rule without FREQ', { ...base, rrule: 'BYDAY=MO' }, 'INVALID_RRULE', 'rrule'],
    ['a bad weekday', { ...base, rrule: 'FREQ=WEEKLY;BYDAY=XX' }, 'INVALID_RRULE', 'rrule'],
    ['COUNT and UNTIL together', { ...base, rrule: 'FREQ=DAILY;COUNT=3;UNTIL=20261231T000000Z' }, 'INVALID_RRULE', 'rrule'],
    ['a malformed exdate', { ...base, rrule: 'FREQ=DAILY', exdates: ['next monday'] }, 'VALIDATION_FAILED', 'exdates.0'],
    ['an all-day end before its start', { title: 'X', allDay: true, startDate: '2026-03-09', endDate: '2026-03-09' }, 'VALIDATION_FAILED', 'endDate'],
    ['an attendee who is not a user here', { ...base, attendees: [{ userId: 'nobody' }] }, 'VALIDATION_FAILED', 'attendees.0.userId'],
  ];
  it.each(cases)('refuses %s', async (_name, body, code, field) => {
    const res = await team.member.post('/api/events', body);
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.details.fields[0].path).toBe(field);
  });

  it('refuses a window over 400 days, or one that ends before it starts', async () => {
    const long = await team.member.get('/api/events?from=2026-01-01T00:00:00Z&to=2027-02-06T00:00:00Z');
    expect(long.status).toBe(400);
    expect(long.body.error.details.fields[0].path).toBe('to');
    const backwards = await team.member.get('/api/events?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z');
    expect(backwards.status).toBe(400);
    const notInstant = await team.member.get('/api/events?from=yesterday&to=2026-01-01T00:00:00Z');
    expect(notInstant.body.error.details.fields[0].path).toBe('from');
  });
});
