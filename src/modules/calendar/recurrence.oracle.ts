/**
 * A deliberately simple reference for recurrence expansion, used only by the
 * property tests: it walks the calendar one day at a time and resolves each
 * wall-clock time to an instant from offsets read through Intl, without
 * Temporal or rrule-temporal. Slow, obvious, and independent.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;
const formats = new Map<string, Intl.DateTimeFormat>();

function format(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(zone, f);
  }
  return f;
}

/** The wall-clock time of an instant in a zone, written as if it were UTC (epoch ms). */
export function wallOf(instantMs: number, zone: string): number {
  const parts = Object.fromEntries(
    format(zone)
      .formatToParts(new Date(instantMs))
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
}

const offsetAt = (instantMs: number, zone: string) => wallOf(instantMs, zone) - instantMs;

/**
 * The instant of a wall-clock time: the earlier one when it occurs twice, and
 * for a time in a DST gap the one given by the offset before the gap (RFC 5545).
 * Zones change offset at most once in any 52 hours, so the offsets 26 hours
 * either side are all the candidates there are.
 */
export function instantOfWall(wall: number, zone: string): number {
  const before = offsetAt(wall - 26 * HOUR, zone);
  const after = offsetAt(wall + 26 * HOUR, zone);
  const valid = [...new Set([before, after])].map((o) => wall - o).filter((t) => wallOf(t, zone) === wall);
  if (valid.length) return Math.min(...valid);
  return wall - before;
}

export interface OracleRule {
  freq: 'DAILY' | 'WEEKLY';
  interval: number;
  /** ISO weekdays, 1 = Monday. */
  byDay?: number[];
  count?: number;
  untilMs?: number;
}

export interface OracleOccurrence {
  recurrenceId: string;
  startMs: number;
  endMs: number;
}

const isoDow = (epochDay: number) => ((((epochDay + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday
const idOf = (wall: number) => new Date(wall).toISOString().slice(0, 19);

/** Occurrences overlapping [fromMs, toMs) of a series starting at wall-clock `startWall` and ending at `endWall` in `zone`. */
export function oracleExpand(
  rule: OracleRule,
  startWall: number,
  endWall: number,
  zone: string,
  exdates: ReadonlySet<string>,
  fromMs: number,
  toMs: number,
): OracleOccurrence[] {
  const startDay = Math.floor(startWall / DAY);
  const timeOfDay = startWall - startDay * DAY;
  const duration = instantOfWall(endWall, zone) - instantOfWall(startWall, zone);
  const weekOfStart = startDay - (isoDow(startDay) - 1);
  const days = rule.byDay ?? (rule.freq === 'WEEKLY' ? [isoDow(startDay)] : undefined);
  const out: OracleOccurrence[] = [];
  let made = 0;
  for (let day = startDay; ; day++) {
    const wall = day * DAY + timeOfDay;
    if (rule.count === undefined && wall > toMs + 2 * DAY) break;
    const inPeriod = rule.freq === 'DAILY' ? (day - startDay) % rule.interval === 0 : Math.floor((day - weekOfStart) / 7) % rule.interval === 0;
    const matches = day === startDay || (inPeriod && (!days || days.includes(isoDow(day))));
    if (!matches) continue;
    const start = instantOfWall(wall, zone);
    if (rule.untilMs !== undefined && start > rule.untilMs) break;
    made++;
    const id = idOf(wall);
    if (!exdates.has(id) && start < toMs && start + duration > fromMs) out.push({ recurrenceId: id, startMs: start, endMs: start + duration });
    if (rule.count !== undefined && made >= rule.count) break;
  }
  return out;
}
