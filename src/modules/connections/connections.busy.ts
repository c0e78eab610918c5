import { scopeOf } from '../../kernel/context.js';
import type { ExternalBusySource } from '../calendar/index.js';

/**
 * The users' busy time in their connected calendars, for the calendar module's
 * `busyOf` (registered in src/server/compose.ts): occurrences of calendars
 * marked busy, leaving out events marked free (TRANSP:TRANSPARENT). Read
 * through the caller's executor, so a booking's transaction sees them too.
 */
export const connectedBusy: ExternalBusySource = async (ctx, userIds, fromMs, toMs, executor) => {
  const out: { userId: string; startMs: number; endMs: number }[] = [];
  const users = [...new Set(userIds)];
  for (let i = 0; i < users.length; i += 200) {
    const rows = await scopeOf(ctx, executor)
      .selectFrom('external_events')
      .innerJoin('connection_calendars', 'connection_calendars.id', 'external_events.calendar_id')
      .select(['external_events.user_id', 'external_events.start_utc', 'external_events.end_utc'])
      .where('external_events.user_id', 'in', users.slice(i, i + 200))
      .where('external_events.busy', '=', 1)
      .where('connection_calendars.busy', '=', 1)
      .where('external_events.start_utc', '<', new Date(toMs).toISOString())
      .where('external_events.end_utc', '>', new Date(fromMs).toISOString())
      .execute();
    for (const r of rows) out.push({ userId: r.user_id, startMs: Date.parse(r.start_utc), endMs: Date.parse(r.end_utc) });
  }
  return out;
};
