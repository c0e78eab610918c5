import { Temporal } from 'temporal-polyfill';
import type { CalendarInfo, EventDetail, Occurrence } from './calendarTypes';
import { buildRRule, noRepeat, parseRRule, type RepeatState } from './recurrenceForm';
import { addDays, addMinutes, browserZone, daysBetween, instantOf, nextFullHour, toInputValue, wallIn, weekdayOf } from './time';

/** What the event dialog opens on: a new event (from the button or a clicked slot), or an occurrence. */
export type EventTarget = { mode: 'create'; allDay: boolean; start: string; end: string; timeZone: string } | { mode: 'edit'; occurrence: Occurrence };

export interface EventFormValues {
  title: string;
  allDay: boolean;
  /** Local date-times ("YYYY-MM-DDTHH:mm") in timeZone. */
  start: string;
  end: string;
  /** First and last day, both inclusive (the API's endDate is the day after). */
  startDate: string;
  endDate: string;
  timeZone: string;
  location: string;
  description: string;
  calendarId: string;
  repeat: RepeatState;
}

export function newEventTarget(zone = browserZone()): EventTarget {
  const start = nextFullHour(zone);
  return { mode: 'create', allDay: false, start, end: addMinutes(start, 60), timeZone: zone };
}

export const defaultCalendarId = (calendars: CalendarInfo[]) => (calendars.find((c) => c.isDefault) ?? calendars[0])?.id ?? '';

export function valuesForNew(t: Extract<EventTarget, { mode: 'create' }>, calendars: CalendarInfo[]): EventFormValues {
  const startDate = t.start.slice(0, 10);
  const timedStart = t.allDay ? `${startDate}T09:00` : t.start;
  return {
    title: '',
    allDay: t.allDay,
    start: timedStart,
    end: t.allDay ? addMinutes(timedStart, 60) : t.end,
    startDate,
    endDate: t.allDay ? addDays(t.end.slice(0, 10), -1) : startDate,
    timeZone: t.timeZone,
    location: '',
    description: '',
    calendarId: defaultCalendarId(calendars),
    repeat: { ...noRepeat(), byDay: [weekdayOf(startDate)] },
  };
}

/** The form for one occurrence of an event: its own times, the series' rule. */
export function valuesForOccurrence(o: Occurrence, e: EventDetail): EventFormValues {
  const start = o.allDay ? `${o.startDate}T09:00` : wallIn(o.start, o.timeZone);
  const end = o.allDay ? `${o.startDate}T10:00` : wallIn(o.end, o.timeZone);
  const startDate = o.allDay ? o.startDate! : start.slice(0, 10);
  return {
    title: o.title,
    allDay: o.allDay,
    start,
    end,
    startDate,
    endDate: o.allDay ? addDays(o.endDate!, -1) : startDate,
    timeZone: o.timeZone,
    location: o.location ?? '',
    description: o.description ?? '',
    calendarId: e.calendarId,
    repeat: parseRRule(e.rrule, e.startDate ?? e.start ?? startDate),
  };
}

/** The event's first day ("YYYY-MM-DD") as the form holds it. */
export const firstDayOf = (v: EventFormValues): string => (v.allDay ? v.startDate : v.start).slice(0, 10);

/** Title, place and times as the API takes them. */
export function timingPayload(v: EventFormValues) {
  const common = {
    title: v.title.trim(),
    location: v.location.trim() || null,
    description: v.description.trim() || null,
    allDay: v.allDay,
    timeZone: v.timeZone,
  };
  return v.allDay ? { ...common, startDate: v.startDate, endDate: addDays(v.endDate || v.startDate, 1) } : { ...common, start: v.start, end: v.end };
}

export function createPayload(v: EventFormValues) {
  return { ...timingPayload(v), calendarId: v.calendarId, rrule: buildRRule(v.repeat, v.allDay ? v.startDate : v.start) };
}

/** "This event": the occurrence's own title, place and times. */
export function occurrencePayload(v: EventFormValues) {
  const t = timingPayload(v);
  const base = { title: t.title, location: t.location ?? undefined, description: t.description ?? undefined };
  return v.allDay
    ? { ...base, startDate: v.startDate, endDate: addDays(v.endDate || v.startDate, 1) }
    : { ...base, start: v.start, end: v.end, timeZone: v.timeZone };
}

/**
 * "All events": the series gets the new title, place, zone and rule; a new
 * time of day or length moves every occurrence, the series keeps its first day.
 */
export function seriesPayload(v: EventFormValues, initial: EventFormValues, e: EventDetail) {
  const payload: Record<string, unknown> = {
    calendarId: v.calendarId,
    title: v.title.trim(),
    location: v.location.trim() || null,
    description: v.description.trim() || null,
    timeZone: v.timeZone,
    allDay: v.allDay,
    rrule: buildRRule(v.repeat, e.startDate ?? e.start ?? v.startDate),
  };
  const timesChanged =
    v.allDay !== initial.allDay || v.start !== initial.start || v.end !== initial.end || v.startDate !== initial.startDate || v.endDate !== initial.endDate;
  if (!timesChanged) return payload;
  if (v.allDay) {
    const first = e.startDate ?? (e.start ?? v.startDate).slice(0, 10);
    const days = Temporal.PlainDate.from(v.startDate).until(Temporal.PlainDate.from(v.endDate || v.startDate)).days + 1;
    return { ...payload, startDate: first, endDate: addDays(first, Math.max(1, days)) };
  }
  const firstDay = (e.start ?? e.startDate ?? v.start).slice(0, 10);
  const start = `${firstDay}T${v.start.slice(11, 16)}`;
  const minutes = Temporal.PlainDateTime.from(v.start).until(Temporal.PlainDateTime.from(v.end), { largestUnit: 'minute' }).minutes;
  return { ...payload, start, end: addMinutes(start, minutes) };
}

export { toInputValue };

/**
 * The occurrence a deep link (`?event=<id>&at=<UTC start>`) opens, from the event itself: the event
 * may be in a calendar the reader does not see (they are invited), so it is not among the listed ones.
 * For a series: the occurrence starting at `at` (else the first one).
 */
export function occurrenceOfLink(e: EventDetail, at: string | null): Occurrence {
  const firstStart = e.allDay ? instantOf(`${e.startDate}T00:00`, e.timeZone) : instantOf(e.start!, e.timeZone);
  const firstEnd = e.allDay ? instantOf(`${e.endDate}T00:00`, e.timeZone) : instantOf(e.end!, e.timeZone);
  const start = e.rrule && at ? new Date(at).toISOString() : firstStart;
  const end = new Date(Date.parse(start) + Date.parse(firstEnd) - Date.parse(firstStart)).toISOString();
  const days = e.allDay ? daysBetween(e.startDate!, e.endDate!) : 0;
  const startDate = e.allDay ? wallIn(start, e.timeZone).slice(0, 10) : null;
  return {
    eventId: e.id,
    calendarId: e.calendarId,
    title: e.title,
    description: e.description,
    location: e.location,
    start,
    end,
    allDay: e.allDay,
    startDate,
    endDate: startDate ? addDays(startDate, days) : null,
    timeZone: e.timeZone,
    recurrenceId: e.rrule ? (startDate ?? `${wallIn(start, e.timeZone)}:00`) : null,
    isRecurring: !!e.rrule,
    isException: false,
  };
}
