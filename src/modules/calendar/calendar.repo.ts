import type { Executor, PortalScope } from '../../db/scope.js';
import type { CalendarRow, EventAttendeeRow, EventOverrideRow, EventRow } from '../../db/tables/calendar.js';

/** Queries on the calendar module's tables; every one goes through a portal scope except the feed-token lookup. */

const CHUNK = 500;
/** Splits ids (or rows) into parts small enough for one `in (…)` list or one multi-row insert. */
export const chunks = <T>(xs: readonly T[], size = CHUNK): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
};

// --- Calendars ---------------------------------------------------------------------------------------

/** A user's personal calendars and every shared one: default first, then personal, then shared, by name. */
export async function listVisibleCalendars(s: PortalScope, userId: string): Promise<CalendarRow[]> {
  const rows = await s
    .selectFrom('calendars')
    .selectAll()
    .where((eb) => eb.or([eb('kind', '=', 'shared'), eb.and([eb('kind', '=', 'personal'), eb('owner_user_id', '=', userId)])]))
    .execute();
  const rank = (c: CalendarRow) => (c.is_default ? 0 : c.kind === 'personal' ? 1 : 2);
  return rows.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export function findCalendar(s: PortalScope, id: string): Promise<CalendarRow | undefined> {
  return s.selectFrom('calendars').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findDefaultCalendar(s: PortalScope, userId: string): Promise<CalendarRow | undefined> {
  return s.selectFrom('calendars').selectAll().where('owner_user_id', '=', userId).where('is_default', '=', 1).executeTakeFirst();
}

/** Calendars owned by any of these users (their personal calendars). */
export function listCalendarsOwnedBy(s: PortalScope, userIds: readonly string[]): Promise<CalendarRow[]> {
  if (userIds.length === 0) return Promise.resolve([]);
  return s
    .selectFrom('calendars')
    .selectAll()
    .where('owner_user_id', 'in', [...userIds])
    .execute();
}

/** The feed route is public: the secret token is the only key, and it names the portal. */
export function findCalendarByFeedToken(db: Executor, token: string): Promise<CalendarRow | undefined> {
  return db.selectFrom('calendars').selectAll().where('feed_token', '=', token).executeTakeFirst();
}

export async function deleteCalendarCascade(s: PortalScope, calendarId: string): Promise<number> {
  const events = await s.selectFrom('events').select('id').where('calendar_id', '=', calendarId).execute();
  await deleteEventChildren(
    s,
    events.map((e) => e.id),
  );
  await s.deleteFrom('events').where('calendar_id', '=', calendarId).execute();
  await s.deleteFrom('calendars').where('id', '=', calendarId).execute();
  return events.length;
}

// --- Events ------------------------------------------------------------------------------------------

export function findEvent(s: PortalScope, id: string): Promise<EventRow | undefined> {
  return s.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Is this user (by user id, not by email) an attendee of the event? */
export async function isUserAttendee(s: PortalScope, eventId: string, userId: string): Promise<boolean> {
  const row = await s.selectFrom('event_attendees').select('id').where('event_id', '=', eventId).where('user_id', '=', userId).executeTakeFirst();
  return !!row;
}

/** Events of these calendars that may have an occurrence in [fromIso, toIso). */
export async function listEventsInRange(s: PortalScope, calendarIds: readonly string[], fromIso: string, toIso: string): Promise<EventRow[]> {
  const out: EventRow[] = [];
  for (const ids of chunks(calendarIds)) {
    out.push(
      ...(await s
        .selectFrom('events')
        .selectAll()
        .where('calendar_id', 'in', ids)
        .where('start_utc', '<', toIso)
        .where((eb) => eb.or([eb('until_utc', 'is', null), eb('until_utc', '>', fromIso)]))
        .execute()),
    );
  }
  return out;
}

/** Events by id that may have an occurrence in [fromIso, toIso). */
export async function listEventsByIdsInRange(s: PortalScope, eventIds: readonly string[], fromIso: string, toIso: string): Promise<EventRow[]> {
  const out: EventRow[] = [];
  for (const ids of chunks(eventIds)) {
    out.push(
      ...(await s
        .selectFrom('events')
        .selectAll()
        .where('id', 'in', ids)
        .where('start_utc', '<', toIso)
        .where((eb) => eb.or([eb('until_utc', 'is', null), eb('until_utc', '>', fromIso)]))
        .execute()),
    );
  }
  return out;
}

export function listCalendarEvents(s: PortalScope, calendarId: string): Promise<EventRow[]> {
  return s.selectFrom('events').selectAll().where('calendar_id', '=', calendarId).orderBy('start_utc').orderBy('id').execute();
}

export function listEventUids(s: PortalScope, calendarId: string) {
  return s.selectFrom('events').select(['id', 'ical_uid', 'ical_sequence', 'ical_last_modified']).where('calendar_id', '=', calendarId).execute();
}

export async function deleteEventChildren(s: PortalScope, eventIds: readonly string[]): Promise<void> {
  for (const ids of chunks(eventIds)) {
    await s.deleteFrom('event_overrides').where('event_id', 'in', ids).execute();
    await s.deleteFrom('event_attendees').where('event_id', 'in', ids).execute();
  }
}

// --- Overrides and attendees ------------------------------------------------------------------------

export async function listOverrides(s: PortalScope, eventIds: readonly string[]): Promise<EventOverrideRow[]> {
  const out: EventOverrideRow[] = [];
  for (const ids of chunks(eventIds)) {
    out.push(...(await s.selectFrom('event_overrides').selectAll().where('event_id', 'in', ids).orderBy('recurrence_id').execute()));
  }
  return out;
}

export async function listAttendees(s: PortalScope, eventIds: readonly string[]): Promise<EventAttendeeRow[]> {
  const out: EventAttendeeRow[] = [];
  for (const ids of chunks(eventIds)) {
    out.push(...(await s.selectFrom('event_attendees').selectAll().where('event_id', 'in', ids).orderBy('position').execute()));
  }
  return out;
}

/** Attendance rows of these users (to find the events they attend, and those they declined). */
export function listAttendanceOf(s: PortalScope, userIds: readonly string[]): Promise<EventAttendeeRow[]> {
  if (userIds.length === 0) return Promise.resolve([]);
  return s
    .selectFrom('event_attendees')
    .selectAll()
    .where('user_id', 'in', [...userIds])
    .execute();
}

export function findOverride(s: PortalScope, eventId: string, recurrenceId: string): Promise<EventOverrideRow | undefined> {
  return s.selectFrom('event_overrides').selectAll().where('event_id', '=', eventId).where('recurrence_id', '=', recurrenceId).executeTakeFirst();
}

export const groupBy = <T, K>(xs: readonly T[], key: (x: T) => K): Map<K, T[]> => {
  const m = new Map<K, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
};
