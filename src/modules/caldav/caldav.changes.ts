import { scopeOf, type PortalContext } from '../../kernel/context.js';
import type { Executor, PortalScope } from '../../db/scope.js';
import { eventCalendarsOf, type EventsChange } from '../calendar/index.js';

/**
 * The change log behind sync tokens and CTags (RFC 6578; ADR 0026). Every change to a
 * calendar's events raises the calendar's version by one, under the lock of its
 * `caldav_collections` row, and stamps the changed resources with it; a resource that left
 * the calendar (deleted, moved) stays as a tombstone. A sync token names a version: the
 * changes since are the resources stamped later. The calendar module calls `recordEventChanges`
 * in the transaction of every event write (onEventsChanged, src/server/compose.ts), so edits
 * in the app, imports, bookings and CalDAV writes all count.
 */

const CHUNK = 500;
const parts = <T>(xs: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
};

/** The resource name an event has until a client gives it another. */
export const defaultName = (eventId: string) => `${eventId}.ics`;

/** Raises the versions of these calendars by one (rows made on first use); returns the new versions. Locks the rows in calendar id order. */
export async function bumpVersions(s: PortalScope, calendarIds: readonly string[]): Promise<Map<string, number>> {
  const ids = [...new Set(calendarIds)].sort();
  const out = new Map<string, number>();
  for (const part of parts(ids)) {
    await s
      .insertInto(
        'caldav_collections',
        part.map((calendar_id) => ({ calendar_id, version: 0, min_version: 0 })),
      )
      .onConflict((oc) => oc.columns(['portal_id', 'calendar_id']).doNothing())
      .execute();
  }
  for (const id of ids) {
    const row = await s
      .updateTable('caldav_collections', {})
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('calendar_id', '=', id)
      .returning(['version'])
      .executeTakeFirstOrThrow();
    out.set(id, Number(row.version));
  }
  return out;
}

/** The reaction to event changes (see the file comment). */
export async function recordEventChanges(ctx: PortalContext, trx: Executor, change: EventsChange): Promise<void> {
  const s = scopeOf(ctx, trx);
  if ('calendarIds' in change) {
    // Replaced or deleted wholesale: every token of these calendars is void; clients sync from scratch.
    let ids: string[];
    if (change.calendarIds === 'portal') ids = (await s.selectFrom('caldav_collections').select('calendar_id').execute()).map((r) => r.calendar_id);
    else ids = [...change.calendarIds];
    const versions = await bumpVersions(s, ids);
    for (const [calendarId, version] of versions) {
      await s.updateTable('caldav_collections', { min_version: version }).where('calendar_id', '=', calendarId).execute();
      await s.deleteFrom('caldav_resources').where('calendar_id', '=', calendarId).execute();
    }
    return;
  }
  const eventIds = [...new Set(change.eventIds)];
  if (eventIds.length === 0) return;
  const current = await eventCalendarsOf(ctx, trx, eventIds);
  const known: { calendar_id: string; event_id: string; deleted: number }[] = [];
  for (const part of parts(eventIds)) {
    known.push(...(await s.selectFrom('caldav_resources').select(['calendar_id', 'event_id', 'deleted']).where('event_id', 'in', part).execute()));
  }
  const calendars = new Set<string>([...current.values(), ...known.filter((k) => !k.deleted).map((k) => k.calendar_id), ...change.formerCalendarIds]);
  const versions = await bumpVersions(s, [...calendars]);
  const knownBy = new Map<string, typeof known>();
  for (const k of known) knownBy.set(k.event_id, [...(knownBy.get(k.event_id) ?? []), k]);

  const upserts: { calendar_id: string; event_id: string; version: number; deleted: number }[] = [];
  for (const id of eventIds) {
    const now = current.get(id);
    const rows = knownBy.get(id) ?? [];
    // Left a calendar (deleted or moved): a tombstone there, also where it had no row yet (named by default).
    const left = new Set([...rows.filter((r) => !r.deleted).map((r) => r.calendar_id), ...change.formerCalendarIds]);
    for (const calendarId of left) {
      if (calendarId !== now) upserts.push({ calendar_id: calendarId, event_id: id, version: versions.get(calendarId)!, deleted: 1 });
    }
    if (now) upserts.push({ calendar_id: now, event_id: id, version: versions.get(now)!, deleted: 0 });
  }
  for (const part of parts(upserts)) {
    await s
      .insertInto(
        'caldav_resources',
        part.map((u) => ({ ...u, name: defaultName(u.event_id) })),
      )
      .onConflict((oc) =>
        oc
          .columns(['portal_id', 'calendar_id', 'event_id'])
          .doUpdateSet((eb) => ({ version: eb.ref('excluded.version'), deleted: eb.ref('excluded.deleted') })),
      )
      .execute();
  }
}

/** The current version of a calendar (0 before its first change) and the oldest valid one. */
export async function collectionState(s: PortalScope, calendarId: string): Promise<{ version: number; minVersion: number }> {
  const row = await s.selectFrom('caldav_collections').select(['version', 'min_version']).where('calendar_id', '=', calendarId).executeTakeFirst();
  return { version: Number(row?.version ?? 0), minVersion: Number(row?.min_version ?? 0) };
}

/** Versions of several calendars (CTags of the calendar home). */
export async function collectionVersions(s: PortalScope, calendarIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of parts(calendarIds)) {
    for (const r of await s.selectFrom('caldav_collections').select(['calendar_id', 'version']).where('calendar_id', 'in', part).execute())
      out.set(r.calendar_id, Number(r.version));
  }
  return out;
}

export interface ResourceName {
  event_id: string;
  name: string;
  version: number;
  deleted: number;
}

/** The names of a calendar's live resources that differ from the default (event id → name). */
export async function resourceNames(s: PortalScope, calendarId: string): Promise<Map<string, string>> {
  const rows = await s.selectFrom('caldav_resources').select(['event_id', 'name']).where('calendar_id', '=', calendarId).where('deleted', '=', 0).execute();
  const out = new Map<string, string>();
  for (const r of rows) if (r.name !== defaultName(r.event_id)) out.set(r.event_id, r.name);
  return out;
}

/** The event a resource name stands for in a calendar: its row, else a default name "<event id>.ics" with no row. */
export async function resolveName(s: PortalScope, calendarId: string, name: string): Promise<{ eventId: string; deleted: boolean } | null> {
  const row = await s
    .selectFrom('caldav_resources')
    .select(['event_id', 'deleted'])
    .where('calendar_id', '=', calendarId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (row) return { eventId: row.event_id, deleted: row.deleted === 1 };
  return null;
}

/** Gives a resource (just written by a client) the client's name; a tombstone with that name gives way. */
export async function nameResource(s: PortalScope, calendarId: string, eventId: string, name: string): Promise<void> {
  await s.deleteFrom('caldav_resources').where('calendar_id', '=', calendarId).where('name', '=', name).where('event_id', '!=', eventId).execute();
  await s.updateTable('caldav_resources', { name }).where('calendar_id', '=', calendarId).where('event_id', '=', eventId).execute();
}

/** Resources changed since a version: live ones (with their names) and tombstones. */
export async function changesSince(s: PortalScope, calendarId: string, since: number): Promise<ResourceName[]> {
  const rows = await s
    .selectFrom('caldav_resources')
    .select(['event_id', 'name', 'version', 'deleted'])
    .where('calendar_id', '=', calendarId)
    .where('version', '>', since)
    .execute();
  return rows.map((r) => ({ ...r, version: Number(r.version) }));
}
