import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { busyMinutes, personFree, ZoneCache } from './engine.js';
import { toWorkingHours, type AvailabilityDoc } from './hours.js';
import { collectiveSlots, roundRobinSlots } from './slots.js';
import { oracleSlots, type OraclePerson } from './slots.oracle.js';

const min = (iso: string) => Date.parse(iso) / 60_000;
const iso = (m: number) => new Date(m * 60_000).toISOString();
const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));
const hours = (timeZone: string, weekly = weekdays('09:00', '17:00'), overrides: AvailabilityDoc['overrides'] = []): AvailabilityDoc => ({
  timeZone,
  weekly,
  overrides,
});

function slotsFor(
  people: OraclePerson[],
  r: { from: string; to: string; duration: number; step?: number; alignZone?: string; before?: number; after?: number },
  mode: 'collective' | 'round_robin' = 'collective',
) {
  const from = min(r.from);
  const to = min(r.to);
  const zones = new ZoneCache(from, to);
  const frees = people.map(
    (p) =>
      personFree(zones, {
        hours: toWorkingHours(p.hours),
        busy: busyMinutes(p.busy.map(([s, e]) => ({ startMs: s, endMs: e }))),
        from,
        to,
        bufferBefore: r.before,
        bufferAfter: r.after,
      }).free,
  );
  const rules = { duration: r.duration, step: r.step ?? 30, from, to, align: zones.get(r.alignZone ?? people[0]!.hours.timeZone) };
  return (mode === 'collective' ? collectiveSlots(frees, rules) : roundRobinSlots(frees, rules)).map(iso);
}

describe('slots: examples', () => {
  it('finds 09:00–17:00 Berlin as 08:00–16:00 UTC in winter, in 30-minute steps', () => {
    const slots = slotsFor([{ hours: hours('Europe/Berlin'), busy: [] }], { from: '2026-02-02T00:00:00Z', to: '2026-02-03T00:00:00Z', duration: 60 });
    expect(slots[0]).toBe('2026-02-02T08:00:00.000Z');
    expect(slots.at(-1)).toBe('2026-02-02T15:00:00.000Z');
    expect(slots).toHaveLength(15);
  });

  it('keeps half-hour zones on their own wall clock: 09:00 in Kolkata is 03:30 UTC', () => {
    const slots = slotsFor([{ hours: hours('Asia/Kolkata'), busy: [] }], { from: '2026-02-02T00:00:00Z', to: '2026-02-03T00:00:00Z', duration: 30 });
    expect(slots[0]).toBe('2026-02-02T03:30:00.000Z');
    expect(slots.at(-1)).toBe('2026-02-02T11:00:00.000Z');
  });

  it('aligns to :00 and :15 in Kathmandu (UTC+05:45) when it is the alignment zone', () => {
    const slots = slotsFor([{ hours: hours('Asia/Kathmandu'), busy: [] }], {
      from: '2026-02-02T00:00:00Z',
      to: '2026-02-03T00:00:00Z',
      duration: 60,
      step: 60,
    });
    expect(slots[0]).toBe('2026-02-02T03:15:00.000Z');
  });

  it('loses the skipped hour on the spring-forward day: 01:00–04:00 Berlin is two real hours', () => {
    const person = { hours: hours('Europe/Berlin', [{ day: 7, start: '01:00', end: '04:00' }]), busy: [] };
    const slots = slotsFor([person], { from: '2026-03-28T00:00:00Z', to: '2026-03-30T00:00:00Z', duration: 60, step: 60 });
    // 01:00 CET = 00:00Z; 03:00 CEST = 01:00Z; the 02:00 wall hour does not exist.
    expect(slots).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z']);
  });

  it('gains the repeated hour on the fall-back day in New York', () => {
    const person = { hours: hours('America/New_York', [{ day: 7, start: '00:00', end: '03:00' }]), busy: [] };
    const slots = slotsFor([person], { from: '2026-10-31T00:00:00Z', to: '2026-11-03T00:00:00Z', duration: 60, step: 60 });
    // 00:00 EDT = 04:00Z, 01:00 EDT = 05:00Z, 01:00 EST = 06:00Z, 02:00 EST = 07:00Z.
    expect(slots).toEqual(['2026-11-01T04:00:00.000Z', '2026-11-01T05:00:00.000Z', '2026-11-01T06:00:00.000Z', '2026-11-01T07:00:00.000Z']);
  });

  it('finds the overlap of Anna in Berlin and Bob in New York, around a meeting of Bob', () => {
    const anna = { hours: hours('Europe/Berlin'), busy: [] };
    const bob = { hours: hours('America/New_York'), busy: [[Date.parse('2026-02-03T14:00:00Z'), Date.parse('2026-02-03T15:00:00Z')]] as [number, number][] };
    const slots = slotsFor([anna, bob], { from: '2026-02-03T00:00:00Z', to: '2026-02-04T00:00:00Z', duration: 30 });
    // Berlin 09–17 = 08–16Z, New York 09–17 = 14–22Z: common 14–16Z, minus Bob's 14–15Z.
    expect(slots).toEqual(['2026-02-03T15:00:00.000Z', '2026-02-03T15:30:00.000Z']);
  });

  it('keeps buffers clear of busy time, but lets them fall outside working hours', () => {
    const p = { hours: hours('UTC'), busy: [[Date.parse('2026-02-02T12:00:00Z'), Date.parse('2026-02-02T13:00:00Z')]] as [number, number][] };
    const slots = slotsFor([p], { from: '2026-02-02T00:00:00Z', to: '2026-02-03T00:00:00Z', duration: 30, before: 15, after: 15 });
    expect(slots[0]).toBe('2026-02-02T09:00:00.000Z');
    expect(slots).not.toContain('2026-02-02T11:30:00.000Z');
    expect(slots).toContain('2026-02-02T11:00:00.000Z');
    expect(slots).not.toContain('2026-02-02T13:00:00.000Z');
    expect(slots).toContain('2026-02-02T13:30:00.000Z');
    expect(slots.at(-1)).toBe('2026-02-02T16:30:00.000Z');
  });

  it('honours a date override: unavailable on one day, other hours on another', () => {
    const p = {
      hours: hours('UTC', weekdays('09:00', '17:00'), [
        { date: '2026-02-02', ranges: [] },
        { date: '2026-02-03', ranges: [{ start: '13:00', end: '14:00' }] },
      ]),
      busy: [],
    };
    const slots = slotsFor([p], { from: '2026-02-02T00:00:00Z', to: '2026-02-04T00:00:00Z', duration: 60, step: 60 });
    expect(slots).toEqual(['2026-02-03T13:00:00.000Z']);
  });

  it('offers any host’s time in round robin, each start once', () => {
    const a = { hours: hours('UTC', weekdays('09:00', '11:00')), busy: [] };
    const b = { hours: hours('UTC', weekdays('10:00', '12:00')), busy: [] };
    const slots = slotsFor([a, b], { from: '2026-02-02T00:00:00Z', to: '2026-02-03T00:00:00Z', duration: 60, step: 60 }, 'round_robin');
    expect(slots).toEqual(['2026-02-02T09:00:00.000Z', '2026-02-02T10:00:00.000Z', '2026-02-02T11:00:00.000Z']);
  });
});

/** Instants at which these zones change offset, so that windows straddle them. */
const ZONES: Record<string, string[]> = {
  'Europe/Berlin': ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z'],
  'America/New_York': ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z'],
  'Australia/Sydney': ['2026-04-04T16:00:00Z', '2026-10-03T16:00:00Z'],
  'America/Santiago': ['2026-04-05T03:00:00Z', '2026-09-06T04:00:00Z'],
  'Australia/Adelaide': ['2026-04-04T16:30:00Z', '2026-10-03T16:30:00Z'],
  'Australia/Lord_Howe': ['2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z'],
  'America/St_Johns': ['2026-03-08T05:30:00Z', '2026-11-01T04:30:00Z'],
  'Asia/Kolkata': ['2026-03-01T00:00:00Z'],
  'Asia/Kathmandu': ['2026-06-01T00:00:00Z'],
  'Pacific/Chatham': ['2026-04-04T14:00:00Z', '2026-09-26T14:00:00Z'],
};
const zoneNames = Object.keys(ZONES);
const changeInstants = Object.values(ZONES).flat();

const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
// Boundaries on the quarter hour, often at the hours where clocks change.
const boundary = fc.oneof(
  fc.integer({ min: 0, max: 96 }).map((q) => q * 15),
  fc.constantFrom(60, 90, 120, 150, 180, 210),
);
const range = fc
  .tuple(boundary, boundary)
  .filter(([a, b]) => a !== b)
  .map(([a, b]) => ({ start: hm(Math.min(a, b)), end: hm(Math.max(a, b)) }));

const person = (windowStart: number) =>
  fc
    .record({
      zone: fc.constantFrom(...zoneNames),
      weekly: fc.array(fc.record({ day: fc.integer({ min: 1, max: 7 }), r: range }), { minLength: 1, maxLength: 10 }),
      overrides: fc.array(fc.record({ dayOffset: fc.integer({ min: -1, max: 3 }), ranges: fc.array(range, { maxLength: 2 }) }), { maxLength: 2 }),
      busy: fc.array(fc.record({ at: fc.integer({ min: -120 * 60, max: 80 * 3600 }), seconds: fc.integer({ min: 1, max: 4 * 3600 }) }), { maxLength: 6 }),
    })
    .map((p): OraclePerson => {
      const dates = new Map<string, { start: string; end: string }[]>();
      for (const o of p.overrides) {
        const date = Temporal.Instant.fromEpochMilliseconds(windowStart * 60_000)
          .toZonedDateTimeISO(p.zone)
          .toPlainDate()
          .add({ days: o.dayOffset })
          .toString();
        dates.set(date, o.ranges);
      }
      return {
        hours: {
          timeZone: p.zone,
          weekly: p.weekly.map((w) => ({ day: w.day, ...w.r })),
          overrides: [...dates].map(([date, ranges]) => ({ date, ranges })),
        },
        // Busy times with seconds, as imported calendars have them.
        busy: p.busy.map((b) => [windowStart * 60_000 + b.at * 1000, windowStart * 60_000 + (b.at + b.seconds) * 1000]),
      };
    });

const scenario = fc
  .record({
    change: fc.constantFrom(...changeInstants),
    shiftMinutes: fc.integer({ min: -30 * 60, max: 6 * 60 }),
    hours: fc.integer({ min: 6, max: 54 }),
    duration: fc.constantFrom(15, 30, 45, 60, 90),
    step: fc.constantFrom(15, 30, 60),
    before: fc.constantFrom(0, 0, 10, 15),
    after: fc.constantFrom(0, 0, 5, 30),
    mode: fc.constantFrom<'collective' | 'round_robin'>('collective', 'round_robin'),
    alignIndex: fc.nat(2),
  })
  .chain((s) => {
    const from = Date.parse(s.change) / 60_000 + s.shiftMinutes;
    return fc.record({ s: fc.constant({ ...s, from, to: from + s.hours * 60 }), people: fc.array(person(from), { minLength: 1, maxLength: 3 }) });
  });

describe('slots: against a minute-by-minute oracle', () => {
  it('offers exactly the oracle’s starts, across DST changes in both hemispheres and in half-hour zones', () => {
    fc.assert(
      fc.property(scenario, ({ s, people }) => {
        const alignZone = people[Math.min(s.alignIndex, people.length - 1)]!.hours.timeZone;
        const got = slotsFor(
          people,
          { from: iso(s.from), to: iso(s.to), duration: s.duration, step: s.step, alignZone, before: s.before, after: s.after },
          s.mode,
        );
        const want = oracleSlots(
          people,
          { from: s.from, to: s.to, duration: s.duration, step: s.step, alignZone, bufferBefore: s.before, bufferAfter: s.after },
          s.mode,
        ).map(iso);
        expect(got).toEqual(want);
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it('aligns to a guest zone that is none of the hosts’: the oracle’s starts, each on the step of the guest’s wall clock', () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom(...zoneNames, 'UTC', 'Europe/London'), ({ s, people }, guestZone) => {
        const got = slotsFor(
          people,
          { from: iso(s.from), to: iso(s.to), duration: s.duration, step: s.step, alignZone: guestZone, before: s.before, after: s.after },
          s.mode,
        );
        const want = oracleSlots(
          people,
          { from: s.from, to: s.to, duration: s.duration, step: s.step, alignZone: guestZone, bufferBefore: s.before, bufferAfter: s.after },
          s.mode,
        ).map(iso);
        expect(got).toEqual(want);
        for (const start of got) {
          const wall = Temporal.Instant.from(start).toZonedDateTimeISO(guestZone);
          expect((wall.hour * 60 + wall.minute) % s.step).toBe(0);
        }
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it('runs with a process time zone that is not UTC', () => {
    expect(process.env.TZ).toBe('America/New_York');
    expect(new Date('2026-01-01T00:00:00Z').getTimezoneOffset()).toBe(300);
  });
});
