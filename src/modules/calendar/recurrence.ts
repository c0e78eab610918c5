/* eslint-disable @typescript-eslint/no-explicit-any -- rrule-temporal's type parameter is the rule's own option shape */
import { Temporal } from 'temporal-polyfill';
import { RRuleTemporal } from 'rrule-temporal';
import { formatLocalDate, formatLocalDateTime, instantOf, parseInstant, parseLocalDate, parseLocalDateTime, startOfDay, wallClockOf } from './localtime.js';
import { formatRRule, parseRRule, type RecurrenceRule } from './rrule.js';

/**
 * Recurrence expansion, a pure function of the event and its exceptions.
 *
 * Rules are expanded over wall-clock time: the local start is handed to
 * rrule-temporal as if it were UTC (where no day has a gap or an overlap), and
 * each generated wall-clock time is then placed in the event's real zone. So a
 * 09:00 Europe/Berlin weekly event stays at 09:00 in Berlin across DST, and an
 * occurrence whose local time falls in a DST gap is moved forward (02:30 →
 * 03:30, RFC 5545 3.3.5) instead of being dropped. COUNT counts wall-clock
 * occurrences; UNTIL is compared with each occurrence's real instant.
 */

export interface SeriesTiming {
  allDay: boolean;
  /** Local start: "YYYY-MM-DDTHH:mm:ss" for timed events, "YYYY-MM-DD" for all-day events. */
  start: string;
  /** Local end in the same form; exclusive date for all-day events. */
  end: string;
  timeZone: string;
  rrule: string | null;
  /** Original local starts of removed occurrences, in the same form as `start`. */
  exdates: readonly string[];
}

/** A per-occurrence exception. `start`/`end` are local in `timeZone` (or the series' zone); null = unchanged. */
export interface OverrideTiming {
  recurrenceId: string;
  cancelled: boolean;
  start?: string | null;
  end?: string | null;
  timeZone?: string | null;
}

export interface Occurrence<O extends OverrideTiming = OverrideTiming> {
  /** The original local start of this occurrence; null for an event that does not repeat. */
  recurrenceId: string | null;
  startMs: number;
  endMs: number;
  /** Start and end in `timeZone`: local date-times, or dates for all-day events. */
  localStart: string;
  localEnd: string;
  timeZone: string;
  allDay: boolean;
  override: O | null;
}

const DAY_MS = 86_400_000;
const fake = (wall: Temporal.PlainDateTime) => wall.toZonedDateTime('UTC');
const fakeAt = (ms: number) => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO('UTC');
const toMs = (v: string | number): number => {
  if (typeof v === 'number') return v;
  const ms = parseInstant(v);
  if (ms === null) throw new RangeError(`not an instant: ${v}`);
  return ms;
};

/** One event's timing, ready to generate occurrences. Throws on malformed input (services validate first). */
class Series {
  readonly allDay: boolean;
  readonly zone: string;
  readonly startWall: Temporal.PlainDateTime;
  readonly startMs: number;
  readonly durationMs: number;
  readonly durationDays: number;
  readonly rule: RRuleTemporal<any> | null;
  readonly parsed: RecurrenceRule | null;
  /** Latest instant an occurrence may start at (UNTIL), null when unbounded or counted. */
  readonly untilMs: number | null;
  readonly exdates: Set<string>;

  constructor(t: SeriesTiming) {
    this.allDay = t.allDay;
    this.zone = t.timeZone;
    if (t.allDay) {
      const start = parseLocalDate(t.start);
      const end = parseLocalDate(t.end);
      if (!start || !end) throw new RangeError('all-day events need start and end dates');
      this.startWall = start.toPlainDateTime();
      this.durationDays = Math.max(1, start.until(end, { largestUnit: 'day' }).days);
      this.durationMs = this.durationDays * 25 * 3_600_000; // an upper bound, for search windows only
      this.startMs = startOfDay(start, this.zone);
    } else {
      const start = parseLocalDateTime(t.start);
      const end = parseLocalDateTime(t.end);
      if (!start || !end) throw new RangeError('timed events need local start and end date-times');
      this.startWall = start;
      this.startMs = instantOf(start, this.zone);
      // RFC 5545: with DTEND, every occurrence lasts the same exact time as the first.
      this.durationMs = Math.max(0, instantOf(end, this.zone) - this.startMs);
      this.durationDays = 0;
    }
    this.exdates = new Set(t.exdates);
    this.parsed = t.rrule ? parseRRule(t.rrule) : null;
    this.untilMs = this.parsed?.until ? untilInstant(this.parsed, this.allDay, this.zone) : null;
    this.rule = this.parsed ? this.buildRule(this.parsed) : null;
  }

  private buildRule(r: RecurrenceRule): RRuleTemporal<any> {
    // Generous wall-clock bound; the exact UNTIL test is on real instants (see wallsBetween).
    const until = this.untilMs === null ? undefined : fake(wallClockOf(this.untilMs, this.zone)).add({ days: 1 });
    return new RRuleTemporal({
      temporal: Temporal,
      tzid: 'UTC',
      dtstart: fake(this.startWall),
      includeDtstart: true,
      maxIterations: 1_000_000,
      freq: r.freq,
      interval: r.interval,
      ...(r.count !== undefined ? { count: r.count } : {}),
      ...(until ? { until } : {}),
      ...(r.byDay ? { byDay: r.byDay } : {}),
      ...(r.byMonth ? { byMonth: r.byMonth } : {}),
      ...(r.byMonthDay ? { byMonthDay: r.byMonthDay } : {}),
      ...(r.byYearDay ? { byYearDay: r.byYearDay } : {}),
      ...(r.byWeekNo ? { byWeekNo: r.byWeekNo } : {}),
      ...(r.bySetPos ? { bySetPos: r.bySetPos } : {}),
      ...(r.byHour ? { byHour: r.byHour } : {}),
      ...(r.byMinute ? { byMinute: r.byMinute } : {}),
      ...(r.bySecond ? { bySecond: r.bySecond } : {}),
      ...(r.wkst ? { wkst: r.wkst } : {}),
    } as ConstructorParameters<typeof RRuleTemporal>[0]);
  }

  instantOfWall(wall: Temporal.PlainDateTime): number {
    return this.allDay ? startOfDay(wall.toPlainDate(), this.zone) : instantOf(wall, this.zone);
  }

  key(wall: Temporal.PlainDateTime): string {
    return this.allDay ? formatLocalDate(wall.toPlainDate()) : formatLocalDateTime(wall);
  }

  parseKey(id: string): Temporal.PlainDateTime | null {
    return this.allDay ? (parseLocalDate(id)?.toPlainDateTime() ?? null) : parseLocalDateTime(id);
  }

  private withinUntil(wall: Temporal.PlainDateTime): boolean {
    return this.untilMs === null || this.instantOfWall(wall) <= this.untilMs;
  }

  /** Generated wall-clock starts whose wall time, read as UTC, lies in [fromMs, toMs]. */
  wallsBetween(fromMs: number, toMs: number): Temporal.PlainDateTime[] {
    if (!this.rule) return [this.startWall];
    return this.rule
      .between(fakeAt(fromMs), fakeAt(toMs), true)
      .map((z) => Temporal.PlainDateTime.from(z.toPlainDateTime().toString()))
      .filter((w) => this.withinUntil(w));
  }

  isOccurrence(wall: Temporal.PlainDateTime): boolean {
    if (!this.rule) return false;
    const at = fake(wall).epochMilliseconds;
    return this.wallsBetween(at - 1000, at + 1000).some((w) => w.equals(wall));
  }

  /** The wall-clock start of the last occurrence; null when the rule never ends. */
  lastWall(): Temporal.PlainDateTime | null {
    if (!this.rule || !this.parsed) return this.startWall;
    if (this.parsed.count !== undefined) {
      const all = this.rule.all();
      const last = all.at(-1);
      return last ? Temporal.PlainDateTime.from(last.toPlainDateTime().toString()) : this.startWall;
    }
    if (this.untilMs === null) return null;
    let probe: Temporal.ZonedDateTime | null = fake(wallClockOf(this.untilMs, this.zone)).add({ days: 2 }) as Temporal.ZonedDateTime;
    for (let i = 0; i < 100 && probe; i++) {
      const prev = this.rule.previous(probe, false) as Temporal.ZonedDateTime | null;
      if (!prev) return this.startWall;
      const wall = Temporal.PlainDateTime.from(prev.toPlainDateTime().toString());
      if (this.withinUntil(wall)) return wall;
      probe = prev;
    }
    return this.startWall;
  }

  occurrence<O extends OverrideTiming>(wall: Temporal.PlainDateTime, o: O | null, recurrenceId: string | null): Occurrence<O> {
    const zone = o?.timeZone ?? this.zone;
    if (this.allDay) {
      const origStart = wall.toPlainDate();
      const startDate = (o?.start && parseLocalDate(o.start)) || origStart;
      const endDate = (o?.end && parseLocalDate(o.end)) || startDate.add({ days: this.durationDays });
      return {
        recurrenceId,
        startMs: startOfDay(startDate, zone),
        endMs: startOfDay(endDate, zone),
        localStart: formatLocalDate(startDate),
        localEnd: formatLocalDate(endDate),
        timeZone: zone,
        allDay: true,
        override: o,
      };
    }
    const movedStart = o?.start ? parseLocalDateTime(o.start) : null;
    const startMs = movedStart ? instantOf(movedStart, zone) : this.instantOfWall(wall);
    const movedEnd = o?.end ? parseLocalDateTime(o.end) : null;
    const endMs = movedEnd ? instantOf(movedEnd, zone) : startMs + this.durationMs;
    return {
      recurrenceId,
      startMs,
      endMs,
      localStart: formatLocalDateTime(wallClockOf(startMs, zone)),
      localEnd: formatLocalDateTime(wallClockOf(endMs, zone)),
      timeZone: zone,
      allDay: false,
      override: o,
    };
  }
}

/** The latest instant an occurrence may start at under the rule's UNTIL. */
function untilInstant(rule: RecurrenceRule, allDay: boolean, zone: string): number | null {
  const u = rule.until;
  if (!u) return null;
  if (u.kind === 'utc') return u.epochMs;
  if (allDay) return startOfDay(u.kind === 'date' ? u.value : u.value.toPlainDate(), zone);
  // A date UNTIL beside a date-time start means "through the end of that day" in the event's zone.
  return u.kind === 'date' ? startOfDay(u.value.add({ days: 1 }), zone) - 1 : instantOf(u.value, zone);
}

const overlaps = (o: { startMs: number; endMs: number }, from: number, to: number) =>
  o.startMs < to && (o.endMs > from || (o.endMs === o.startMs && o.startMs >= from));

/**
 * Every occurrence that overlaps [fromUtc, toUtc), sorted by start: the rule
 * expanded, EXDATEs and cancelled exceptions removed, moved exceptions at
 * their new time (also when only the new time falls in the window).
 */
export function expandOccurrences<O extends OverrideTiming>(
  series: SeriesTiming,
  overrides: readonly O[],
  fromUtc: string | number,
  toUtc: string | number,
): Occurrence<O>[] {
  const s = new Series(series);
  const from = toMs(fromUtc);
  const to = toMs(toUtc);
  if (!s.rule) {
    const single = s.occurrence<O>(s.startWall, null, null);
    return overlaps(single, from, to) ? [single] : [];
  }
  const byId = new Map(overrides.map((o) => [o.recurrenceId, o]));
  const seen = new Set<string>();
  const out: Occurrence<O>[] = [];
  // Wall-clock time differs from UTC by less than a day, so this window holds every candidate.
  for (const wall of s.wallsBetween(from - s.durationMs - DAY_MS, to + DAY_MS)) {
    const id = s.key(wall);
    seen.add(id);
    if (s.exdates.has(id)) continue;
    const o = byId.get(id) ?? null;
    if (o?.cancelled) continue;
    const occ = s.occurrence(wall, o, id);
    if (overlaps(occ, from, to)) out.push(occ);
  }
  for (const o of overrides) {
    if (o.cancelled || seen.has(o.recurrenceId) || !(o.start || o.end || o.timeZone) || s.exdates.has(o.recurrenceId)) continue;
    const wall = s.parseKey(o.recurrenceId);
    if (!wall || !s.isOccurrence(wall)) continue;
    const occ = s.occurrence(wall, o, o.recurrenceId);
    if (overlaps(occ, from, to)) out.push(occ);
  }
  return out.sort((a, b) => a.startMs - b.startMs || (a.recurrenceId ?? '').localeCompare(b.recurrenceId ?? ''));
}

/** A test of many recurrence ids (original local starts) against one series: is each generated by its rule? */
export function occurrenceChecker(series: SeriesTiming): (recurrenceId: string) => boolean {
  const s = new Series(series);
  return (recurrenceId) => {
    const wall = s.parseKey(recurrenceId);
    return !!wall && s.isOccurrence(wall);
  };
}

export const isOccurrenceOf = (series: SeriesTiming, recurrenceId: string): boolean => occurrenceChecker(series)(recurrenceId);

/** The occurrence an exception belongs to, with the exception applied (also when cancelled); null when the rule does not generate it. */
export function occurrenceWith<O extends OverrideTiming>(series: SeriesTiming, o: O): Occurrence<O> | null {
  const s = new Series(series);
  const wall = s.parseKey(o.recurrenceId);
  if (!wall || !s.isOccurrence(wall)) return null;
  return s.occurrence(wall, o, o.recurrenceId);
}

/**
 * Conservative bounds for range queries: no occurrence starts before
 * `startMs` or ends after `untilMs` (null: the series never ends).
 */
export function seriesBounds(series: SeriesTiming, overrides: readonly OverrideTiming[]): { startMs: number; untilMs: number | null } {
  const s = new Series(series);
  const first = s.occurrence(s.startWall, null, null);
  let startMs = first.startMs;
  const last = s.lastWall();
  let untilMs = last ? s.occurrence(last, null, null).endMs : null;
  if (s.rule) {
    for (const o of overrides) {
      const wall = !o.cancelled && (o.start || o.end || o.timeZone) ? s.parseKey(o.recurrenceId) : null;
      if (!wall) continue;
      const occ = s.occurrence(wall, o, o.recurrenceId);
      startMs = Math.min(startMs, occ.startMs);
      if (untilMs !== null) untilMs = Math.max(untilMs, occ.endMs);
    }
  }
  return { startMs, untilMs };
}

/**
 * Parses and rewrites a rule for storage: canonical part order, and UNTIL in
 * the form RFC 5545 wants beside the start (a UTC instant for timed events, a
 * date for all-day events). Throws RRuleError.
 */
export function normalizeRule(text: string, allDay: boolean, zone: string): string {
  const rule = parseRRule(text);
  const untilMs = untilInstant(rule, allDay, zone);
  if (rule.until && untilMs !== null) {
    if (allDay && rule.until.kind !== 'date') {
      const date = rule.until.kind === 'local' ? rule.until.value.toPlainDate() : wallClockOf(untilMs, zone).toPlainDate();
      rule.until = { kind: 'date', value: date, text: date.toString().replace(/-/g, '') };
    } else if (!allDay && rule.until.kind !== 'utc') {
      const text = Temporal.Instant.fromEpochMilliseconds(untilMs).toString({ smallestUnit: 'second' }).replace(/[-:]/g, '');
      rule.until = { kind: 'utc', epochMs: untilMs, text };
    }
  }
  return formatRRule(rule);
}
