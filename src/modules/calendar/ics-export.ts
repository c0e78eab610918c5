import { ICalAlarmType, ICalAttendeeStatus, ICalCalendar, escape, type ICalEventData } from 'ical-generator';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { Temporal } from 'temporal-polyfill';
import { formatLocalDateTime, parseLocalDate, parseLocalDateTime, wallClockOf } from './localtime.js';
import { occurrenceWith, type OverrideTiming, type SeriesTiming } from './recurrence.js';
import type { AttendeeStatus } from '../../db/tables/calendar.js';
import { foldLines } from './ics-text.js';

export { foldLines };

/**
 * An iCalendar (RFC 5545) document for a calendar feed, written with
 * ical-generator: each series is one VEVENT with DTSTART;TZID, RRULE and
 * EXDATE; each changed occurrence is a VEVENT with the same UID and a
 * RECURRENCE-ID; cancelled occurrences become EXDATEs. Every zone used gets
 * a VTIMEZONE. All dates are handed over as Temporal values in their own
 * zone, so nothing depends on the server's zone.
 */

export interface FeedOverride extends OverrideTiming {
  title: string | null;
  description: string | null;
  location: string | null;
}

export interface FeedEvent {
  uid: string;
  title: string;
  description: string | null;
  location: string | null;
  timing: SeriesTiming;
  overrides: FeedOverride[];
  attendees: { email: string | null; name: string | null; status: AttendeeStatus }[];
  reminders: { minutesBefore: number }[];
  sequence: number;
  createdAt: string;
  updatedAt: string;
}

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Etc/Universal', 'Etc/Zulu', 'Universal', 'Zulu']);

// Older ICU names that @touch4it/ical-timezones files under their current name.
const ZONE_ALIASES: Record<string, string> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'America/Ciudad_Juarez': 'America/Denver',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/** A VTIMEZONE for a zone, under exactly the TZID the events use. */
export function vtimezoneFor(zone: string): string | null {
  const component = getVtimezoneComponent(zone) ?? (ZONE_ALIASES[zone] ? getVtimezoneComponent(ZONE_ALIASES[zone]) : null);
  return component ? component.replace(/^TZID:[^\r\n]*/m, `TZID:${zone}`) : null;
}

const attendeeStatus: Record<AttendeeStatus, ICalAttendeeStatus> = {
  needs_action: ICalAttendeeStatus.NEEDSACTION,
  accepted: ICalAttendeeStatus.ACCEPTED,
  declined: ICalAttendeeStatus.DECLINED,
  tentative: ICalAttendeeStatus.TENTATIVE,
};

const compact = (s: string) => s.replace(/[-:]/g, '');
const instantFromIso = (iso: string) => Temporal.Instant.from(iso);

/**
 * A wall-clock time for ical-generator to print as written beside TZID. It
 * prints a ZonedDateTime's own wall-clock fields, so the value rides in UTC:
 * converting it into the real zone first would turn a start in a DST gap
 * (02:30) into 03:30 and move every later occurrence with it.
 */
const wallValue = (local: string) => parseLocalDateTime(local)!.toZonedDateTime('UTC');

/** Start/end of a VEVENT: dates for all-day events, date-times with TZID otherwise (UTC zones as "…Z"). */
function times(allDay: boolean, zone: string, start: string, end: string): Pick<ICalEventData, 'start' | 'end' | 'allDay' | 'timezone'> {
  if (allDay) return { allDay: true, start: parseLocalDate(start)!, end: parseLocalDate(end)!, timezone: null };
  return { allDay: false, start: wallValue(start), end: wallValue(end), timezone: UTC_ZONES.has(zone) ? null : zone };
}

/** RRULE and EXDATE lines (cancelled exceptions are written as EXDATEs, which every client understands). */
function recurrenceLines(event: FeedEvent): string | null {
  const t = event.timing;
  if (!t.rrule) return null;
  const excluded = [...new Set([...t.exdates, ...event.overrides.filter((o) => o.cancelled).map((o) => o.recurrenceId)])].sort();
  const lines = [`RRULE:${t.rrule}`];
  if (excluded.length) {
    if (t.allDay) lines.push(`EXDATE;VALUE=DATE:${excluded.map(compact).join(',')}`);
    else if (UTC_ZONES.has(t.timeZone)) lines.push(`EXDATE:${excluded.map((x) => `${compact(x)}Z`).join(',')}`);
    else lines.push(`EXDATE;TZID=${t.timeZone}:${excluded.map(compact).join(',')}`);
  }
  return lines.join('\n');
}

const ALLDAY_RID = 'X-SKIT-RECURRENCE-DATE';
const ALLDAY_RID_LINE = new RegExp(`^${ALLDAY_RID}:`, 'gm');

const PROD_ID = { company: 'SchedulingKit', product: 'Calendar', language: 'EN' };

/** The iCalendar document for a calendar and its events (see buildCalendar), in lines of at most 75 octets. */
export function buildIcs(calendar: { name: string | null; color?: string | null }, events: FeedEvent[]): string {
  return renderCalendar(buildCalendar(calendar, events));
}

/**
 * The text ical-generator's own toString() writes for a calendar made by
 * buildCalendar, made from its parts.
 * toString() folds the whole document one character at a time, with a new
 * TextEncoder for each, which takes seconds for a calendar of thousands of events;
 * so the parts are written unfolded (each event's toString(), the VTIMEZONEs from
 * the calendar's generator, in the library's order) and folded here. A test holds
 * the two outputs equal.
 */
export function renderCalendar(cal: ICalCalendar): string {
  const events = cal.events();
  const custom = cal.x();
  // The calendar's own lines: the same calendar without events and custom attributes.
  const head = new ICalCalendar({ name: cal.name(), prodId: cal.prodId(), method: cal.method() }).toString();
  let text = head.slice(0, head.lastIndexOf('END:VCALENDAR'));
  // Every zone the events use gets its VTIMEZONE (buildCalendar's generator), in order of first use.
  const zones = new Set<string>();
  for (const e of events) {
    const zone = e.timezone();
    if (zone !== null && !zone.startsWith('/')) zones.add(zone);
  }
  for (const zone of zones) {
    const vtimezone = vtimezoneFor(zone);
    if (vtimezone) text += `${vtimezone.replace(/\r\n/g, '\n').replace(/\n/g, '\r\n').trim()}\r\n`;
  }
  for (const e of events) text += e.toString();
  for (const { key, value } of custom) text += `${key.toUpperCase()}:${escape(value, false)}\r\n`;
  return foldLines(`${text}END:VCALENDAR`).replace(ALLDAY_RID_LINE, 'RECURRENCE-ID;VALUE=DATE:');
}

/** The ical-generator calendar for a calendar and its events (rendered by renderCalendar). */
export function buildCalendar(calendar: { name: string | null; color?: string | null }, events: FeedEvent[]): ICalCalendar {
  const cal = new ICalCalendar({ name: calendar.name, prodId: PROD_ID });
  cal.timezone({ name: null, generator: vtimezoneFor });
  if (calendar.color) cal.x('X-APPLE-CALENDAR-COLOR', calendar.color);

  for (const e of events) {
    const t = e.timing;
    const master = cal.createEvent({
      id: e.uid,
      sequence: e.sequence,
      stamp: new Date(instantFromIso(e.updatedAt).epochMilliseconds),
      created: new Date(instantFromIso(e.createdAt).epochMilliseconds),
      lastModified: new Date(instantFromIso(e.updatedAt).epochMilliseconds),
      summary: e.title,
      description: e.description,
      location: e.location,
      ...times(t.allDay, t.timeZone, t.start, t.end),
      repeating: recurrenceLines(e),
    });
    for (const a of e.attendees) {
      if (a.email) master.createAttendee({ email: a.email, name: a.name ?? undefined, status: attendeeStatus[a.status] });
    }
    for (const r of e.reminders) master.createAlarm({ type: ICalAlarmType.display, trigger: r.minutesBefore * 60, description: e.title });

    for (const o of e.overrides) {
      if (o.cancelled) continue;
      const occ = occurrenceWith(t, o);
      if (!occ) continue;
      // Written in the series' zone (same instants), so RECURRENCE-ID and DTSTART share one TZID.
      const local = (ms: number) => formatLocalDateTime(wallClockOf(ms, t.timeZone));
      const ev = cal.createEvent({
        id: e.uid,
        sequence: e.sequence,
        stamp: new Date(instantFromIso(e.updatedAt).epochMilliseconds),
        summary: o.title ?? e.title,
        description: o.description ?? e.description,
        location: o.location ?? e.location,
        ...(t.allDay ? times(true, t.timeZone, occ.localStart, occ.localEnd) : times(false, t.timeZone, local(occ.startMs), local(occ.endMs))),
      });
      // ical-generator writes RECURRENCE-ID as a date-time; all-day series need VALUE=DATE (fixed below).
      if (t.allDay) ev.x(ALLDAY_RID, compact(o.recurrenceId));
      else ev.recurrenceId(wallValue(o.recurrenceId));
    }
  }
  return cal;
}
