import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expandOccurrences, normalizeRule, seriesBounds } from './recurrence.js';
import { instantOfWall, oracleExpand, wallOf, type OracleRule } from './recurrence.oracle.js';
import { isoUtc } from './localtime.js';

const DAY = 86_400_000;
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const iso = (wall: number) => new Date(wall).toISOString().slice(0, 19);

/** Local dates on which these zones change offset (2025–2027), to start series close to a change. */
const CHANGES: Record<string, string[]> = {
  'Europe/Berlin': ['2025-03-30', '2025-10-26', '2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31'],
  'America/New_York': ['2025-03-09', '2025-11-02', '2026-03-08', '2026-11-01', '2027-03-14', '2027-11-07'],
  'Australia/Lord_Howe': ['2025-04-06', '2025-10-05', '2026-04-05', '2026-10-04', '2027-04-04', '2027-10-03'],
  'Asia/Kolkata': ['2025-06-01', '2026-01-15', '2026-09-30', '2027-03-01'],
};

const series = fc
  .record({
    zone: fc.constantFrom(...Object.keys(CHANGES)),
    changeIndex: fc.nat(5),
    daysBefore: fc.integer({ min: 0, max: 30 }),
    // Half the starts at the hours where clocks change, so gap and overlap times come up often.
    hour: fc.oneof(fc.constantFrom(1, 2, 2, 3), fc.integer({ min: 0, max: 23 })),
    minute: fc.constantFrom(0, 15, 30, 45),
    minutes: fc.integer({ min: 1, max: 16 }).map((n) => n * 15),
    freq: fc.constantFrom<'DAILY' | 'WEEKLY'>('DAILY', 'WEEKLY'),
    interval: fc.integer({ min: 1, max: 4 }),
    byDay: fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }), { nil: undefined }),
    end: fc.oneof(
      fc.record({ count: fc.integer({ min: 1, max: 60 }) }),
      fc.record({ untilDays: fc.integer({ min: 0, max: 200 }), untilMinute: fc.integer({ min: 0, max: 1439 }) }),
      fc.constant({}),
    ),
    // Windows around the change itself, or anywhere in the series.
    windowStartHours: fc.oneof(fc.integer({ min: -72, max: 0 }), fc.integer({ min: -240, max: 6000 })),
    windowHours: fc.integer({ min: 1, max: 24 * 70 }),
    exdatePicks: fc.uniqueArray(fc.nat(12), { maxLength: 4 }),
  })
  .map((p) => {
    const changes = CHANGES[p.zone]!;
    const [y, m, d] = changes[p.changeIndex % changes.length]!.split('-').map(Number) as [number, number, number];
    const startWall = Date.UTC(y, m - 1, d - p.daysBefore, p.hour, p.minute);
    const endWall = startWall + p.minutes * 60_000;
    const startMs = instantOfWall(startWall, p.zone);
    const rule: OracleRule = { freq: p.freq, interval: p.interval, byDay: p.byDay?.sort() };
    if ('count' in p.end) rule.count = p.end.count;
    if ('untilDays' in p.end) rule.untilMs = startMs + p.end.untilDays * DAY + p.end.untilMinute * 60_000;
    const parts = [`FREQ=${p.freq}`];
    if (p.interval > 1) parts.push(`INTERVAL=${p.interval}`);
    if (rule.count) parts.push(`COUNT=${rule.count}`);
    if (rule.untilMs !== undefined) parts.push(`UNTIL=${new Date(rule.untilMs).toISOString().replace(/[-:]|\.\d{3}/g, '')}`);
    if (rule.byDay) parts.push(`BYDAY=${rule.byDay.map((n) => WEEKDAYS[n - 1]).join(',')}`);
    const fromMs = instantOfWall(Date.UTC(y, m - 1, d), p.zone) + p.windowStartHours * 3_600_000;
    return { ...p, startWall, endWall, rule, rrule: parts.join(';'), fromMs, toMs: fromMs + p.windowHours * 3_600_000 };
  })
  // The API refuses an end before the start (e.g. 02:45–03:00 on spring-forward day, which is 03:45–03:00).
  .filter((s) => instantOfWall(s.endWall, s.zone) >= instantOfWall(s.startWall, s.zone));

describe('recurrence expansion (property: matches a day-by-day oracle across DST)', () => {
  it('runs in a process zone that is not UTC, so local-time mistakes would show', () => {
    expect(process.env.TZ).toBe('America/New_York');
    expect(new Date(Date.UTC(2026, 0, 15)).getTimezoneOffset()).not.toBe(0);
  });

  it('the oracle itself: resolves gap times forward and repeated times to the first', () => {
    // 02:30 on 29 March 2026 does not exist in Berlin: 03:30 CEST = 01:30Z.
    expect(new Date(instantOfWall(Date.UTC(2026, 2, 29, 2, 30), 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 01:30 on 1 November 2026 happens twice in New York: the first is EDT = 05:30Z.
    expect(new Date(instantOfWall(Date.UTC(2026, 10, 1, 1, 30), 'America/New_York')).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(new Date(wallOf(Date.UTC(2026, 0, 1), 'Asia/Kolkata')).toISOString()).toBe('2026-01-01T05:30:00.000Z');
  });

  it('gives the same occurrences as the oracle for random daily and weekly rules, starts and windows', () => {
    fc.assert(
      fc.property(series, (s) => {
        const all = oracleExpand(s.rule, s.startWall, s.endWall, s.zone, new Set(), s.startWall - 2 * DAY, Math.max(s.toMs, s.startWall + 400 * DAY));
        const exdates = new Set(s.exdatePicks.map((i) => all[i]?.recurrenceId).filter((x): x is string => !!x));
        const expected = oracleExpand(s.rule, s.startWall, s.endWall, s.zone, exdates, s.fromMs, s.toMs);
        const actual = expandOccurrences(
          { allDay: false, start: iso(s.startWall), end: iso(s.endWall), timeZone: s.zone, rrule: s.rrule, exdates: [...exdates] },
          [],
          s.fromMs,
          s.toMs,
        );
        expect(actual.map((o) => [o.recurrenceId, isoUtc(o.startMs), isoUtc(o.endMs)])).toEqual(
          expected.map((o) => [o.recurrenceId, isoUtc(o.startMs), isoUtc(o.endMs)]),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('bounds every series conservatively: no occurrence before start_utc or after until_utc', () => {
    fc.assert(
      fc.property(series, (s) => {
        const timing = { allDay: false, start: iso(s.startWall), end: iso(s.endWall), timeZone: s.zone, rrule: s.rrule, exdates: [] };
        const bounds = seriesBounds(timing, []);
        const all = oracleExpand(s.rule, s.startWall, s.endWall, s.zone, new Set(), s.startWall - 2 * DAY, s.startWall + 2000 * DAY);
        expect(bounds.startMs).toBe(all[0]!.startMs);
        if (s.rule.count !== undefined || s.rule.untilMs !== undefined) expect(bounds.untilMs).toBe(all.at(-1)!.endMs);
        else expect(bounds.untilMs).toBeNull();
      }),
      { numRuns: 150 },
    );
  });
});

describe('recurrence expansion (examples)', () => {
  const weekly = {
    allDay: false,
    start: '2026-03-02T09:00:00',
    end: '2026-03-02T10:00:00',
    timeZone: 'Europe/Berlin',
    rrule: 'FREQ=WEEKLY;BYDAY=MO',
    exdates: [],
  };

  it('places a moved occurrence at its new time, even when only the new time is in the window', () => {
    const moved = [{ recurrenceId: '2026-03-09T09:00:00', cancelled: false, start: '2026-05-01T12:00:00', end: '2026-05-01T13:00:00', timeZone: null }];
    const items = expandOccurrences(weekly, moved, '2026-05-01T00:00:00Z', '2026-05-02T00:00:00Z');
    expect(items.map((o) => [o.recurrenceId, isoUtc(o.startMs)])).toEqual([['2026-03-09T09:00:00', '2026-05-01T10:00:00.000Z']]);
    const march = expandOccurrences(weekly, moved, '2026-03-09T00:00:00Z', '2026-03-10T00:00:00Z');
    expect(march).toEqual([]);
  });

  it('moves an exception into another zone', () => {
    const o = [
      { recurrenceId: '2026-03-16T09:00:00', cancelled: false, start: '2026-03-16T09:00:00', end: '2026-03-16T10:00:00', timeZone: 'America/New_York' },
    ];
    const [occ] = expandOccurrences(weekly, o, '2026-03-16T00:00:00Z', '2026-03-17T00:00:00Z');
    expect([isoUtc(occ!.startMs), occ!.timeZone, occ!.localStart]).toEqual(['2026-03-16T13:00:00.000Z', 'America/New_York', '2026-03-16T09:00:00']);
  });

  it('drops cancelled occurrences', () => {
    const items = expandOccurrences(weekly, [{ recurrenceId: '2026-03-09T09:00:00', cancelled: true }], '2026-03-01T00:00:00Z', '2026-03-20T00:00:00Z');
    expect(items.map((o) => o.recurrenceId)).toEqual(['2026-03-02T09:00:00', '2026-03-16T09:00:00']);
  });

  it('repeats monthly on the last Friday and yearly on a date', () => {
    const last = expandOccurrences(
      { ...weekly, start: '2026-01-30T16:00:00', end: '2026-01-30T17:00:00', rrule: 'FREQ=MONTHLY;BYDAY=-1FR;COUNT=4' },
      [],
      '2026-01-01T00:00:00Z',
      '2027-01-01T00:00:00Z',
    );
    expect(last.map((o) => o.recurrenceId)).toEqual(['2026-01-30T16:00:00', '2026-02-27T16:00:00', '2026-03-27T16:00:00', '2026-04-24T16:00:00']);
    const birthday = expandOccurrences(
      { allDay: true, start: '2024-02-29', end: '2024-03-01', timeZone: 'UTC', rrule: 'FREQ=YEARLY', exdates: [] },
      [],
      '2024-01-01T00:00:00Z',
      '2028-12-31T00:00:00Z',
    );
    // RFC 5545: a date that does not exist (29 February 2025) is skipped.
    expect(birthday.map((o) => o.localStart)).toEqual(['2024-02-29', '2028-02-29']);
  });

  it('writes UNTIL as RFC 5545 wants beside the start', () => {
    expect(normalizeRule('rrule:freq=daily;until=20260331', false, 'Europe/Berlin')).toBe('FREQ=DAILY;UNTIL=20260331T215959Z');
    expect(normalizeRule('FREQ=DAILY;UNTIL=20260331T235959Z', true, 'Asia/Kolkata')).toBe('FREQ=DAILY;UNTIL=20260401');
    expect(normalizeRule('FREQ=WEEKLY;BYDAY=WE,MO;INTERVAL=2', false, 'UTC')).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=WE,MO');
  });
});
