import { Temporal } from 'temporal-polyfill';

/**
 * Wall-clock values as the calendar stores them: a local date-time
 * ("2026-03-09T09:00:00") or a date ("2026-03-09") beside an IANA zone. All
 * zone arithmetic goes through Temporal, never through `Date`'s local-time
 * methods, so nothing depends on the server's own zone.
 */

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "YYYY-MM-DDTHH:mm[:ss]" → PlainDateTime, or null when malformed or not a real date. */
export function parseLocalDateTime(value: string): Temporal.PlainDateTime | null {
  const m = LOCAL_DATE_TIME.exec(value);
  if (!m) return null;
  try {
    return Temporal.PlainDateTime.from(
      { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: m[6] ? +m[6] : 0 },
      { overflow: 'reject' },
    );
  } catch {
    return null;
  }
}

/** "YYYY-MM-DD" → PlainDate, or null when malformed or not a real date. */
export function parseLocalDate(value: string): Temporal.PlainDate | null {
  const m = LOCAL_DATE.exec(value);
  if (!m) return null;
  try {
    return Temporal.PlainDate.from({ year: +m[1]!, month: +m[2]!, day: +m[3]! }, { overflow: 'reject' });
  } catch {
    return null;
  }
}

/** The one stored form of a local date-time: always with seconds. */
export const formatLocalDateTime = (pdt: Temporal.PlainDateTime): string => pdt.toString({ smallestUnit: 'second' });
export const formatLocalDate = (d: Temporal.PlainDate): string => d.toString();

/** Normalises "…T09:00" to "…T09:00:00" and keeps dates as they are; null when neither. */
export function normalizeLocal(value: string, allDay: boolean): string | null {
  if (allDay) {
    const d = parseLocalDate(value);
    return d ? formatLocalDate(d) : null;
  }
  const dt = parseLocalDateTime(value);
  return dt ? formatLocalDateTime(dt) : null;
}

/**
 * The IANA zone id as Temporal spells it ("europe/berlin" → "Europe/Berlin"),
 * or null for unknown names and for bare offsets such as "+01:00".
 */
export function normalizeTimeZone(zone: string): string | null {
  if (!zone || zone.length > 64 || /^[+-]/.test(zone)) return null;
  try {
    return Temporal.PlainDate.from('2000-01-01').toZonedDateTime(zone).timeZoneId;
  } catch {
    return null;
  }
}

/**
 * The instant of a wall-clock time in a zone. RFC 5545 (3.3.5): a time that
 * occurs twice means the first one; a time in a DST gap is read with the
 * offset before the gap, i.e. 02:30 on a spring-forward day becomes 03:30.
 * That is exactly Temporal's "compatible" disambiguation.
 */
export function instantOf(pdt: Temporal.PlainDateTime, zone: string): number {
  return pdt.toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds;
}

/** The instant a day starts in a zone (not always 00:00 where midnight falls in a DST gap). */
export function startOfDay(date: Temporal.PlainDate, zone: string): number {
  return date.toZonedDateTime({ timeZone: zone }).epochMilliseconds;
}

/** The wall-clock time of an instant in a zone. */
export function wallClockOf(epochMs: number, zone: string): Temporal.PlainDateTime {
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(zone).toPlainDateTime();
}

/** ISO-8601 UTC with milliseconds, the stored and returned form of every instant. */
export const isoUtc = (epochMs: number): string => Temporal.Instant.fromEpochMilliseconds(epochMs).toString({ smallestUnit: 'millisecond' });

/** An ISO instant with Z or an offset → epoch milliseconds, or null. */
export function parseInstant(value: string): number | null {
  try {
    return Temporal.Instant.from(value).epochMilliseconds;
  } catch {
    return null;
  }
}
