import { Temporal } from 'temporal-polyfill';
import type { AvailabilityDoc } from './hours.js';

/**
 * The slow, obvious definition of a bookable slot, minute by minute, for
 * property tests: each minute's wall clock comes straight from Temporal, with
 * none of the engine's offset tables or interval algebra.
 */

export interface OraclePerson {
  hours: AvailabilityDoc;
  /** Busy intervals in epoch milliseconds, [start, end). */
  busy: [number, number][];
}

const hm = (v: string) => Number(v.slice(0, 2)) * 60 + Number(v.slice(3, 5));

const walls = new Map<string, { date: string; weekday: number; minuteOfDay: number }>();

/** The wall clock of one minute in a zone, straight from Temporal (remembered: the same minutes come up again and again). */
function wallOf(minute: number, zone: string) {
  const key = `${zone}|${minute}`;
  let w = walls.get(key);
  if (!w) {
    const z = Temporal.Instant.fromEpochMilliseconds(minute * 60_000).toZonedDateTimeISO(zone);
    w = { date: z.toPlainDate().toString(), weekday: z.dayOfWeek, minuteOfDay: z.hour * 60 + z.minute };
    if (walls.size > 2_000_000) walls.clear();
    walls.set(key, w);
  }
  return w;
}

export function isWorkingMinute(hours: AvailabilityDoc, minute: number): boolean {
  const w = wallOf(minute, hours.timeZone);
  const override = hours.overrides.find((o) => o.date === w.date);
  const ranges = override ? override.ranges : hours.weekly.filter((r) => r.day === w.weekday);
  return ranges.some((r) => hm(r.start) <= w.minuteOfDay && w.minuteOfDay < hm(r.end));
}

export function isBusyMinute(busy: [number, number][], minute: number): boolean {
  const a = minute * 60_000;
  const b = a + 60_000;
  return busy.some(([s, e]) => s < b && e > a);
}

export interface OracleRules {
  from: number;
  to: number;
  duration: number;
  step: number;
  alignZone: string;
  bufferBefore: number;
  bufferAfter: number;
}

/** Every start s in [from, to) that is a slot for everyone in `people` (collective) or for anyone (round robin). */
export function oracleSlots(people: OraclePerson[], rules: OracleRules, mode: 'collective' | 'round_robin'): number[] {
  const lo = rules.from - rules.bufferBefore - 1;
  const hi = rules.to + rules.bufferAfter + 1;
  const working = people.map((p) => {
    const m = new Map<number, boolean>();
    for (let t = lo; t < hi; t++) m.set(t, isWorkingMinute(p.hours, t));
    return m;
  });
  const busy = people.map((p) => {
    const m = new Map<number, boolean>();
    for (let t = lo; t < hi; t++) m.set(t, isBusyMinute(p.busy, t));
    return m;
  });
  const fits = (i: number, s: number) => {
    for (let t = s; t < s + rules.duration; t++) if (!working[i]!.get(t)) return false;
    for (let t = s - rules.bufferBefore; t < s + rules.duration + rules.bufferAfter; t++) if (busy[i]!.get(t)) return false;
    return true;
  };
  const out: number[] = [];
  for (let s = rules.from; s + rules.duration <= rules.to; s++) {
    if (wallOf(s, rules.alignZone).minuteOfDay % rules.step !== 0) continue;
    const ok = mode === 'collective' ? people.every((_, i) => fits(i, s)) : people.some((_, i) => fits(i, s));
    if (ok) out.push(s);
  }
  return out;
}
