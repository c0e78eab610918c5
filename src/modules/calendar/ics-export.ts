import { ICalAlarmType, ICalCalendar, type ICalEvent, type ICalEventData } from 'ical-generator';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { Temporal } from 'temporal-polyfill';
import { formatLocalDateTime, parseLocalDate, parseLocalDateTime, wallClockOf } from './localtime.js';
import { occurrenceWith, type OverrideTiming, type SeriesTiming } from './recurrence.js';
import type { AttendeeStatus } from '../../db/tables/calendar.js';
import { foldLines, icsCalAddress, icsClean, icsProperty, icsText, icsTextProperty } from './ics-text.js';

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

const PARTSTAT: Record<AttendeeStatus, string> = {
  needs_action: 'NEEDS-ACTION',
  accepted: 'ACCEPTED',
  declined: 'DECLINED',
  tentative: 'TENTATIVE',
};

/** An ATTENDEE line (unfolded): name and address through ics-text.ts. */
export function attendeeLine(a: { email: string; name: string | null; status: AttendeeStatus }): string {
  return icsProperty('ATTENDEE', { ROLE: 'REQ-PARTICIPANT', PARTSTAT: PARTSTAT[a.status], CN: a.name }, icsCalAddress(a.email));
}

/** User text for a TEXT property ical-generator escapes itself: only what no value may hold taken out first. */
const clean = <T extends string | null>(value: T): T => (value === null ? value : (icsClean(value) as T));

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

/** The lines buildCalendar writes itself into an event (its ATTENDEEs), placed before its END:VEVENT by renderCalendar. */
const ownLines = new WeakMap<ICalEvent, string[]>();

/**
 * The document for a calendar made by buildCalendar: ical-generator's text for
 * each event and zone, with what it does not escape rightly written here
 * through ics-text.ts (ADR 0028): the calendar's NAME and X-WR-CALNAME (which it
 * writes as given) and each ATTENDEE (its CN in backslashes instead of RFC 6868).
 * ical-generator's own toString() folds the whole document one character at a
 * time, with a new TextEncoder for each, which takes seconds for a calendar of
 * thousands of events; so the parts are written unfolded, in the library's
 * order, and folded here. A test holds the two outputs equal where the library
 * is right.
 */
export function renderCalendar(cal: ICalCalendar): string {
  const events = cal.events();
  const prodId = cal.prodId();
  const name = cal.name();
  let text = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    icsProperty('PRODID', {}, `-${icsText(prodId)}`),
    // iTIP messages (invitations) say what they are: METHOD:REQUEST or CANCEL (RFC 5546).
    ...(cal.method() ? [`METHOD:${cal.method()}`] : []),
    ...(name && icsClean(name) ? [icsTextProperty('NAME', name), icsTextProperty('X-WR-CALNAME', name)] : []),
  ]
    .map((line) => `${line}\r\n`)
    .join('');
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
  for (const e of events) {
    const own = ownLines.get(e);
    const body = e.toString();
    text += own?.length ? `${body.slice(0, body.lastIndexOf('END:VEVENT'))}${own.map((l) => `${l}\r\n`).join('')}END:VEVENT\r\n` : body;
  }
  for (const { key, value } of cal.x()) text += `${icsTextProperty(key, value)}\r\n`;
  return foldLines(`${text}END:VCALENDAR`).replace(ALLDAY_RID_LINE, 'RECURRENCE-ID;VALUE=DATE:');
}

/** The ical-generator calendar for a calendar and its events (rendered by renderCalendar). */
export function buildCalendar(calendar: { name: string | null; color?: string | null }, events: FeedEvent[]): ICalCalendar {
  const cal = new ICalCalendar({ name: calendar.name, prodId: PROD_ID });
  cal.timezone({ name: null, generator: vtimezoneFor });
  if (calendar.color) cal.x('X-APPLE-CALENDAR-COLOR', calendar.color);

  for (const e of events) {
    const t = e.timing;
    // ical-generator writes the UID as given; it is TEXT, and an imported one can hold anything.
    const uid = icsText(e.uid);
    const master = cal.createEvent({
      id: uid,
      sequence: e.sequence,
      stamp: new Date(instantFromIso(e.updatedAt).epochMilliseconds),
      created: new Date(instantFromIso(e.createdAt).epochMilliseconds),
      lastModified: new Date(instantFromIso(e.updatedAt).epochMilliseconds),
      summary: clean(e.title),
      description: clean(e.description),
      location: clean(e.location),
      ...times(t.allDay, t.timeZone, t.start, t.end),
      repeating: recurrenceLines(e),
    });
    ownLines.set(
      master,
      e.attendees.flatMap((a) => (a.email ? [attendeeLine({ ...a, email: a.email })] : [])),
    );
    for (const r of e.reminders) master.createAlarm({ type: ICalAlarmType.display, trigger: r.minutesBefore * 60, description: clean(e.title) });

    for (const o of e.overrides) {
      if (o.cancelled) continue;
      const occ = occurrenceWith(t, o);
      if (!occ) continue;
      // Written in the series' zone (same instants), so RECURRENCE-ID and DTSTART share one TZID.
      const local = (ms: number) => formatLocalDateTime(wallClockOf(ms, t.timeZone));
      const ev = cal.createEvent({
        id: uid,
        sequence: e.sequence,
        stamp: new Date(instantFromIso(e.updatedAt).epochMilliseconds),
        summary: clean(o.title ?? e.title),
        description: clean(o.description ?? e.description),
        location: clean(o.location ?? e.location),
        ...(t.allDay ? times(true, t.timeZone, occ.localStart, occ.localEnd) : times(false, t.timeZone, local(occ.startMs), local(occ.endMs))),
      });
      // ical-generator writes RECURRENCE-ID as a date-time; all-day series need VALUE=DATE (fixed below).
      if (t.allDay) ev.x(ALLDAY_RID, compact(o.recurrenceId));
      else ev.recurrenceId(wallValue(o.recurrenceId));
    }
  }
  return cal;
}
