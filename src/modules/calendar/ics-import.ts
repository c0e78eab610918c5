import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';
import { formatLocalDate, formatLocalDateTime, instantOf, isoUtc, normalizeTimeZone, wallClockOf } from './localtime.js';
import { ZoneResolver } from './ics-zones.js';
import type { AttendeeStatus } from '../../db/tables/calendar.js';
import type { TimingInput } from './timing.js';

/**
 * Reads an .ics file (ical.js) into events in our terms: wall-clock times in
 * an IANA zone, the RRULE, EXDATEs and RECURRENCE-ID exceptions as original
 * local starts. Handles what Google (TZID=Europe/Berlin with VTIMEZONE),
 * Outlook (Windows zone names) and Apple (X-WR-TIMEZONE, floating times,
 * VALUE=DATE all-day events) write. Never reads a JS Date's local fields.
 */

export interface ImportedOverride {
  recurrenceId: string;
  cancelled: boolean;
  title: string | null;
  description: string | null;
  location: string | null;
  start: string | null;
  end: string | null;
  timeZone: string | null;
}

export interface ImportedEvent {
  uid: string;
  sequence: number;
  lastModified: string | null;
  title: string;
  description: string | null;
  location: string | null;
  /** TRANSP:TRANSPARENT: shown, but does not make anyone busy. */
  transparent: boolean;
  timing: TimingInput & { allDay: boolean; timeZone: string };
  overrides: ImportedOverride[];
  attendees: { email: string; name: string | null; status: AttendeeStatus }[];
  reminders: { minutesBefore: number }[];
}

export interface ParsedIcs {
  events: ImportedEvent[];
  /** Series marked STATUS:CANCELLED: nothing to import. */
  cancelled: number;
  errors: { uid: string | null; message: string }[];
}

class ImportError extends Error {}

/** A DATE or DATE-TIME value as written: wall-clock fields and what they are relative to. */
interface WallValue {
  wall: Temporal.PlainDateTime;
  isDate: boolean;
  /** An IANA zone (TZID resolved), 'UTC' for "…Z", or null for floating times. */
  zone: string | null;
}

const partstat: Record<string, AttendeeStatus> = { ACCEPTED: 'accepted', DECLINED: 'declined', TENTATIVE: 'tentative' };

class IcsReader {
  readonly zones: ZoneResolver;
  /** Where floating times happen: the file's X-WR-TIMEZONE, else the importer's choice. */
  readonly defaultZone: string;

  constructor(calendar: ICAL.Component, fallbackZone: string) {
    this.zones = new ZoneResolver(calendar);
    const wr = calendar.getFirstPropertyValue('x-wr-timezone');
    this.defaultZone = (typeof wr === 'string' && this.zones.resolve(wr, 2000)) || fallbackZone;
  }

  value(prop: ICAL.Property, time: ICAL.Time): WallValue {
    const wall = Temporal.PlainDateTime.from({
      year: time.year,
      month: time.month,
      day: time.day,
      hour: time.hour,
      minute: time.minute,
      second: Math.min(time.second, 59),
    });
    if (time.isDate) return { wall, isDate: true, zone: null };
    const tzid = prop.getParameter('tzid');
    if (typeof tzid === 'string' && tzid) {
      const zone = this.zones.resolve(tzid, time.year);
      if (!zone) throw new ImportError(`unknown time zone "${tzid}" (and no VTIMEZONE for it in the file)`);
      return { wall, isDate: false, zone };
    }
    return { wall, isDate: false, zone: time.zone?.tzid === 'UTC' ? 'UTC' : null };
  }

  first(component: ICAL.Component, name: string): WallValue | null {
    const prop = component.getFirstProperty(name);
    const time = prop?.getFirstValue();
    return prop && time instanceof ICAL.Time ? this.value(prop, time) : null;
  }

  all(component: ICAL.Component, name: string): WallValue[] {
    return component.getAllProperties(name).flatMap((prop) =>
      prop
        .getValues()
        .filter((v): v is ICAL.Time => v instanceof ICAL.Time)
        .map((t) => this.value(prop, t)),
    );
  }

  instant(v: WallValue): number {
    return instantOf(v.wall, v.zone ?? this.defaultZone);
  }

  /** The value as a wall-clock time in `zone`: as written when it is already in that zone, else through its instant. */
  wallIn(v: WallValue, zone: string): Temporal.PlainDateTime {
    if (v.zone === zone || (v.zone === null && zone === this.defaultZone)) return v.wall;
    return wallClockOf(this.instant(v), zone);
  }
}

const text = (c: ICAL.Component, name: string): string | null => {
  const v = c.getFirstPropertyValue(name);
  return typeof v === 'string' && v.trim() ? v.trim() : null;
};

function utcIso(c: ICAL.Component, name: string): string | null {
  const t = c.getFirstPropertyValue(name);
  if (!(t instanceof ICAL.Time)) return null;
  return isoUtc(
    Temporal.PlainDateTime.from({ year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: Math.min(t.second, 59) }).toZonedDateTime(
      'UTC',
    ).epochMilliseconds,
  );
}

function durationOf(c: ICAL.Component): Temporal.Duration | null {
  const d = c.getFirstPropertyValue('duration');
  if (!(d instanceof ICAL.Duration)) return null;
  const sign = d.isNegative ? -1 : 1;
  return Temporal.Duration.from({ weeks: sign * d.weeks, days: sign * d.days, hours: sign * d.hours, minutes: sign * d.minutes, seconds: sign * d.seconds });
}

function readSeries(r: IcsReader, master: ICAL.Component, exceptions: ICAL.Component[], uid: string): ImportedEvent {
  const start = r.first(master, 'dtstart');
  if (!start) throw new ImportError('has no DTSTART');
  const rruleValue = master.getFirstPropertyValue('rrule');
  const rrule = rruleValue instanceof ICAL.Recur ? rruleValue.toString() : null;
  const allDay = start.isDate;
  // A repeating UTC series keeps UTC (its rule is in UTC); single UTC events are shown in the calendar's zone.
  const zone = allDay ? r.defaultZone : start.zone === 'UTC' ? (rrule ? 'UTC' : r.defaultZone) : (start.zone ?? r.defaultZone);
  const startWall = allDay ? start.wall : r.wallIn(start, zone);
  const endValue = r.first(master, 'dtend');
  const duration = durationOf(master);
  let endWall: Temporal.PlainDateTime;
  if (allDay) {
    const days = duration ? Math.max(1, Math.round(duration.total({ unit: 'day', relativeTo: start.wall.toPlainDate() }))) : 1;
    endWall = endValue ? endValue.wall : start.wall.add({ days });
  } else if (endValue) {
    endWall = endValue.isDate ? endValue.wall : r.wallIn(endValue, zone);
  } else {
    // RFC 5545: nominal days, exact hours; no DTEND and no DURATION means no length.
    endWall = duration ? startWall.toZonedDateTime(zone).add(duration).toPlainDateTime() : startWall;
  }
  const key = (w: Temporal.PlainDateTime) => (allDay ? formatLocalDate(w.toPlainDate()) : formatLocalDateTime(w));
  const toSeriesWall = (v: WallValue) => (allDay ? v.wall : v.isDate ? v.wall.toPlainDate().toPlainDateTime(startWall.toPlainTime()) : r.wallIn(v, zone));

  const overrides = exceptions.map((ex): ImportedOverride => {
    const rid = r.first(ex, 'recurrence-id')!;
    const exStart = r.first(ex, 'dtstart');
    const exEnd = r.first(ex, 'dtend');
    const exZone = exStart && !allDay ? (exStart.zone === 'UTC' || exStart.zone === null ? zone : exStart.zone) : zone;
    const local = (v: WallValue | null) => (v ? (allDay ? formatLocalDate(v.wall.toPlainDate()) : formatLocalDateTime(r.wallIn(v, exZone))) : null);
    const differs = (name: string, base: string | null) => {
      const v = text(ex, name);
      return v !== base ? v : null;
    };
    return {
      recurrenceId: key(toSeriesWall(rid)),
      cancelled: text(ex, 'status')?.toUpperCase() === 'CANCELLED',
      title: differs('summary', text(master, 'summary')),
      description: differs('description', text(master, 'description')),
      location: differs('location', text(master, 'location')),
      start: local(exStart),
      end: local(exEnd),
      timeZone: exZone !== zone ? exZone : null,
    };
  });

  return {
    uid,
    sequence: Number(master.getFirstPropertyValue('sequence') ?? 0) || 0,
    lastModified: utcIso(master, 'last-modified'),
    title: text(master, 'summary') ?? '(No title)',
    description: text(master, 'description'),
    location: text(master, 'location'),
    transparent: text(master, 'transp')?.toUpperCase() === 'TRANSPARENT',
    timing: allDay
      ? { allDay, timeZone: zone, startDate: key(startWall), endDate: key(endWall), rrule, exdates: r.all(master, 'exdate').map((v) => key(toSeriesWall(v))) }
      : { allDay, timeZone: zone, start: key(startWall), end: key(endWall), rrule, exdates: r.all(master, 'exdate').map((v) => key(toSeriesWall(v))) },
    overrides,
    attendees: master.getAllProperties('attendee').flatMap((p) => {
      const value = String(p.getFirstValue() ?? '');
      const email = value.replace(/^mailto:/i, '').trim();
      if (!/^[^@\s]+@[^@\s]+$/.test(email)) return [];
      const cn = p.getParameter('cn');
      const stat = p.getParameter('partstat');
      return [{ email, name: typeof cn === 'string' ? cn : null, status: partstat[typeof stat === 'string' ? stat.toUpperCase() : ''] ?? 'needs_action' }];
    }),
    reminders: master.getAllSubcomponents('valarm').flatMap((alarm) => {
      const trigger = alarm.getFirstPropertyValue('trigger');
      if (!(trigger instanceof ICAL.Duration)) return [];
      const seconds = trigger.toSeconds();
      return seconds <= 0 && seconds >= -40_320 * 60 ? [{ minutesBefore: Math.round(-seconds / 60) }] : [];
    }),
  };
}

/** A stable UID for events that have none, so that importing the file again finds them. */
const derivedUid = (c: ICAL.Component) => `${createHash('sha256').update(c.toString()).digest('hex').slice(0, 32)}@import`;

/** A file that is not iCalendar at all (empty, or not made of iCalendar lines): nothing in it can be imported. */
export class IcsFileError extends Error {}

/** The file's top-level components (ical.js gives one component, or a list of them when there are several). */
function roots(source: string): ICAL.Component[] {
  if (!source.replace(/^\uFEFF/, '').trim()) throw new IcsFileError('The file is empty: an .ics file starts with BEGIN:VCALENDAR');
  let jcal: unknown[];
  try {
    jcal = ICAL.parse(source) as unknown[];
  } catch (err) {
    throw new IcsFileError(`The file is not valid iCalendar: ${err instanceof Error ? err.message : String(err)}`);
  }
  const list = (Array.isArray(jcal[0]) ? jcal : jcal.length ? [jcal] : []) as unknown[][];
  if (!list.length) throw new IcsFileError('The file is not valid iCalendar: it holds no BEGIN:VCALENDAR');
  return list.map((c) => new ICAL.Component(c as never));
}

export function parseIcs(source: string, fallbackZone = 'UTC'): ParsedIcs {
  const calendars = roots(source).flatMap((root) => (root.name === 'vcalendar' ? [root] : root.getAllSubcomponents('vcalendar')));
  const out: ParsedIcs = { events: [], cancelled: 0, errors: [] };
  for (const calendar of calendars) {
    const reader = new IcsReader(calendar, normalizeTimeZone(fallbackZone) ?? 'UTC');
    const masters = new Map<string, ICAL.Component>();
    const exceptions = new Map<string, ICAL.Component[]>();
    for (const vevent of calendar.getAllSubcomponents('vevent')) {
      const uid = text(vevent, 'uid') ?? derivedUid(vevent);
      if (vevent.getFirstProperty('recurrence-id')) exceptions.set(uid, [...(exceptions.get(uid) ?? []), vevent]);
      else if (masters.has(uid)) out.errors.push({ uid, message: 'appears twice in the file; the first one was used' });
      else masters.set(uid, vevent);
    }
    for (const [uid, master] of masters) {
      if (text(master, 'status')?.toUpperCase() === 'CANCELLED') {
        out.cancelled++;
        continue;
      }
      try {
        out.events.push(readSeries(reader, master, exceptions.get(uid) ?? [], uid));
      } catch (err) {
        out.errors.push({ uid, message: err instanceof ImportError ? err.message : `could not be read: ${err instanceof Error ? err.message : String(err)}` });
      }
    }
    for (const uid of exceptions.keys()) {
      if (!masters.has(uid)) out.errors.push({ uid, message: 'is a changed occurrence of a series that is not in the file' });
    }
  }
  return out;
}
