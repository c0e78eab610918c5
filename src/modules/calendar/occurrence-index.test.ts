import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, type Team } from '../../test/factories.js';
import type { TestClient } from '../../test/client.js';
import { scopeOf, systemContext, type PortalContext } from '../../kernel/context.js';
import { listEventsInRange } from './calendar.repo.js';
import { isoUtc } from './localtime.js';
import { ensureWindows, expandIntervals, readIntervals, type Interval } from './occurrence-index.js';
import { busyOf } from './occurrences.service.js';

/**
 * The occurrence index is derived data: after any sequence of event changes
 * through the API (create, edit times and rules, move between calendars,
 * exceptions, cancelled occurrences, delete, .ics import), interleaved with
 * reads that build and widen it, it equals a fresh expansion for any window.
 */

let server: TestServer;
let team: Team;
let ctx: PortalContext;
let calendars: string[] = [];
beforeAll(async () => {
  server = await startTestServer();
  team = await portalWithTeam(server);
  ctx = systemContext(server.deps, team.portal.id);
  const mine = await team.member.get('/api/calendars');
  expect(mine.status, mine.text).toBe(200);
  const second = await team.member.post('/api/calendars', { name: 'Side', color: '#336699' });
  expect(second.status, second.text).toBe(201);
  calendars = [mine.body.items[0].id, second.body.id];
});
afterAll(async () => {
  await server?.close();
});

const DAY = 86_400_000;
const BASE = Date.parse('2031-03-02T00:00:00Z');
const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'UTC'];
const RULES = [null, 'FREQ=DAILY;COUNT=6', 'FREQ=WEEKLY;BYDAY=MO,WE,FR', 'FREQ=DAILY;INTERVAL=3', 'FREQ=WEEKLY;UNTIL=20310601T000000Z'];
const pad = (n: number) => String(n).padStart(2, '0');
const local = (day: number, minute: number) => {
  const d = new Date(BASE + day * DAY + minute * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};
const icsStamp = (day: number, minute: number) => local(day, minute).replace(/[-:]/g, '') + '00Z';

const timing = fc.record({
  day: fc.integer({ min: -20, max: 150 }),
  minute: fc.integer({ min: 0, max: 95 }).map((q) => q * 15),
  len: fc.integer({ min: 0, max: 40 }).map((q) => q * 15),
  zone: fc.constantFrom(...ZONES),
  rule: fc.constantFrom(...RULES),
});
const op = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), t: timing, cal: fc.integer({ min: 0, max: 1 }), withOwner: fc.boolean() }),
  fc.record({ kind: fc.constant('edit' as const), i: fc.nat(), t: timing }),
  fc.record({ kind: fc.constant('move' as const), i: fc.nat() }),
  fc.record({
    kind: fc.constant('exception' as const),
    i: fc.nat(),
    k: fc.nat({ max: 5 }),
    cancel: fc.boolean(),
    shift: fc.integer({ min: -48, max: 48 }).map((q) => q * 30),
  }),
  fc.record({ kind: fc.constant('delete' as const), i: fc.nat() }),
  fc.record({ kind: fc.constant('import' as const), t: timing, uid: fc.integer({ min: 0, max: 2 }), cal: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ kind: fc.constant('read' as const), day: fc.integer({ min: -60, max: 400 }), days: fc.integer({ min: 1, max: 90 }) }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;
type Timing = typeof timing extends fc.Arbitrary<infer T> ? T : never;

const key = (i: Interval) => `${i.eventId} ${i.calendarId} ${i.startMs} ${i.endMs}`;
let importSeq = 1;

async function apply(c: TestClient, ids: string[], o: Op): Promise<void> {
  const pick = (i: number) => ids[i % ids.length];
  const body = (t: Timing) => ({
    start: local(t.day, t.minute),
    end: local(t.day, t.minute + t.len),
    timeZone: t.zone,
    rrule: t.rule,
  });
  switch (o.kind) {
    case 'create': {
      const res = await c.post('/api/events', {
        title: 'E',
        calendarId: calendars[o.cal],
        ...body(o.t),
        attendees: o.withOwner ? [{ userId: team.ownerUser.id }] : [],
      });
      expect(res.status, res.text).toBe(201);
      ids.push(res.body.id);
      return;
    }
    case 'edit': {
      const id = pick(o.i);
      if (!id) return;
      const res = await c.patch(`/api/events/${id}`, body(o.t));
      expect([200, 404], res.text).toContain(res.status);
      return;
    }
    case 'move': {
      const id = pick(o.i);
      if (!id) return;
      const cur = await c.get(`/api/events/${id}`);
      if (cur.status !== 200) return;
      const res = await c.patch(`/api/events/${id}`, { calendarId: calendars.find((x) => x !== cur.body.calendarId) });
      expect(res.status, res.text).toBe(200);
      return;
    }
    case 'exception': {
      const id = pick(o.i);
      if (!id) return;
      const cur = await c.get(`/api/events/${id}`);
      if (cur.status !== 200 || !cur.body.rrule) return;
      const from = isoUtc(BASE - 40 * DAY);
      const to = isoUtc(BASE + 300 * DAY);
      const list = await c.get(`/api/events?from=${from}&to=${to}&calendarIds=${cur.body.calendarId}`);
      expect(list.status, list.text).toBe(200);
      const occ = (list.body.items as { eventId: string; recurrenceId: string; start: string; end: string; timeZone: string }[]).filter(
        (x) => x.eventId === id,
      )[o.k];
      if (!occ) return;
      const shift = (iso: string) => {
        const d = new Date(Date.parse(iso) + o.shift * 60_000);
        return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
      };
      const res = await c.put(
        `/api/events/${id}/occurrences/${encodeURIComponent(occ.recurrenceId)}`,
        o.cancel ? { cancelled: true } : { start: shift(occ.start), end: shift(occ.end), timeZone: 'UTC' },
      );
      expect([200, 400], res.text).toContain(res.status);
      return;
    }
    case 'delete': {
      const id = pick(o.i);
      if (!id) return;
      const res = await c.delete(`/api/events/${id}`);
      expect([204, 404], res.text).toContain(res.status);
      return;
    }
    case 'import': {
      const t = o.t;
      const ics = [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//test//index//EN',
        'BEGIN:VEVENT',
        `UID:index-${o.uid}@test`,
        `SEQUENCE:${importSeq++}`,
        'DTSTAMP:20310101T000000Z',
        `DTSTART:${icsStamp(t.day, t.minute)}`,
        `DTEND:${icsStamp(t.day, t.minute + t.len)}`,
        ...(t.rule ? [`RRULE:${t.rule}`] : []),
        'SUMMARY:Imported',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n');
      const res = await c.request('POST', `/api/calendars/${calendars[o.cal]}/import`, ics, { 'content-type': 'text/calendar; charset=utf-8' });
      expect(res.status, res.text).toBe(200);
      return;
    }
    case 'read':
      await busyOf(ctx, [team.memberUser.id], BASE + o.day * DAY, BASE + (o.day + o.days) * DAY);
      return;
  }
}

async function expectIndexEqualsFresh(fromMs: number, toMs: number) {
  await ensureWindows(ctx, calendars, fromMs, toMs);
  const indexed = (await readIntervals(ctx, { calendarIds: calendars, eventIds: [] }, fromMs, toMs)).map(key).sort();
  const s = scopeOf(ctx);
  const fresh = (await expandIntervals(s, await listEventsInRange(s, calendars, isoUtc(fromMs), isoUtc(toMs)), fromMs, toMs)).map(key).sort();
  expect(indexed).toEqual(fresh);
  // And free/busy as the scheduling module reads it, also for an attendee of some of the events.
  const users = [team.memberUser.id, team.ownerUser.id];
  expect(await busyOf(ctx, users, fromMs, toMs)).toEqual(await busyOf(ctx, users, fromMs, toMs, { fresh: true }));
}

describe('the occurrence index', () => {
  it('equals a fresh expansion for any window after any sequence of event changes and reads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 14 }),
        fc.array(fc.record({ day: fc.integer({ min: -60, max: 420 }), days: fc.integer({ min: 1, max: 120 }) }), { minLength: 1, maxLength: 3 }),
        async (ops, windows) => {
          // Each run starts from an empty portal calendar (and an empty index).
          const left = await scopeOf(ctx).selectFrom('events').select('id').where('calendar_id', 'in', calendars).execute();
          for (const { id } of left) expect((await team.member.delete(`/api/events/${id}`)).status).toBe(204);
          const ids: string[] = [];
          for (const o of ops) await apply(team.member, ids, o);
          for (const w of windows) await expectIndexEqualsFresh(BASE + w.day * DAY, BASE + (w.day + w.days) * DAY);
        },
      ),
      { numRuns: Number(process.env.INDEX_RUNS ?? 25) },
    );
  });

  it('is widened on demand, later and earlier, without duplicating occurrences', async () => {
    const res = await team.member.post('/api/events', {
      title: 'Daily',
      calendarId: calendars[0],
      start: '2031-03-02T09:00',
      end: '2031-03-02T10:00',
      timeZone: 'Europe/Berlin',
      rrule: 'FREQ=DAILY',
    });
    expect(res.status, res.text).toBe(201);
    for (const [from, to] of [
      [10, 20],
      [300, 310],
      [-30, 400],
    ]) {
      await expectIndexEqualsFresh(BASE + from! * DAY, BASE + to! * DAY);
    }
    const window = await scopeOf(ctx).selectFrom('event_occurrence_windows').selectAll().where('calendar_id', '=', calendars[0]!).executeTakeFirstOrThrow();
    expect(Number(window.from_ms)).toBeLessThanOrEqual(BASE - 30 * DAY);
    expect(Number(window.to_ms)).toBeGreaterThanOrEqual(BASE + 400 * DAY);
    await team.member.delete(`/api/events/${res.body.id}`);
    expect(await scopeOf(ctx).selectFrom('event_occurrences').select('event_id').where('event_id', '=', res.body.id).execute()).toEqual([]);
  });

  it('is forgotten with its calendar', async () => {
    const cal = await team.member.post('/api/calendars', { name: 'Temp', color: '#112233' });
    const e = await team.member.post('/api/events', {
      title: 'T',
      calendarId: cal.body.id,
      start: '2031-03-04T09:00',
      end: '2031-03-04T10:00',
      timeZone: 'UTC',
    });
    expect(e.status, e.text).toBe(201);
    await ensureWindows(ctx, [cal.body.id], BASE, BASE + 10 * DAY);
    expect((await readIntervals(ctx, { calendarIds: [cal.body.id], eventIds: [] }, BASE, BASE + 10 * DAY)).length).toBe(1);
    expect((await team.member.delete(`/api/calendars/${cal.body.id}`)).status).toBe(204);
    const s = scopeOf(ctx);
    expect(await s.selectFrom('event_occurrences').select('event_id').where('calendar_id', '=', cal.body.id).execute()).toEqual([]);
    expect(await s.selectFrom('event_occurrence_windows').select('calendar_id').where('calendar_id', '=', cal.body.id).execute()).toEqual([]);
  });
});
