import { containing, type Intervals } from './intervals.js';
import { formatHhmm } from './hours.js';
import { offsetAt, type ZoneOffsets } from './zones.js';

/**
 * Ranking of candidate meeting times, explainable by construction: a score is
 * a weighted sum of four parts, and each part says in words why it is what it
 * is. Parts (0…1): the local time of day for each required attendee, how the
 * meeting cuts their free time (no useless slivers), how many optional
 * attendees can come, and how soon it is.
 */

export interface RankedPerson {
  id: string;
  name: string;
  timeZone: string;
  zone: ZoneOffsets;
  /** Free time (normal list, epoch minutes). */
  free: Intervals;
}

export interface LocalTime {
  userId: string;
  name: string;
  timeZone: string;
  date: string;
  start: string;
  end: string;
}

export interface Suggestion {
  start: number;
  end: number;
  /** 0…100, higher is better. */
  score: number;
  reasons: string[];
  parts: { timeOfDay: number; fragmentation: number; optionalAttendees: number | null; soonness: number };
  localTimes: LocalTime[];
  optionalAvailable: string[];
}

export const WEIGHTS = { timeOfDay: 0.4, fragmentation: 0.25, optionalAttendees: 0.15, soonness: 0.2 };

const mod = (a: number, n: number) => ((a % n) + n) % n;

/** How comfortable a meeting from `start` to `end` (minutes of the local day) is, and a word for it. */
export function timeOfDayComfort(start: number, end: number): { value: number; label: string } {
  if (start < 7 * 60 || end > 20 * 60) return { value: 0.1, label: start < 7 * 60 ? 'very early' : 'very late' };
  if (start < 9 * 60) return { value: 0.5, label: 'early' };
  if (end > 18 * 60) return { value: 0.5, label: 'late' };
  if (start < 13 * 60 && end > 12 * 60) return { value: 0.6, label: 'over lunch' };
  if (start < 10 * 60) return { value: 0.85, label: 'morning' };
  if (start < 12 * 60) return { value: 1, label: 'mid-morning' };
  if (start < 16 * 60) return { value: 0.95, label: 'early afternoon' };
  return { value: 0.75, label: 'late afternoon' };
}

/** A free gap of `g` minutes left beside the meeting: none is best, a sliver too short to use is worst. */
export function gapValue(g: number): number {
  if (g === 0) return 1;
  if (g < 30) return 0.2;
  if (g < 60) return 0.6;
  return 0.8;
}

const civilDate = (wall: number) => new Date(Math.floor(wall / 1440) * 86_400_000).toISOString().slice(0, 10);

function localTime(p: RankedPerson, s: number, e: number): LocalTime & { startTod: number; endTod: number } {
  const ws = s + offsetAt(p.zone, s);
  const we = e + offsetAt(p.zone, e);
  const startTod = mod(ws, 1440);
  // A meeting ending at midnight ends at 24:00 of its day.
  const endTod = mod(we, 1440) === 0 && we > ws ? 1440 : mod(we, 1440);
  return {
    userId: p.id,
    name: p.name,
    timeZone: p.timeZone,
    date: civilDate(ws),
    start: formatHhmm(startTod),
    end: formatHhmm(endTod % 1440),
    startTod,
    endTod,
  };
}

const list = (xs: string[]) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);
const firstName = (name: string) => name.split(/\s+/)[0] ?? name;

function timeOfDayPart(people: ReturnType<typeof localTime>[]): { value: number; reason: string } {
  const scored = people.map((p) => ({ p, c: timeOfDayComfort(p.startTod, p.endTod) }));
  const value = scored.reduce((a, x) => a + x.c.value, 0) / Math.max(1, scored.length);
  const zones = new Set(people.map((p) => `${p.timeZone}|${p.start}`));
  if (zones.size === 1 && people.length > 1) {
    const p = people[0]!;
    return { value, reason: `${p.start} for everyone (${p.timeZone}): ${scored[0]!.c.label}` };
  }
  const parts = scored.slice(0, 4).map(({ p, c }) => `${p.start} for ${firstName(p.name)} (${p.timeZone}, ${c.label})`);
  if (scored.length > 4) parts.push(`${scored.length - 4} more`);
  return { value, reason: list(parts) };
}

function fragmentationPart(people: RankedPerson[], s: number, e: number): { value: number; reason: string } {
  let sum = 0;
  let worst: { name: string; gap: number } | null = null;
  let snug = 0;
  for (const p of people) {
    const i = containing(p.free, s, e);
    const before = i >= 0 ? s - p.free[i]! : 0;
    const after = i >= 0 ? p.free[i + 1]! - e : 0;
    sum += (gapValue(before) + gapValue(after)) / 2;
    for (const g of [before, after]) if (g > 0 && g < 30 && (!worst || g < worst.gap)) worst = { name: firstName(p.name), gap: g };
    if (before === 0 || after === 0) snug++;
  }
  const value = sum / Math.max(1, people.length);
  if (worst) return { value, reason: `Leaves ${worst.name} a ${worst.gap}-minute gap too short to use` };
  if (snug === people.length)
    return {
      value,
      reason:
        people.length > 1
          ? 'Fits snugly beside other commitments for everyone, keeping free time in one piece'
          : 'Fits snugly beside other commitments, keeping free time in one piece',
    };
  return { value, reason: 'Leaves free time before and after it in usable pieces' };
}

function optionalPart(optional: RankedPerson[], s: number, e: number): { value: number | null; reason: string | null; available: string[] } {
  if (optional.length === 0) return { value: null, reason: null, available: [] };
  const can = optional.filter((p) => containing(p.free, s, e) >= 0);
  const cannot = optional.filter((p) => !can.includes(p));
  const value = can.length / optional.length;
  const names = (ps: RankedPerson[]) => list(ps.map((p) => firstName(p.name)));
  let reason: string;
  if (cannot.length === 0) reason = optional.length === 1 ? `${names(can)} (optional) can join` : `All optional attendees can join (${names(can)})`;
  else if (can.length === 0) reason = optional.length === 1 ? `${names(cannot)} (optional) is not free` : `No optional attendee is free (${names(cannot)})`;
  else reason = `${can.length} of ${optional.length} optional attendees can join (${names(can)}); ${names(cannot)} cannot`;
  return { value, reason, available: can.map((p) => p.id) };
}

function soonnessPart(s: number, earliest: number, from: number, to: number): { value: number; reason: string } {
  const value = to > from ? 1 - (s - from) / (to - from) : 1;
  if (s === earliest) return { value, reason: 'The earliest time that works for everyone' };
  const diff = s - earliest;
  const days = Math.floor(diff / 1440);
  const hours = Math.floor(diff / 60);
  const amount = diff < 120 ? `${diff} minutes` : days === 0 ? `${hours} hours` : `${days} day${days === 1 ? '' : 's'}`;
  const when = `${amount} after the earliest option`;
  return { value, reason: `Sooner is better: ${when}` };
}

export interface RankInput {
  starts: number[];
  duration: number;
  required: RankedPerson[];
  optional: RankedPerson[];
  from: number;
  to: number;
  limit: number;
}

/**
 * Scores every candidate and returns the best `limit`, sorted by score (then
 * start). Options that overlap a better one are only used to fill up, so the
 * list offers distinct times rather than the same hour in 15-minute shifts.
 */
export function rankSuggestions(input: RankInput): Suggestion[] {
  const { starts, duration, required, optional, from, to, limit } = input;
  if (starts.length === 0) return [];
  const earliest = starts[0]!;
  const weightSum = WEIGHTS.timeOfDay + WEIGHTS.fragmentation + WEIGHTS.soonness + (optional.length ? WEIGHTS.optionalAttendees : 0);
  const scored: Suggestion[] = starts.map((s) => {
    const e = s + duration;
    const locals = required.map((p) => localTime(p, s, e));
    const tod = timeOfDayPart(locals);
    const frag = fragmentationPart(required, s, e);
    const opt = optionalPart(optional, s, e);
    const soon = soonnessPart(s, earliest, from, to);
    const total =
      WEIGHTS.timeOfDay * tod.value +
      WEIGHTS.fragmentation * frag.value +
      WEIGHTS.soonness * soon.value +
      (opt.value === null ? 0 : WEIGHTS.optionalAttendees * opt.value);
    return {
      start: s,
      end: e,
      score: Math.round((1000 * total) / weightSum) / 10,
      reasons: [tod.reason, frag.reason, ...(opt.reason ? [opt.reason] : []), soon.reason],
      parts: {
        timeOfDay: round2(tod.value),
        fragmentation: round2(frag.value),
        optionalAttendees: opt.value === null ? null : round2(opt.value),
        soonness: round2(soon.value),
      },
      localTimes: locals.map(({ startTod: _s, endTod: _e, ...l }) => l),
      optionalAvailable: opt.available,
    };
  });
  scored.sort((a, b) => b.score - a.score || a.start - b.start);
  const chosen: Suggestion[] = [];
  const overlapsChosen = (x: Suggestion) => chosen.some((c) => c.start < x.end && x.start < c.end);
  for (const x of scored) {
    if (chosen.length >= limit) break;
    if (!overlapsChosen(x)) chosen.push(x);
  }
  for (const x of scored) {
    if (chosen.length >= limit) break;
    if (!chosen.includes(x)) chosen.push(x);
  }
  return chosen.sort((a, b) => b.score - a.score || a.start - b.start);
}

const round2 = (x: number) => Math.round(x * 100) / 100;
