import { AppError } from '../../kernel/errors.js';
import { instantOf, normalizeLocal, normalizeTimeZone, parseLocalDate, parseLocalDateTime } from './localtime.js';
import { normalizeRule, type SeriesTiming } from './recurrence.js';
import { parseRRule, RRuleError } from './rrule.js';

/** The timing fields of an event as a request may give them (all optional for PATCH). */
export interface TimingInput {
  allDay?: boolean;
  start?: string;
  end?: string;
  startDate?: string;
  endDate?: string;
  timeZone?: string;
  rrule?: string | null;
  exdates?: string[];
}

/** A 400 naming the field, in the same shape as the schema validator's. */
export const invalidField = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `${path} ${message}`, { fields: [{ path, message, in: 'body' }] });

const invalidRule = (message: string) => new AppError('INVALID_RRULE', `rrule: ${message}`, { fields: [{ path: 'rrule', message, in: 'body' }] });

/** Validates a zone name; returns Temporal's spelling of it. */
export function checkTimeZone(zone: string, path = 'timeZone'): string {
  const z = normalizeTimeZone(zone);
  if (!z) throw invalidField(path, 'must be an IANA time zone such as Europe/Berlin');
  return z;
}

function checkRule(text: string, allDay: boolean, zone: string): string {
  try {
    const rule = parseRRule(text);
    if (allDay && (rule.byHour || rule.byMinute || rule.bySecond)) throw new RRuleError('BYHOUR, BYMINUTE and BYSECOND do not apply to all-day events');
    return normalizeRule(text, allDay, zone);
  } catch (err) {
    if (err instanceof RRuleError) throw invalidRule(err.message);
    throw invalidRule(err instanceof Error ? err.message : 'is not a valid RRULE');
  }
}

/** Exdates in the event's current form: dates for all-day events, date-times (at the start's time) otherwise. */
function convertExdate(value: string, allDay: boolean, startTime: string): string | null {
  if (allDay) return normalizeLocal(value.slice(0, 10), true);
  return normalizeLocal(value.length === 10 ? `${value}T${startTime}` : value, false);
}

/**
 * Merges new timing fields over the current ones (none for a new event) and
 * checks the result: the zone, the order of start and end, the rule, the
 * excluded dates. Returns the timing in its stored form; throws a 400 naming
 * the field at fault.
 */
export function resolveTiming(input: TimingInput, current?: SeriesTiming): SeriesTiming {
  const allDay = input.allDay ?? current?.allDay ?? false;
  const zoneRaw = input.timeZone ?? current?.timeZone ?? (allDay ? 'UTC' : undefined);
  if (!zoneRaw) throw invalidField('timeZone', 'is required for events with a start time');
  const timeZone = checkTimeZone(zoneRaw);

  let start: string;
  let end: string;
  if (allDay) {
    const startRaw = input.startDate ?? input.start?.slice(0, 10) ?? current?.start.slice(0, 10);
    if (!startRaw) throw invalidField('startDate', 'is required for all-day events');
    const startDate = parseLocalDate(startRaw);
    if (!startDate) throw invalidField('startDate', 'must be a date like 2026-03-09');
    let endDate = input.endDate ? parseLocalDate(input.endDate) : null;
    if (input.endDate && !endDate) throw invalidField('endDate', 'must be a date like 2026-03-09');
    if (!endDate && !input.startDate && !input.start && current?.allDay) endDate = parseLocalDate(current.end);
    if (!endDate && current?.allDay) {
      // Moving an all-day event keeps its length in days.
      const days = parseLocalDate(current.start)!.until(parseLocalDate(current.end)!, { largestUnit: 'day' }).days;
      endDate = startDate.add({ days: Math.max(1, days) });
    }
    endDate ??= startDate.add({ days: 1 });
    if (endDate.until(startDate).sign >= 0) throw invalidField('endDate', 'must be after startDate (it is the day after the last day)');
    start = startDate.toString();
    end = endDate.toString();
  } else {
    const startRaw = input.start ?? (current && !current.allDay ? current.start : undefined);
    if (!startRaw) throw invalidField('start', 'is required for events with a start time');
    const startDt = parseLocalDateTime(startRaw);
    if (!startDt) throw invalidField('start', 'must be a local date-time like 2026-03-09T09:00');
    let endDt = input.end ? parseLocalDateTime(input.end) : null;
    if (input.end && !endDt) throw invalidField('end', 'must be a local date-time like 2026-03-09T09:00');
    if (!endDt && current && !current.allDay) {
      const curStart = parseLocalDateTime(current.start)!;
      const curEnd = parseLocalDateTime(current.end)!;
      // Moving an event without a new end keeps its length.
      endDt = input.start ? startDt.add(curStart.until(curEnd)) : curEnd;
    }
    if (!endDt) throw invalidField('end', 'is required for events with a start time');
    if (instantOf(endDt, timeZone) < instantOf(startDt, timeZone)) throw invalidField('end', 'must not be before start');
    start = startDt.toString({ smallestUnit: 'second' });
    end = endDt.toString({ smallestUnit: 'second' });
  }

  const ruleText = input.rrule !== undefined ? input.rrule : (current?.rrule ?? null);
  const rrule = ruleText && ruleText.trim() ? checkRule(ruleText, allDay, timeZone) : null;

  const startTime = allDay ? '00:00:00' : start.slice(11);
  const exdates = new Set<string>();
  if (rrule) {
    const given = input.exdates ?? current?.exdates ?? [];
    given.forEach((value, i) => {
      const normalized = convertExdate(value, allDay, startTime);
      if (normalized) exdates.add(normalized);
      else if (input.exdates) throw invalidField(`exdates.${i}`, allDay ? 'must be a date like 2026-03-09' : 'must be a local date-time like 2026-03-09T09:00');
    });
  }
  return { allDay, start, end, timeZone, rrule, exdates: [...exdates].sort() };
}

/** Whether two timings generate the same occurrences (so that exceptions stay valid). */
export const sameSchedule = (a: SeriesTiming, b: SeriesTiming) =>
  a.allDay === b.allDay && a.start === b.start && a.timeZone === b.timeZone && a.rrule === b.rrule;
