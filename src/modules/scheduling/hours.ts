import type { Intervals } from './intervals.js';
import { normalize } from './intervals.js';
import { dayNumber, dayOfWall, isoWeekday, wallRangeToInstants, type ZoneOffsets } from './zones.js';

/**
 * Working hours as the engine sees them: minutes of the local day per ISO
 * weekday, and per-date overrides (an empty list: not available that day).
 */
export interface TimeRange {
  /** Minutes since local midnight, 0…1439. */
  start: number;
  /** Minutes since local midnight, 1…1440 (24:00 = end of the day). */
  end: number;
}

export interface WorkingHours {
  timeZone: string;
  /** Index 1…7 (ISO weekday); index 0 unused. */
  weekly: TimeRange[][];
  /** Day number (days since 1970-01-01) → ranges that replace the weekly ones that day. */
  overrides: Map<number, TimeRange[]>;
}

/** What the API stores and returns. */
export interface AvailabilityDoc {
  timeZone: string;
  weekly: { day: number; start: string; end: string }[];
  overrides: { date: string; ranges: { start: string; end: string }[] }[];
}

export const DEFAULT_WEEKLY = [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' }));

export const hhmm = (value: string): number => {
  const [h, m] = value.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

export const formatHhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export function toWorkingHours(doc: AvailabilityDoc): WorkingHours {
  const weekly: TimeRange[][] = Array.from({ length: 8 }, () => []);
  for (const w of doc.weekly) weekly[w.day]!.push({ start: hhmm(w.start), end: hhmm(w.end) });
  const overrides = new Map<number, TimeRange[]>();
  for (const o of doc.overrides)
    overrides.set(
      dayNumber(o.date),
      o.ranges.map((r) => ({ start: hhmm(r.start), end: hhmm(r.end) })),
    );
  return { timeZone: doc.timeZone, weekly, overrides };
}

/** Days on which these hours are replaced by "not available" (e.g. a host's daily booking limit is reached). */
export function withDaysOff(hours: WorkingHours, days: Iterable<number>): WorkingHours {
  const overrides = new Map(hours.overrides);
  for (const d of days) overrides.set(d, []);
  return { ...hours, overrides };
}

/**
 * Every instant in [from, to) (epoch minutes) at which the wall clock in the
 * person's zone shows a working time of that local day. Exact across DST: a
 * spring-forward gap shortens the day's hours, a fall-back repeat lengthens them.
 */
export function workingIntervals(hours: WorkingHours, zone: ZoneOffsets, from: number, to: number): Intervals {
  if (to <= from) return [];
  const firstDay = dayOfWall(from - 18 * 60);
  const lastDay = dayOfWall(to + 18 * 60);
  const pieces: number[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    const ranges = hours.overrides.get(day) ?? hours.weekly[isoWeekday(day)]!;
    const midnight = day * 1440;
    for (const r of ranges) wallRangeToInstants(zone, midnight + r.start, midnight + r.end, pieces);
  }
  const merged = normalize(pieces);
  // Clip to the window.
  const out: Intervals = [];
  for (let i = 0; i < merged.length; i += 2) {
    const s = Math.max(merged[i]!, from);
    const e = Math.min(merged[i + 1]!, to);
    if (s < e) out.push(s, e);
  }
  return out;
}
