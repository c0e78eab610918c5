import { randomUUID } from 'node:crypto';
import { nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import type { Executor } from '../../db/scope.js';
import { deleteEventChildren, findDefaultCalendar, findEvent } from './calendar.repo.js';
import type { EventRow } from '../../db/tables/calendar.js';
import { boundsColumns, writeAttendees, type AttendeeValue } from './events.service.js';
import { feedEventsOf } from './feed.service.js';
import { buildIcs } from './ics-export.js';
import { formatLocalDateTime, wallClockOf } from './localtime.js';
import type { SeriesTiming } from './recurrence.js';
import { reindexEvents } from './occurrence-index.js';
import { publishLive } from '../../kernel/live.js';

/**
 * Event writes for other modules (scheduling: bookings and auto-scheduled
 * blocks), inside the caller's transaction so that the event exists if and
 * only if their change commits. Times arrive as instants and are stored as
 * wall-clock values in the given zone, like every other event.
 */

export interface TimedEventInput {
  /** The user whose default calendar gets the event (create it first with ensureDefaultCalendar). */
  ownerUserId: string;
  title: string;
  description?: string | null;
  location?: string | null;
  startMs: number;
  endMs: number;
  timeZone: string;
  /** Already resolved (user ids checked by the caller). */
  attendees?: AttendeeValue[];
}

const timingFor = (startMs: number, endMs: number, timeZone: string): SeriesTiming => ({
  allDay: false,
  start: formatLocalDateTime(wallClockOf(startMs, timeZone)),
  end: formatLocalDateTime(wallClockOf(endMs, timeZone)),
  timeZone,
  rrule: null,
  exdates: [],
});

export async function insertTimedEvent(ctx: PortalContext, trx: Executor, input: TimedEventInput): Promise<EventRow> {
  const s = scopeOf(ctx, trx);
  const calendar = await findDefaultCalendar(s, input.ownerUserId);
  if (!calendar) throw new Error(`user ${input.ownerUserId} has no default calendar yet`);
  const timing = timingFor(input.startMs, input.endMs, input.timeZone);
  const at = nowIso(ctx);
  const id = randomUUID();
  const row: EventRow = {
    id,
    portal_id: ctx.portalId,
    calendar_id: calendar.id,
    title: input.title,
    description: input.description ?? null,
    location: input.location ?? null,
    all_day: 0,
    start_local: timing.start,
    end_local: timing.end,
    time_zone: timing.timeZone,
    rrule: null,
    exdates: '[]',
    reminders: '[]',
    ical_uid: `${id}@schedulingkit`,
    ical_sequence: 0,
    ical_last_modified: null,
    ...boundsColumns(timing, []),
    created_by: ctx.actor.type === 'user' ? ctx.actor.userId : null,
    created_at: at,
    updated_at: at,
  };
  const { portal_id: _p, ...values } = row;
  await s.insertInto('events', values).execute();
  await writeAttendees(s, id, input.attendees ?? []);
  await reindexEvents(ctx, trx, [id]);
  await publishLive(ctx, trx, { type: 'change', change: { entity: 'event', id, action: 'created', calendarId: calendar.id } });
  return row;
}

/** Moves a single (non-recurring) event to new instants; its iCalendar sequence goes up. */
export async function moveTimedEvent(ctx: PortalContext, trx: Executor, id: string, startMs: number, endMs: number, timeZone: string): Promise<void> {
  const s = scopeOf(ctx, trx);
  const row = await findEvent(s, id);
  if (!row) return;
  const timing = timingFor(startMs, endMs, timeZone);
  await s
    .updateTable('events', {
      start_local: timing.start,
      end_local: timing.end,
      time_zone: timing.timeZone,
      ...boundsColumns(timing, []),
      ical_sequence: row.ical_sequence + 1,
      updated_at: nowIso(ctx),
    })
    .where('id', '=', id)
    .execute();
  await reindexEvents(ctx, trx, [id]);
  await publishLive(ctx, trx, { type: 'change', change: { entity: 'event', id, action: 'updated', calendarId: row.calendar_id } });
}

/** Deletes events by id with their exceptions and attendees (ids of other portals match nothing). */
export async function deleteEventsById(ctx: PortalContext, trx: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const s = scopeOf(ctx, trx);
  const calendars = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const e of await s
      .selectFrom('events')
      .select('calendar_id')
      .where('id', 'in', ids.slice(i, i + 500))
      .execute())
      calendars.add(e.calendar_id);
  }
  await deleteEventChildren(s, ids);
  for (let i = 0; i < ids.length; i += 500)
    await s
      .deleteFrom('events')
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
  await reindexEvents(ctx, trx, ids, [...calendars]);
  // Many at once (auto-scheduling): one change per calendar, its week is fetched again.
  for (const id of calendars) await publishLive(ctx, trx, { type: 'change', change: { entity: 'calendar', id, action: 'updated', calendarId: id } });
}

/** One event as an iCalendar document, e.g. to attach to a confirmation mail. */
export async function eventIcs(ctx: PortalContext, trx: Executor, id: string, calendarName: string): Promise<string | null> {
  const s = scopeOf(ctx, trx);
  const row = await findEvent(s, id);
  if (!row) return null;
  return buildIcs({ name: calendarName }, await feedEventsOf(s, [row]));
}

/** The iCalendar UID and SEQUENCE of events (e.g. for the invitations of their bookings), by id. */
export async function eventIdentities(ctx: PortalContext, trx: Executor, ids: readonly string[]): Promise<Map<string, { uid: string; sequence: number }>> {
  if (ids.length === 0) return new Map();
  const rows = await scopeOf(ctx, trx)
    .selectFrom('events')
    .select(['id', 'ical_uid', 'ical_sequence'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, { uid: r.ical_uid, sequence: r.ical_sequence }]));
}
