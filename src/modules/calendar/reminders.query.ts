import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { chunks, groupBy, listAttendees, listOverrides } from './calendar.repo.js';
import { overrideTimingOf, timingOf } from './events.service.js';
import { isoUtc } from './localtime.js';
import { expandOccurrences } from './recurrence.js';

/** One occurrence of an event that has reminders, with whom to remind (for the reminders module). */
export interface ReminderOccurrence {
  eventId: string;
  calendarId: string;
  /** The occurrence's title (its exception's, if it has one). */
  title: string;
  startMs: number;
  allDay: boolean;
  /** Start in `timeZone`: a local date-time, or a date for all-day events. */
  localStart: string;
  timeZone: string;
  /** The event's reminders, distinct, in minutes before the start. */
  minutesBefore: number[];
  /** When the event or this occurrence's exception last changed (UTC ISO). */
  changedAt: string;
  /** Attendees who are users of the portal and did not decline, and the owner of a personal calendar. */
  userIds: string[];
}

/**
 * Every occurrence starting in (fromMs, toMs] of the portal's events that have
 * reminders: exceptions applied (moved occurrences at their new time, cancelled
 * ones and EXDATEs left out), in start order. Expanded from the events, not read
 * from the occurrence index, which keeps no titles and no empty occurrences.
 */
export async function listReminderOccurrences(ctx: PortalContext, fromMs: number, toMs: number): Promise<ReminderOccurrence[]> {
  const s = scopeOf(ctx);
  const events = await s
    .selectFrom('events')
    .selectAll()
    .where('reminders', '!=', '[]')
    .where('start_utc', '<=', isoUtc(toMs))
    .where((eb) => eb.or([eb('until_utc', 'is', null), eb('until_utc', '>', isoUtc(fromMs))]))
    .execute();
  if (events.length === 0) return [];
  const ids = events.map((e) => e.id);
  const overrides = groupBy(
    await listOverrides(
      s,
      events.filter((e) => e.rrule).map((e) => e.id),
    ),
    (o) => o.event_id,
  );
  const attendees = groupBy(await listAttendees(s, ids), (a) => a.event_id);
  const owners = new Map<string, string>();
  for (const part of chunks([...new Set(events.map((e) => e.calendar_id))])) {
    const rows = await s.selectFrom('calendars').select(['id', 'owner_user_id']).where('id', 'in', part).where('kind', '=', 'personal').execute();
    for (const c of rows) if (c.owner_user_id) owners.set(c.id, c.owner_user_id);
  }
  const out: ReminderOccurrence[] = [];
  for (const e of events) {
    const minutesBefore = [...new Set((JSON.parse(e.reminders) as { minutesBefore: number }[]).map((r) => r.minutesBefore))].sort((a, b) => a - b);
    if (minutesBefore.length === 0) continue;
    const users = new Set<string>();
    const owner = owners.get(e.calendar_id);
    if (owner) users.add(owner);
    for (const a of attendees.get(e.id) ?? []) if (a.user_id && a.status !== 'declined') users.add(a.user_id);
    if (users.size === 0) continue;
    for (const occ of expandOccurrences(timingOf(e), (overrides.get(e.id) ?? []).map(overrideTimingOf), fromMs, toMs + 1)) {
      if (occ.startMs <= fromMs || occ.startMs > toMs) continue;
      const o = occ.override?.row;
      out.push({
        eventId: e.id,
        calendarId: e.calendar_id,
        title: o?.title ?? e.title,
        startMs: occ.startMs,
        allDay: occ.allDay,
        localStart: occ.localStart,
        timeZone: occ.timeZone,
        minutesBefore,
        changedAt: o && o.updated_at > e.updated_at ? o.updated_at : e.updated_at,
        userIds: [...users].sort(),
      });
    }
  }
  return out.sort((a, b) => a.startMs - b.startMs || a.eventId.localeCompare(b.eventId));
}
