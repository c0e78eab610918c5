import { intersect, subtract, widen, type Intervals } from './intervals.js';
import type { ZoneOffsets } from './zones.js';

/**
 * Slot finding, pure and on integers (epoch minutes). A slot [s, s + duration)
 * is offered when it lies inside the free time of the people it needs, its
 * start is on the step grid of the alignment zone's wall clock (:00/:30 there,
 * also in half-hour zones and across DST), and it is inside the window.
 */

export interface SlotRules {
  /** Meeting length in minutes. */
  duration: number;
  /** Distance between start times on the wall clock; a divisor of 1440. */
  step: number;
  /** Earliest start and latest end (epoch minutes). */
  from: number;
  to: number;
  /** The wall clock the step grid follows. */
  align: ZoneOffsets;
}

/**
 * Free time = working hours minus busy time, where busy time is widened by the
 * buffers: a meeting with `before`/`after` buffers must keep that much space
 * from every busy interval, but the buffers may fall outside working hours.
 */
export function freeTime(working: Intervals, busy: Intervals, bufferBefore = 0, bufferAfter = 0): Intervals {
  return subtract(working, widen(busy, bufferAfter, bufferBefore));
}

const mod = (a: number, n: number) => ((a % n) + n) % n;

/** Calls `emit(s)` for every grid start s with [s, s + duration) inside one free interval and inside the window. */
export function forEachSlot(free: Intervals, rules: SlotRules, emit: (start: number, freeIndex: number) => void): void {
  const { duration, step, from, to, align } = rules;
  const { starts, offsets } = align;
  let seg = 0;
  for (let i = 0; i < free.length; i += 2) {
    const lo = Math.max(free[i]!, from);
    const hi = Math.min(free[i + 1]!, to) - duration; // last possible start
    if (hi < lo) continue;
    while (seg + 1 < starts.length && starts[seg + 1]! <= lo) seg++;
    // Walk the alignment zone's offset segments that overlap [lo, hi].
    for (let k = seg; k < starts.length; k++) {
      const segLo = Math.max(lo, starts[k]!);
      const segHi = Math.min(hi, k + 1 < starts.length ? starts[k + 1]! - 1 : hi);
      if (segLo > hi) break;
      if (segLo > segHi) continue;
      const o = offsets[k]!;
      let s = segLo + mod(step - mod(segLo + o, step), step);
      for (; s <= segHi; s += step) emit(s, i);
    }
  }
}

export function slotStarts(free: Intervals, rules: SlotRules): number[] {
  const out: number[] = [];
  forEachSlot(free, rules, (s) => out.push(s));
  return out;
}

/** Everyone together (collective): slots inside the intersection of every person's free time. */
export function collectiveSlots(frees: Intervals[], rules: SlotRules): number[] {
  if (frees.length === 0) return [];
  let common = frees[0]!;
  for (let i = 1; i < frees.length && common.length > 0; i++) common = intersect(common, frees[i]!);
  return slotStarts(common, rules);
}

/** Any one of them (round robin): the union of every person's slots, in order, each start once. */
export function roundRobinSlots(frees: Intervals[], rules: SlotRules): number[] {
  const span = rules.to - rules.from;
  if (span <= 0 || frees.length === 0) return [];
  const seen = new Uint8Array(span);
  let count = 0;
  for (const free of frees) {
    forEachSlot(free, rules, (s) => {
      const k = s - rules.from;
      if (seen[k] === 0) {
        seen[k] = 1;
        count++;
      }
    });
  }
  const out = new Array<number>(count);
  let n = 0;
  for (let k = 0; k < span && n < count; k++) if (seen[k] === 1) out[n++] = rules.from + k;
  return out;
}
