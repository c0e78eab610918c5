import { ceilMinute, floorMinute, normalize, type Intervals } from './intervals.js';
import { workingIntervals, type WorkingHours } from './hours.js';
import { freeTime } from './slots.js';
import { zoneOffsets, type ZoneOffsets } from './zones.js';

/**
 * Glue between stored data and the pure slot functions: offset tables shared
 * per zone, and one person's free time from their hours and busy intervals.
 */

/** Offset tables for one window, built once per zone (hosts mostly share a few zones). */
export class ZoneCache {
  private readonly tables = new Map<string, ZoneOffsets>();
  constructor(
    readonly from: number,
    readonly to: number,
  ) {}
  get(zone: string): ZoneOffsets {
    let t = this.tables.get(zone);
    if (!t) {
      t = zoneOffsets(zone, this.from, this.to);
      this.tables.set(zone, t);
    }
    return t;
  }
}

/** Busy intervals in epoch milliseconds → a normal list of whole minutes covering them. */
export function busyMinutes(busy: readonly { startMs: number; endMs: number }[]): Intervals {
  const flat: number[] = [];
  for (const b of busy) flat.push(floorMinute(b.startMs), ceilMinute(b.endMs));
  return normalize(flat);
}

export interface FreeTimeInput {
  hours: WorkingHours;
  busy: Intervals;
  from: number;
  to: number;
  bufferBefore?: number;
  bufferAfter?: number;
}

/** The person's working time in [from, to) that keeps the buffers clear of busy time. */
export function personFree(zones: ZoneCache, p: FreeTimeInput): { working: Intervals; free: Intervals } {
  const working = workingIntervals(p.hours, zones.get(p.hours.timeZone), p.from, p.to);
  return { working, free: freeTime(working, p.busy, p.bufferBefore ?? 0, p.bufferAfter ?? 0) };
}
