import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, type Team } from '../../test/factories.js';
import type { TestClient } from '../../test/client.js';

const fixture = (name: string) => fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name), 'utf8');

let server: TestServer;
let team: Team;
beforeAll(async () => {
  server = await startTestServer();
  team = await portalWithTeam(server);
});
afterAll(async () => {
  await server?.close();
});

async function newCalendar(c: TestClient, name: string): Promise<string> {
  const res = await c.post('/api/calendars', { name, kind: 'personal' });
  expect(res.status).toBe(201);
  return res.body.id;
}

function asMultipart(text: string, filename: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([text], { type: 'text/calendar' }), filename);
  return form;
}

const importFile = (c: TestClient, calendarId: string, body: FormData | string, query = '') =>
  c.request('POST', `/api/calendars/${calendarId}/import${query}`, body, typeof body === 'string' ? { 'content-type': 'text/calendar; charset=utf-8' } : {});

async function occurrences(c: TestClient, calendarId: string, from = '2026-03-01T00:00:00Z', to = '2026-05-01T00:00:00Z') {
  const res = await c.get(`/api/events?from=${from}&to=${to}&calendarIds=${calendarId}`);
  expect(res.status).toBe(200);
  return (
    res.body.items as { title: string; start: string; end: string; allDay: boolean; startDate: string | null; endDate: string | null; timeZone: string }[]
  ).map((o) => (o.allDay ? `${o.title} ${o.startDate}…${o.endDate}` : `${o.title} ${o.start}…${o.end}`));
}

describe('iCalendar import (CAL-1, POR-5)', () => {
  it('imports a Google Calendar export: TZID with VTIMEZONE, RRULE with UNTIL, EXDATE, a moved occurrence, UTC and all-day events', async () => {
    const cal = await newCalendar(team.member, 'From Google');
    const res = await importFile(team.member, cal, asMultipart(fixture('google.ics'), 'work.ics'));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ imported: 3, updated: 0, skipped: 0, errors: [], warnings: [] });
    expect(await occurrences(team.member, cal)).toEqual([
      'Planning 2026-03-02T09:00:00.000Z…2026-03-02T09:30:00.000Z',
      'Coffee with Anna 2026-03-05T15:00:00.000Z…2026-03-05T16:00:00.000Z',
      'Planning 2026-03-09T09:00:00.000Z…2026-03-09T09:30:00.000Z',
      'Planning (on Tuesday this week) 2026-03-24T13:00:00.000Z…2026-03-24T14:00:00.000Z',
      'Planning 2026-03-30T08:00:00.000Z…2026-03-30T08:30:00.000Z',
      'Easter Monday 2026-04-06…2026-04-07',
      'Planning 2026-04-06T08:00:00.000Z…2026-04-06T08:30:00.000Z',
      'Planning 2026-04-13T08:00:00.000Z…2026-04-13T08:30:00.000Z',
      'Planning 2026-04-20T08:00:00.000Z…2026-04-20T08:30:00.000Z',
    ]);
    const list = await team.member.get(`/api/events?from=2026-03-05T00:00:00Z&to=2026-03-06T00:00:00Z&calendarIds=${cal}`);
    const coffee = await team.member.get(`/api/events/${list.body.items[0].eventId}`);
    // A single UTC event is shown in the calendar's own zone (X-WR-TIMEZONE), at the same instant.
    expect(coffee.body).toMatchObject({ start: '2026-03-05T16:00:00', timeZone: 'Europe/Berlin', icalUid: '3v1fq9l2b0u6m4h3k2j1i0g9f8@google.com' });
    expect(coffee.body.attendees).toEqual([{ userId: null, email: 'anna@example.com', name: 'Anna Schmidt', status: 'accepted' }]);
  });

  it('imports nothing new from the same file twice, and updates an event whose copy is newer', async () => {
    const cal = await newCalendar(team.member, 'Twice');
    const file = fixture('google.ics');
    expect((await importFile(team.member, cal, file)).body).toMatchObject({ imported: 3, skipped: 0 });
    expect((await importFile(team.member, cal, file)).body).toMatchObject({ imported: 0, updated: 0, skipped: 3 });
    const newer = file.replace('SEQUENCE:1\r\nSTATUS:CONFIRMED\r\nSUMMARY:Planning', 'SEQUENCE:3\r\nSTATUS:CONFIRMED\r\nSUMMARY:Planning (new room)');
    expect((await importFile(team.member, cal, newer)).body).toMatchObject({ imported: 0, updated: 1, skipped: 2 });
    const items = await occurrences(team.member, cal, '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z');
    expect(items).toEqual(['Planning (new room) 2026-03-02T09:00:00.000Z…2026-03-02T09:30:00.000Z']);
  });

  it('imports the same file sent twice at once: one import adds the events, the other skips them (no 500)', async () => {
    const cal = await newCalendar(team.member, 'At once');
    const file = fixture('google.ics');
    const answers = await Promise.all([1, 2, 3].map(() => importFile(team.member, cal, file)));
    for (const res of answers) expect(res.status, res.text).toBe(200);
    expect(answers.map((r) => r.body.imported).sort()).toEqual([0, 0, 3]);
    expect(answers.map((r) => r.body.skipped).sort()).toEqual([0, 3, 3]);
    const items = await occurrences(team.member, cal, '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z');
    expect(items).toEqual(['Planning 2026-03-02T09:00:00.000Z…2026-03-02T09:30:00.000Z']);
  });

  it('imports an Outlook file with Windows zone names (and a customised zone) as a raw text/calendar body', async () => {
    const cal = await newCalendar(team.member, 'From Outlook');
    const res = await importFile(team.member, cal, fixture('outlook.ics'));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ imported: 7, updated: 0, skipped: 0, errors: [], warnings: [] });
    expect(await occurrences(team.member, cal)).toEqual([
      'Jour fixe 2026-03-03T10:00:00.000Z…2026-03-03T10:30:00.000Z',
      'New York sync 2026-03-09T13:00:00.000Z…2026-03-09T14:00:00.000Z',
      'Jour fixe 2026-03-10T10:00:00.000Z…2026-03-10T10:30:00.000Z',
      'Seattle stand-up 2026-03-10T15:00:00.000Z…2026-03-10T15:30:00.000Z',
      'Pune review 2026-03-11T09:30:00.000Z…2026-03-11T10:30:00.000Z',
      'Supplier call 2026-03-12T09:00:00.000Z…2026-03-12T09:30:00.000Z',
      'Out of office 2026-03-20…2026-03-21',
      'Jour fixe 2026-03-24T10:00:00.000Z…2026-03-24T10:30:00.000Z',
      'Jour fixe 2026-03-31T09:00:00.000Z…2026-03-31T09:30:00.000Z',
      'Sydney check-in 2026-04-01T22:00:00.000Z…2026-04-01T22:30:00.000Z',
      'Sydney check-in 2026-04-02T22:00:00.000Z…2026-04-02T22:30:00.000Z',
      'Sydney check-in 2026-04-03T22:00:00.000Z…2026-04-03T22:30:00.000Z',
      'Sydney check-in 2026-04-04T23:00:00.000Z…2026-04-04T23:30:00.000Z',
      'Sydney check-in 2026-04-05T23:00:00.000Z…2026-04-05T23:30:00.000Z',
    ]);
    const zones = await team.member.get(`/api/events?from=2026-03-01T00:00:00Z&to=2026-05-01T00:00:00Z&calendarIds=${cal}`);
    expect(new Set(zones.body.items.map((o: { timeZone: string }) => o.timeZone))).toEqual(
      // Outlook names no zone for all-day events: they are read in UTC unless the importer names one.
      new Set(['Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Kolkata', 'Australia/Sydney', 'UTC']),
    );
  });

  it('imports an Apple Calendar file: X-WR-TIMEZONE for floating times, VALUE=DATE all-day events, a moved occurrence, a yearly EXDATE', async () => {
    const cal = await newCalendar(team.member, 'From Apple');
    const res = await importFile(team.member, cal, asMultipart(fixture('apple.ics'), 'Home.ics'));
    expect(res.body).toEqual({ imported: 4, updated: 0, skipped: 0, errors: [], warnings: [] });
    expect(await occurrences(team.member, cal)).toEqual([
      'Yoga 2026-03-02T23:00:00.000Z…2026-03-03T00:00:00.000Z',
      'Morning run 2026-03-04T12:30:00.000Z…2026-03-04T13:00:00.000Z',
      'Yoga 2026-03-10T23:00:00.000Z…2026-03-11T00:00:00.000Z',
      'Weekend trip 2026-03-14…2026-03-16',
      'Yoga 2026-03-16T22:00:00.000Z…2026-03-16T23:00:00.000Z',
      "Sam's birthday 2026-03-22…2026-03-23",
      'Yoga 2026-03-23T22:00:00.000Z…2026-03-23T23:00:00.000Z',
    ]);
    const birthdays = await occurrences(team.member, cal, '2026-06-01T00:00:00Z', '2027-07-01T00:00:00Z');
    expect(birthdays).toEqual([]);
  });

  it('reports an event with an unknown zone and no VTIMEZONE, and imports the rest', async () => {
    const cal = await newCalendar(team.member, 'Mixed');
    const res = await importFile(team.member, cal, fixture('unknown-zone.ics'));
    expect(res.body.imported).toBe(1);
    expect(res.body.errors).toEqual([{ uid: 'mars-event@example.com', message: expect.stringContaining('Mars/Olympus_Mons') }]);
    expect(await occurrences(team.member, cal)).toEqual(['Lisbon call 2026-03-05T10:00:00.000Z…2026-03-05T11:00:00.000Z']);
  });

  it('uses the zone the importer names for floating times when the file names none', async () => {
    const cal = await newCalendar(team.member, 'Floating');
    const file = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//x//y//EN',
      'BEGIN:VEVENT',
      'UID:f1',
      'DTSTAMP:20260301T000000Z',
      'DTSTART:20260305T090000',
      'DTEND:20260305T100000',
      'SUMMARY:Local',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    await importFile(team.member, cal, file, '?timeZone=Asia/Kolkata');
    expect(await occurrences(team.member, cal)).toEqual(['Local 2026-03-05T03:30:00.000Z…2026-03-05T04:30:00.000Z']);
  });

  it('answers a file that is not iCalendar, or is empty, with 400 INVALID_FILE and imports nothing', async () => {
    const cal = await newCalendar(team.member, 'Junk');
    const res = await importFile(team.member, cal, 'this is not a calendar');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'INVALID_FILE', message: expect.stringMatching(/^The file is not valid iCalendar/) });
    const empty = await importFile(team.member, cal, asMultipart('', 'empty.ics'));
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ code: 'INVALID_FILE', message: expect.stringMatching(/^The file is empty/) });
    expect(await occurrences(team.member, cal)).toEqual([]);
  });

  it('asks for a file (415 for JSON, 400 for a missing field) and refuses calendars the caller cannot see (404)', async () => {
    const cal = await newCalendar(team.member, 'Strict');
    expect((await team.member.post(`/api/calendars/${cal}/import`, { ics: 'x' })).status).toBe(415);
    const form = new FormData();
    form.append('other', new Blob(['x']), 'x.ics');
    const missing = await importFile(team.member, cal, form);
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields[0].path).toBe('file');
    const notYours = await importFile(team.admin, cal, fixture('google.ics'));
    expect(notYours.status).toBe(404);
  });

  it('imports into a shared calendar and matches attendees to portal users by email', async () => {
    const shared = await team.admin.post('/api/calendars', { name: 'Imported team', kind: 'shared' });
    const file = fixture('google.ics').replace('mailto:anna@example.com', `mailto:${team.memberUser.email}`);
    expect((await importFile(team.member, shared.body.id, file)).body.imported).toBe(3);
    const list = await team.admin.get(`/api/events?from=2026-03-05T00:00:00Z&to=2026-03-06T00:00:00Z&calendarIds=${shared.body.id}`);
    const coffee = await team.admin.get(`/api/events/${list.body.items[0].eventId}`);
    expect(coffee.body.attendees[0]).toMatchObject({ userId: team.memberUser.id, status: 'accepted' });
  });
});
