import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { busyTimeChanged } from '../../kernel/busy-time.js';
import type { Executor } from '../../db/scope.js';
import { chunks, listAttendees } from './calendar.repo.js';

/**
 * Says, inside the transaction of an event write made by a person (or an
 * import), whose busy time it may have changed: the owners of the personal
 * calendars involved and the events' user attendees (SCH-4: auto-scheduled
 * blocks are re-placed; src/kernel/busy-time.ts). Writes that other modules
 * make through calendar.writes.ts are theirs to announce.
 */
export async function announceBusyTime(
  ctx: PortalContext,
  trx: Executor,
  eventIds: readonly string[],
  also: { calendarIds?: readonly string[]; userIds?: readonly (string | null)[] } = {},
): Promise<void> {
  const s = scopeOf(ctx, trx);
  const users = new Set<string>();
  for (const id of also.userIds ?? []) if (id) users.add(id);
  const calendarIds = new Set(also.calendarIds ?? []);
  for (const part of chunks([...new Set(eventIds)])) {
    for (const e of await s.selectFrom('events').select('calendar_id').where('id', 'in', part).execute()) calendarIds.add(e.calendar_id);
  }
  for (const part of chunks([...calendarIds])) {
    for (const c of await s.selectFrom('calendars').select('owner_user_id').where('id', 'in', part).execute()) if (c.owner_user_id) users.add(c.owner_user_id);
  }
  for (const a of await listAttendees(s, eventIds)) if (a.user_id) users.add(a.user_id);
  await busyTimeChanged(ctx, trx, { userIds: [...users], eventIds });
}

/** Where these (single, timed) events are now: start and end instants; a series has no single end (null). Gone events are missing. */
export async function eventInstants(
  ctx: PortalContext,
  trx: Executor,
  ids: readonly string[],
): Promise<Map<string, { startMs: number; endMs: number | null }>> {
  const s = scopeOf(ctx, trx);
  const out = new Map<string, { startMs: number; endMs: number | null }>();
  for (const part of chunks([...ids])) {
    for (const e of await s.selectFrom('events').select(['id', 'start_utc', 'until_utc', 'rrule']).where('id', 'in', part).execute()) {
      out.set(e.id, { startMs: Date.parse(e.start_utc), endMs: e.rrule || !e.until_utc ? null : Date.parse(e.until_utc) });
    }
  }
  return out;
}
