import { Temporal } from 'temporal-polyfill';

/**
 * A zone's UTC offsets over a stretch of time, as integer minutes: segment i
 * starts at `starts[i]` (epoch minutes) and has offset `offsets[i]` until the
 * next one. Built once per zone and window with Temporal (which knows the IANA
 * rules, whatever the server's own zone), then every wall-clock question is
 * integer arithmetic: that is what makes the engine fast and DST-exact.
 */
export interface ZoneOffsets {
  zone: string;
  starts: number[];
  offsets: number[];
}

const DAY = 1440;
/** Margin around the window so local days that straddle its edges are covered. */
const MARGIN = 3 * DAY;

export function zoneOffsets(zone: string, fromMin: number, toMin: number): ZoneOffsets {
  const begin = fromMin - MARGIN;
  const end = toMin + MARGIN;
  let zdt = Temporal.Instant.fromEpochMilliseconds(begin * 60_000).toZonedDateTimeISO(zone);
  const starts = [Number.MIN_SAFE_INTEGER];
  const offsets = [Math.round(zdt.offsetNanoseconds / 60e9)];
  for (;;) {
    const next = zdt.getTimeZoneTransition('next');
    if (!next) break;
    const at = Math.floor(next.epochMilliseconds / 60_000);
    if (at >= end) break;
    const offset = Math.round(next.offsetNanoseconds / 60e9);
    if (offset !== offsets.at(-1)) {
      starts.push(at);
      offsets.push(offset);
    }
    zdt = next;
  }
  return { zone, starts, offsets };
}

/** Index of the segment that contains instant `m` (epoch minutes). */
export function segmentAt(z: ZoneOffsets, m: number): number {
  let lo = 0;
  let hi = z.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (z.starts[mid]! <= m) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export const offsetAt = (z: ZoneOffsets, m: number): number => z.offsets[segmentAt(z, m)]!;

/** Wall-clock minutes since 1970-01-01T00:00 local of instant `m`. */
export const wallMinutes = (z: ZoneOffsets, m: number): number => m + offsetAt(z, m);

/** Local day number (days since 1970-01-01) of a wall-clock minute count. */
export const dayOfWall = (wall: number): number => Math.floor(wall / DAY);

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number; 1970-01-01 was a Thursday. */
export const isoWeekday = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;

/** "YYYY-MM-DD" ↔ day number, on the proleptic Gregorian calendar (pure arithmetic, no zone involved). */
export function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}

export function dateOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The instants (epoch minutes) whose wall-clock time lies in [wallStart, wallEnd):
 * one interval normally, two when a DST fall-back repeats part of it, shorter
 * when a spring-forward gap removes part of it. Appended to `out` (flat).
 */
export function wallRangeToInstants(z: ZoneOffsets, wallStart: number, wallEnd: number, out: number[]): void {
  const n = z.starts.length;
  // Only segments near the range can contribute: start from the one at wallStart minus the largest offset swing.
  let i = segmentAt(z, wallStart - 18 * 60);
  for (; i < n; i++) {
    const segStart = z.starts[i]!;
    const segEnd = i + 1 < n ? z.starts[i + 1]! : Number.MAX_SAFE_INTEGER;
    const o = z.offsets[i]!;
    const s = Math.max(wallStart - o, segStart);
    const e = Math.min(wallEnd - o, segEnd);
    if (s < e) out.push(s, e);
    if (segStart > wallEnd + 18 * 60) break;
  }
}
