/**
 * Interval algebra on flat lists of epoch minutes: [s0, e0, s1, e1, …], each
 * interval half-open [s, e), sorted, disjoint and not touching ("normal").
 * Flat number arrays keep the engine fast: no objects per interval, one pass
 * per operation.
 */
export type Intervals = number[];

export const MINUTE_MS = 60_000;

/** Epoch milliseconds → epoch minutes, rounding towards the outside of a busy interval (start down, end up). */
export const floorMinute = (ms: number) => Math.floor(ms / MINUTE_MS);
export const ceilMinute = (ms: number) => Math.ceil(ms / MINUTE_MS);

/** Sorts and merges any list of [s, e) pairs (empty ones dropped) into a normal list. */
export function normalize(pairs: Intervals): Intervals {
  const n = pairs.length / 2;
  if (n === 0) return [];
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (pairs[2 * i + 1]! > pairs[2 * i]!) order.push(i);
  order.sort((a, b) => pairs[2 * a]! - pairs[2 * b]!);
  const out: Intervals = [];
  for (const i of order) {
    const s = pairs[2 * i]!;
    const e = pairs[2 * i + 1]!;
    const last = out.length - 1;
    if (last > 0 && s <= out[last]!) {
      if (e > out[last]!) out[last] = e;
    } else out.push(s, e);
  }
  return out;
}

/** a ∩ b for normal lists. */
export function intersect(a: Intervals, b: Intervals): Intervals {
  const out: Intervals = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i]!, b[j]!);
    const e = Math.min(a[i + 1]!, b[j + 1]!);
    if (s < e) out.push(s, e);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}

/** a minus b for normal lists. */
export function subtract(a: Intervals, b: Intervals): Intervals {
  const out: Intervals = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let s = a[i]!;
    const e = a[i + 1]!;
    while (j < b.length && b[j + 1]! <= s) j += 2;
    let k = j;
    while (k < b.length && b[k]! < e) {
      if (b[k]! > s) out.push(s, b[k]!);
      s = Math.max(s, b[k + 1]!);
      if (s >= e) break;
      k += 2;
    }
    if (s < e) out.push(s, e);
  }
  return out;
}

/** The intervals of a normal list clipped to [from, to). */
export function clip(a: Intervals, from: number, to: number): Intervals {
  return intersect(a, from < to ? [from, to] : []);
}

/** Widens every interval by `before` minutes at its start and `after` at its end (buffers around busy time), merged. */
export function widen(a: Intervals, before: number, after: number): Intervals {
  if (before === 0 && after === 0) return a;
  const out: Intervals = [];
  for (let i = 0; i < a.length; i += 2) out.push(a[i]! - before, a[i + 1]! + after);
  return normalize(out);
}

/** Total length in minutes. */
export function totalMinutes(a: Intervals): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 2) sum += a[i + 1]! - a[i]!;
  return sum;
}

/** Index (even) of the first interval that ends after `s`, or -1 (binary search: the list is sorted and disjoint). */
function firstEndingAfter(a: Intervals, s: number): number {
  let lo = 0;
  let hi = a.length / 2 - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (a[2 * mid + 1]! <= s) lo = mid + 1;
    else {
      found = 2 * mid;
      hi = mid - 1;
    }
  }
  return found;
}

/** Index (even) of the interval containing [s, e), or -1. */
export function containing(a: Intervals, s: number, e: number): number {
  const i = firstEndingAfter(a, s);
  return i >= 0 && a[i]! <= s && e <= a[i + 1]! ? i : -1;
}

/** Whether [s, e) overlaps any interval of the list. */
export function overlapsAny(a: Intervals, s: number, e: number): boolean {
  const i = firstEndingAfter(a, s);
  return i >= 0 && a[i]! < e;
}
