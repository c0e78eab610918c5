import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { addUser, portalWithTeam, type Team } from '../../test/factories.js';
import type { TestClient } from '../../test/client.js';
import { systemContext } from '../../kernel/context.js';
import { listBusyIntervals } from './occurrences.service.js';

let server: TestServer;
let team: Team;
beforeAll(async () => {
  server = await startTestServer();
  team = await portalWithTeam(server);
});
afterAll(async () => {
  await server?.close();
});

type Item = { eventId: string; title: string; start: string; end: string; recurrenceId: string | null; isException: boolean; location: string | null };
const range = async (c: TestClient, from: string, to: string): Promise<Item[]> => {
  const res = await c.get(`/api/events?from=${from}&to=${to}`);
  expect(res.status, res.text).toBe(200);
  return res.body.items;
};
const occurrencesOf = async (c: TestClient, id: string, from: string, to: string) => (await range(c, from, to)).filter((i) => i.eventId === id);
async function create(c: TestClient, body: Record<string, unknown>): Promise<{ id: string }> {
  const res = await c.post('/api/events', body);
  expect(res.status, res.text).toBe(201);
  return res.body;
}
const rid = (s: string) => encodeURIComponent(s);

describe('recurrence across daylight saving time', () => {
  it('keeps a 09:00 Europe/Berlin weekly meeting at 09:00 Berlin time through March and October, so its UTC hour moves', async () => {
    const e = await create(team.member, {
      title: 'Stand-up',
      start: '2026-03-16T09:00',
      end: '2026-03-16T09:15',
      timeZone: 'Europe/Berlin',
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
    });
    const march = await occurrencesOf(team.member, e.id, '2026-03-15T00:00:00Z', '2026-04-07T00:00:00Z');
    expect(march.map((o) => o.start)).toEqual(['2026-03-16T08:00:00.000Z', '2026-03-23T08:00:00.000Z', '2026-03-30T07:00:00.000Z', '2026-04-06T07:00:00.000Z']);
    const october = await occurrencesOf(team.member, e.id, '2026-10-18T00:00:00Z', '2026-11-03T00:00:00Z');
    expect(october.map((o) => o.start)).toEqual(['2026-10-19T07:00:00.000Z', '2026-10-26T08:00:00.000Z', '2026-11-02T08:00:00.000Z']);
    expect(october.map((o) => o.recurrenceId)).toEqual(['2026-10-19T09:00:00', '2026-10-26T09:00:00', '2026-11-02T09:00:00']);
  });

  it('moves an occurrence whose local time does not exist (02:30 on spring-forward day) to 03:30', async () => {
    const e = await create(team.member, {
      title: 'Night job',
      start: '2026-03-28T02:30',
      end: '2026-03-28T03:00',
      timeZone: 'Europe/Berlin',
      rrule: 'FREQ=DAILY;COUNT=3',
    });
    const items = await occurrencesOf(team.member, e.id, '2026-03-27T00:00:00Z', '2026-04-01T00:00:00Z');
    expect(items.map((o) => [o.recurrenceId, o.start, o.end])).toEqual([
      ['2026-03-28T02:30:00', '2026-03-28T01:30:00.000Z', '2026-03-28T02:00:00.000Z'],
      // 02:30 does not exist on 29 March in Berlin: read with the offset before the gap, i.e. 03:30 CEST.
      ['2026-03-29T02:30:00', '2026-03-29T01:30:00.000Z', '2026-03-29T02:00:00.000Z'],
      ['2026-03-30T02:30:00', '2026-03-30T00:30:00.000Z', '2026-03-30T01:00:00.000Z'],
    ]);
  });

  it('takes the first of two 01:30s on fall-back day in New York', async () => {
    const e = await create(team.member, { title: 'Backup', start: '2026-11-01T01:30', end: '2026-11-01T02:00', timeZone: 'America/New_York' });
    const [o] = await occurrencesOf(team.member, e.id, '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z');
    expect(o!.start).toBe('2026-11-01T05:30:00.000Z');
  });

  it('follows Lord Howe Island’s half-hour shift', async () => {
    const e = await create(team.member, {
      title: 'Ferry',
      start: '2026-04-03T10:00',
      end: '2026-04-03T11:00',
      timeZone: 'Australia/Lord_Howe',
      rrule: 'FREQ=DAILY;COUNT=3',
    });
    const items = await occurrencesOf(team.member, e.id, '2026-04-01T00:00:00Z', '2026-04-10T00:00:00Z');
    // +11:00 until 5 April 02:00, then +10:30.
    expect(items.map((o) => o.start)).toEqual(['2026-04-02T23:00:00.000Z', '2026-04-03T23:00:00.000Z', '2026-04-04T23:30:00.000Z']);
  });
});

describe('series bounds', () => {
  it('ends a COUNT series after its last occurrence and an UNTIL series at UNTIL', async () => {
    const counted = await create(team.member, {
      title: 'Course',
      start: '2026-01-05T18:00',
      end: '2026-01-05T20:00',
      timeZone: 'Asia/Kolkata',
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=5',
    });
    const items = await occurrencesOf(team.member, counted.id, '2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z');
    expect(items.map((o) => o.recurrenceId)).toEqual([
      '2026-01-05T18:00:00',
      '2026-01-08T18:00:00',
      '2026-01-19T18:00:00',
      '2026-01-22T18:00:00',
      '2026-02-02T18:00:00',
    ]);
    expect(items[0]!.start).toBe('2026-01-05T12:30:00.000Z');

    const until = await create(team.member, {
      title: 'Trial',
      start: '2026-01-05T09:00',
      end: '2026-01-05T10:00',
      timeZone: 'Europe/Berlin',
      rrule: 'FREQ=DAILY;UNTIL=20260107',
    });
    const detail = await team.member.get(`/api/events/${until.id}`);
    // A date UNTIL beside a timed start is stored as the end of that day in UTC, as RFC 5545 wants.
    expect(detail.body.rrule).toBe('FREQ=DAILY;UNTIL=20260107T225959Z');
    expect((await occurrencesOf(team.member, until.id, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')).length).toBe(3);
    const row = await server.deps.db.selectFrom('events').select(['start_utc', 'until_utc']).where('id', '=', until.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ start_utc: '2026-01-05T08:00:00.000Z', until_utc: '2026-01-07T09:00:00.000Z' });
  });

  it('keeps an unbounded series unbounded', async () => {
    const e = await create(team.member, {
      title: 'Forever',
      start: '2020-01-06T09:00',
      end: '2020-01-06T09:30',
      timeZone: 'Europe/Berlin',
      rrule: 'FREQ=WEEKLY',
    });
    const row = await server.deps.db.selectFrom('events').select(['until_utc']).where('id', '=', e.id).executeTakeFirstOrThrow();
    expect(row.until_utc).toBeNull();
    expect((await occurrencesOf(team.member, e.id, '2030-01-01T00:00:00Z', '2030-02-01T00:00:00Z')).length).toBe(4);
  });
});

describe('exceptions (EXDATE, changed and cancelled occurrences)', () => {
  const window = ['2026-03-01T00:00:00Z', '2026-04-15T00:00:00Z'] as const;
  const weekly = { title: 'Review', start: '2026-03-02T14:00', end: '2026-03-02T15:00', timeZone: 'Europe/Berlin', rrule: 'FREQ=WEEKLY;BYDAY=MO' };

  it('leaves out EXDATEs', async () => {
    const e = await create(team.member, { ...weekly, exdates: ['2026-03-09T14:00', '2026-03-23T14:00:00'] });
    const ids = (await occurrencesOf(team.member, e.id, ...window)).map((o) => o.recurrenceId);
    expect(ids).toEqual(['2026-03-02T14:00:00', '2026-03-16T14:00:00', '2026-03-30T14:00:00', '2026-04-06T14:00:00', '2026-04-13T14:00:00']);
  });

  it('moves one occurrence ("this event only") and shows it at its new time, also in a window the original is not in', async () => {
    const e = await create(team.member, weekly);
    const res = await team.member.put(`/api/events/${e.id}/occurrences/${rid('2026-03-09T14:00:00')}`, {
      start: '2026-04-20T10:00',
      end: '2026-04-20T11:30',
      title: 'Review (moved)',
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      eventId: e.id,
      recurrenceId: '2026-03-09T14:00:00',
      cancelled: false,
      title: 'Review (moved)',
      start: '2026-04-20T10:00:00',
    });
    const march = await occurrencesOf(team.member, e.id, '2026-03-08T00:00:00Z', '2026-03-12T00:00:00Z');
    expect(march).toEqual([]);
    const april = await occurrencesOf(team.member, e.id, '2026-04-20T00:00:00Z', '2026-04-21T00:00:00Z');
    expect(april).toEqual([
      expect.objectContaining({
        recurrenceId: '2026-03-09T14:00:00',
        title: 'Review (moved)',
        start: '2026-04-20T08:00:00.000Z',
        end: '2026-04-20T09:30:00.000Z',
        isException: true,
      }),
      expect.objectContaining({ recurrenceId: '2026-04-20T14:00:00', title: 'Review', isException: false }),
    ]);
    const detail = await team.member.get(`/api/events/${e.id}`);
    expect(detail.body.overrides).toHaveLength(1);
  });

  it('changes only the title and place of one occurrence, and keeps its time', async () => {
    const e = await create(team.member, weekly);
    await team.member.put(`/api/events/${e.id}/occurrences/${rid('2026-03-16T14:00')}`, { location: 'Cafeteria' });
    const [o] = await occurrencesOf(team.member, e.id, '2026-03-16T00:00:00Z', '2026-03-17T00:00:00Z');
    expect(o).toMatchObject({ start: '2026-03-16T13:00:00.000Z', location: 'Cafeteria', title: 'Review', isException: true });
  });

  it('cancels one occurrence with DELETE, audits it, and can bring it back', async () => {
    const e = await create(team.member, weekly);
    expect((await team.member.delete(`/api/events/${e.id}/occurrences/${rid('2026-03-23T14:00:00')}`)).status).toBe(204);
    let ids = (await occurrencesOf(team.member, e.id, ...window)).map((o) => o.recurrenceId);
    expect(ids).not.toContain('2026-03-23T14:00:00');
    expect(ids).toContain('2026-03-16T14:00:00');
    const audit = await team.owner.get('/api/audit?action=calendar.occurrence_cancelled');
    expect(audit.body.items.map((i: { targetId: string }) => i.targetId)).toContain(e.id);
    await team.member.put(`/api/events/${e.id}/occurrences/${rid('2026-03-23T14:00:00')}`, { cancelled: false });
    ids = (await occurrencesOf(team.member, e.id, ...window)).map((o) => o.recurrenceId);
    expect(ids).toContain('2026-03-23T14:00:00');
  });

  it('answers 404 for an occurrence the rule does not make, and 400 for an event that does not repeat', async () => {
    const e = await create(team.member, weekly);
    const wrong = await team.member.put(`/api/events/${e.id}/occurrences/${rid('2026-03-10T14:00:00')}`, { title: 'x' });
    expect(wrong.status).toBe(404);
    const single = await create(team.member, { ...weekly, rrule: undefined });
    const res = await team.member.delete(`/api/events/${single.id}/occurrences/${rid('2026-03-02T14:00:00')}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('NOT_RECURRING');
    const bad = await team.member.put(`/api/events/${e.id}/occurrences/not-a-time`, { title: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('recurrenceId');
  });

  it('keeps exceptions through a title change and drops those a new schedule no longer makes', async () => {
    const e = await create(team.member, weekly);
    await team.member.put(`/api/events/${e.id}/occurrences/${rid('2026-03-09T14:00:00')}`, { title: 'Special' });
    const renamed = await team.member.patch(`/api/events/${e.id}`, { title: 'Weekly review' });
    expect(renamed.body.overrides).toHaveLength(1);
    const moved = await team.member.patch(`/api/events/${e.id}`, { start: '2026-03-03T14:00', rrule: 'FREQ=WEEKLY;BYDAY=TU' });
    expect(moved.status).toBe(200);
    expect(moved.body.overrides).toEqual([]);
    const items = await occurrencesOf(team.member, e.id, '2026-03-01T00:00:00Z', '2026-03-15T00:00:00Z');
    expect(items.map((o) => o.recurrenceId)).toEqual(['2026-03-03T14:00:00', '2026-03-10T14:00:00']);
  });

  it('changes one day of a repeating all-day event', async () => {
    const e = await create(team.member, {
      title: 'On call',
      allDay: true,
      startDate: '2026-03-02',
      endDate: '2026-03-03',
      timeZone: 'Europe/Berlin',
      rrule: 'FREQ=WEEKLY;COUNT=4',
    });
    const res = await team.member.put(`/api/events/${e.id}/occurrences/2026-03-09`, { startDate: '2026-03-10', endDate: '2026-03-12' });
    expect(res.status, res.text).toBe(200);
    const items = await occurrencesOf(team.member, e.id, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z');
    expect(items.map((o) => [o.recurrenceId, (o as unknown as { startDate: string }).startDate])).toEqual([
      ['2026-03-02', '2026-03-02'],
      ['2026-03-09', '2026-03-10'],
      ['2026-03-16', '2026-03-16'],
      ['2026-03-23', '2026-03-23'],
    ]);
  });
});

describe('busy time (for scheduling)', () => {
  it("counts a user's own events and those they attend, but not declined ones or cancelled occurrences", async () => {
    const shared = await team.admin.post('/api/calendars', { name: 'Team', kind: 'shared' });
    const anna = await addUser(server, team.owner, { name: 'Anna' });
    await create(anna.client, { title: 'Focus', start: '2026-09-07T09:00', end: '2026-09-07T10:00', timeZone: 'Europe/Berlin' });
    await create(anna.client, { title: 'Focus 2', start: '2026-09-07T09:30', end: '2026-09-07T10:30', timeZone: 'Europe/Berlin' });
    const standup = await create(team.admin, {
      calendarId: shared.body.id,
      title: 'Stand-up',
      start: '2026-09-07T11:00',
      end: '2026-09-07T11:15',
      timeZone: 'Europe/Berlin',
      rrule: 'FREQ=DAILY;COUNT=3',
      attendees: [{ userId: anna.user.id, status: 'accepted' }],
    });
    await team.admin.delete(`/api/events/${standup.id}/occurrences/${rid('2026-09-08T11:00:00')}`);
    await create(team.admin, {
      calendarId: shared.body.id,
      title: 'Optional talk',
      start: '2026-09-07T15:00',
      end: '2026-09-07T16:00',
      timeZone: 'Europe/Berlin',
      attendees: [{ userId: anna.user.id, status: 'declined' }],
    });
    // In the shared calendar without them as attendee: not their busy time.
    await create(team.admin, {
      calendarId: shared.body.id,
      title: 'Admin only',
      start: '2026-09-07T17:00',
      end: '2026-09-07T18:00',
      timeZone: 'Europe/Berlin',
    });

    const ctx = systemContext(server.deps, team.portal.id);
    const busy = await listBusyIntervals(ctx, [anna.user.id], '2026-09-07T00:00:00Z', '2026-09-10T00:00:00Z');
    expect(busy).toEqual([
      { userId: anna.user.id, start: '2026-09-07T07:00:00.000Z', end: '2026-09-07T08:30:00.000Z' },
      { userId: anna.user.id, start: '2026-09-07T09:00:00.000Z', end: '2026-09-07T09:15:00.000Z' },
      { userId: anna.user.id, start: '2026-09-09T09:00:00.000Z', end: '2026-09-09T09:15:00.000Z' },
    ]);
  });
});
