/* eslint-disable @typescript-eslint/no-explicit-any -- a condition for another module's query: Kysely cannot type a builder over tables it does not join */
import { sql, type Expression, type SqlBool } from 'kysely';

/**
 * For other modules (the notifications inbox): a condition, usable inside their own query,
 * that holds when `userId` may read the event named by the given column references — its
 * calendar is shared or theirs (calendars.service `canSee`), or they are one of its
 * attendees by user id (`getEvent`). The references are columns of the caller's query, so a
 * page and its count stay one round trip.
 */
export function eventReadableBy(eb: any, userId: string, refs: { portalId: string; calendarId: string; eventId: string }): Expression<SqlBool> {
  return eb.or([
    eb.exists(
      eb
        .selectFrom('calendars')
        .select(sql.lit(1).as('one'))
        .whereRef('calendars.portal_id', '=', refs.portalId)
        .whereRef('calendars.id', '=', refs.calendarId)
        .where((c: any) => c.or([c('calendars.kind', '=', 'shared'), c('calendars.owner_user_id', '=', userId)])),
    ),
    eb.exists(
      eb
        .selectFrom('event_attendees')
        .select(sql.lit(1).as('one'))
        .whereRef('event_attendees.portal_id', '=', refs.portalId)
        .whereRef('event_attendees.event_id', '=', refs.eventId)
        .where('event_attendees.user_id', '=', userId),
    ),
  ]);
}
