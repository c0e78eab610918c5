import type { PortalScope } from '../../db/scope.js';
import type { CalendarConnectionRow, ConnectionCalendarRow, ExternalEventRow } from '../../db/tables/connections.js';

/** Kysely queries on the connections module's tables, always through the portal scope. */

export const findConnection = (s: PortalScope, id: string): Promise<CalendarConnectionRow | undefined> =>
  s.selectFrom('calendar_connections').selectAll().where('id', '=', id).executeTakeFirst();

export const listConnectionsOf = (s: PortalScope, userId: string): Promise<CalendarConnectionRow[]> =>
  s.selectFrom('calendar_connections').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();

export async function calendarsOf(s: PortalScope, connectionIds: readonly string[]): Promise<Map<string, ConnectionCalendarRow[]>> {
  const out = new Map<string, ConnectionCalendarRow[]>();
  if (connectionIds.length === 0) return out;
  const rows = await s
    .selectFrom('connection_calendars')
    .selectAll()
    .where('connection_id', 'in', [...connectionIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const r of rows) out.set(r.connection_id, [...(out.get(r.connection_id) ?? []), r]);
  return out;
}

/** The user's write-back calendars (at most one is allowed). */
export const writeBackCalendarsOf = (s: PortalScope, userId: string) =>
  s
    .selectFrom('connection_calendars')
    .innerJoin('calendar_connections', 'calendar_connections.id', 'connection_calendars.connection_id')
    .select(['connection_calendars.id', 'connection_calendars.connection_id'])
    .where('calendar_connections.user_id', '=', userId)
    .where('connection_calendars.write_back', '=', 1)
    .execute();

export const CHUNK = 200;

/** Inserts occurrence rows in chunks (SQLite limits the variables of one statement). */
export async function insertExternalEvents(s: PortalScope, rows: Omit<ExternalEventRow, 'portal_id'>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await s.insertInto('external_events', rows.slice(i, i + CHUNK)).execute();
}
