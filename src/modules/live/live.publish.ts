import { sql } from 'kysely';
import type { Executor } from '../../db/scope.js';
import { scopeOf, type PortalContext } from '../../kernel/context.js';
import type { LiveMessage } from '../../kernel/live.js';
import { calendarAudience, eventUserAttendees } from '../calendar/index.js';
import { LIVE_CHANNEL, wakeLocalHub } from './live.hub.js';
import { newId } from '../../kernel/ids.js';

/**
 * The live sink (installed by compose.ts through `setLiveSink`): one small row in the
 * caller's transaction, so nothing is delivered for a change that rolls back. The
 * audience is fixed here, while the change's records still exist: a notification's
 * user, a personal calendar's owner (and, for an event in it, the event's user attendees,
 * who may read it), or everyone in the portal. On PostgreSQL a
 * `pg_notify` in the same transaction wakes every process at commit; on SQLite the
 * process's own hub reads after the transaction has released the connection.
 */
export async function publishLiveEvent(ctx: PortalContext, executor: Executor, message: LiveMessage): Promise<void> {
  let userId: string | null = null;
  let calendarId: string | null = null;
  let payload: unknown;
  const also: string[] = [];
  if (message.type === 'notification') {
    userId = message.userId;
    payload = message.notification;
  } else {
    const { entity, id, action } = message.change;
    payload = { entity, id, action, ...(message.change.calendarId ? { calendarId: message.change.calendarId } : {}) };
    calendarId = message.change.calendarId ?? (entity === 'calendar' ? id : null);
    if (calendarId) {
      const audience = await calendarAudience(ctx, calendarId, executor);
      if (!audience) return; // nobody sees that calendar (it is gone): nobody is told
      userId = audience.userId;
      if (userId !== null && entity === 'event') also.push(...(await eventUserAttendees(executor, ctx.portalId, id)).filter((attendee) => attendee !== userId));
    }
  }
  for (const user of [userId, ...also])
    await scopeOf(ctx, executor)
      .insertInto('live_events', {
        id: newId(),
        seq: null,
        type: message.type,
        user_id: user,
        calendar_id: calendarId,
        payload: JSON.stringify(payload),
        created_at: ctx.deps.clock.now().toISOString(),
      })
      .execute();
  if (ctx.deps.database.dialect === 'postgres') await sql`select pg_notify(${LIVE_CHANNEL}, current_schema())`.execute(executor);
  else wakeLocalHub(ctx.deps);
}
