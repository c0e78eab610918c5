import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { afterKey, columns, int, noRows, pagedRows, portableTable, text, textOrNull, type PortableModule, type PortableRecord } from '../../kernel/portable.js';
import { groupBy, listAttendees, listOverrides } from './calendar.repo.js';
import type { AttendeeStatus, CalendarKind, CalendarRow, EventAttendeeRow, EventOverrideRow, EventRow } from '../../db/tables/calendar.js';
import { boundsColumns, overrideTimingOf, timingOf } from './events.service.js';
import { feedEventsOf } from './feed.service.js';
import { buildIcs } from './ics-export.js';
import { dropPortalIndex, reindexEvents } from './occurrence-index.js';

/**
 * Calendars and events in an export (POR-1) and their import (POR-4). An event's
 * exceptions and attendees are JSON cells; every calendar is also written as an
 * iCalendar file, streamed a page of events at a time.
 */

type OverrideCell = Omit<EventOverrideRow, 'portal_id' | 'event_id'>;
type AttendeeCell = Omit<EventAttendeeRow, 'portal_id' | 'event_id'>;

const calendars = portableTable({
  entity: 'calendars',
  table: 'calendars',
  columns: columns('id:id', 'name', 'color', 'kind', 'owner_user_id:user?', 'is_default:bool', 'created_at', 'updated_at'),
  toRow: (r) => ({
    id: text(r.id),
    name: text(r.name),
    color: text(r.color),
    kind: text(r.kind) as CalendarKind,
    owner_user_id: textOrNull(r.owner_user_id),
    // A personal calendar whose owner is not in this portal cannot be anyone's default.
    is_default: r.owner_user_id === null ? 0 : int(r.is_default),
    // The private feed's secret stays behind: its owner makes a new link.
    feed_token: null,
    created_at: text(r.created_at),
    updated_at: text(r.updated_at),
  }),
});

const events = portableTable({
  entity: 'events',
  table: 'events',
  columns: columns(
    'id:id',
    'calendar_id:ref',
    'title',
    'description?',
    'location?',
    'all_day:bool',
    'start_local',
    'end_local',
    'time_zone',
    'rrule?',
    'exdates:json',
    'reminders:json',
    'overrides:json',
    'attendees:json',
    'ical_uid',
    'ical_sequence:int',
    'ical_last_modified?',
    'created_by:user?',
    'created_at',
    'updated_at',
  ),
  select: [
    'id',
    'calendar_id',
    'title',
    'description',
    'location',
    'all_day',
    'start_local',
    'end_local',
    'time_zone',
    'rrule',
    'exdates',
    'reminders',
    'ical_uid',
    'ical_sequence',
    'ical_last_modified',
    'created_by',
    'created_at',
    'updated_at',
  ],
  present: async (ctx, rows) => {
    const s = scopeOf(ctx);
    const ids = rows.map((r) => r.id);
    const overrides = groupBy(await listOverrides(s, ids), (o) => o.event_id);
    const attendees = groupBy(await listAttendees(s, ids), (a) => a.event_id);
    return rows.map((e) => ({
      ...e,
      overrides: JSON.stringify((overrides.get(e.id) ?? []).map(({ portal_id: _p, event_id: _e, ...o }): OverrideCell => o)),
      attendees: JSON.stringify((attendees.get(e.id) ?? []).map(({ portal_id: _p, event_id: _e, ...a }): AttendeeCell => a)),
    }));
  },
  toRow: (r): Omit<EventRow, 'portal_id'> => {
    const row: Omit<EventRow, 'portal_id' | 'start_utc' | 'until_utc'> = {
      id: text(r.id),
      calendar_id: text(r.calendar_id),
      title: text(r.title),
      description: textOrNull(r.description),
      location: textOrNull(r.location),
      all_day: int(r.all_day),
      start_local: text(r.start_local),
      end_local: text(r.end_local),
      time_zone: text(r.time_zone),
      rrule: textOrNull(r.rrule),
      exdates: text(r.exdates) || '[]',
      reminders: text(r.reminders) || '[]',
      ical_uid: text(r.ical_uid),
      ical_sequence: int(r.ical_sequence),
      ical_last_modified: textOrNull(r.ical_last_modified),
      created_by: textOrNull(r.created_by),
      created_at: text(r.created_at),
      updated_at: text(r.updated_at),
    };
    const overrides = overridesOf(r).map((o) => overrideTimingOf({ ...o, portal_id: '', event_id: row.id }));
    // The UTC bounds are derived from the local times, as when the event was saved.
    return { ...row, ...boundsColumns(timingOf({ ...row, portal_id: '', start_utc: '', until_utc: null }), overrides) };
  },
  insertChildren: async (ctx, trx, records, ids) => {
    const s = scopeOf(ctx, trx);
    const overrides = records.flatMap((r) => overridesOf(r).map((o) => ({ ...o, id: ids.id(o.id), event_id: text(r.id) })));
    const attendees = records.flatMap((r) =>
      (JSON.parse(text(r.attendees) || '[]') as AttendeeCell[]).map((a) => ({
        ...a,
        id: ids.id(a.id),
        event_id: text(r.id),
        user_id: ids.user(a.user_id),
        status: a.status as AttendeeStatus,
      })),
    );
    for (let i = 0; i < overrides.length; i += 200) await s.insertInto('event_overrides', overrides.slice(i, i + 200)).execute();
    for (let i = 0; i < attendees.length; i += 200) await s.insertInto('event_attendees', attendees.slice(i, i + 200)).execute();
    // Indexed only if someone read these calendars' busy time while the import ran; otherwise a no-op.
    await reindexEvents(
      ctx,
      trx,
      records.map((r) => text(r.id)),
    );
  },
  childTables: ['event_overrides', 'event_attendees'],
});

const overridesOf = (r: PortableRecord): OverrideCell[] => JSON.parse(text(r.overrides) || '[]') as OverrideCell[];

export const calendarPortable: PortableModule = {
  name: 'calendar',
  tables: [calendars, events],
  isEmpty: (ctx) => noRows(ctx, ['events']),
  // The default calendars a fresh portal makes on first use step aside for the imported ones.
  // The occurrence index is derived data, not exported: it starts empty and is rebuilt on first read.
  prepareImport: async (ctx, trx) => {
    await dropPortalIndex(ctx, trx);
    await scopeOf(ctx, trx).deleteFrom('calendars').execute();
  },
};

/** Every calendar of the portal (for one .ics file each). */
export async function listAllCalendars(ctx: PortalContext): Promise<Pick<CalendarRow, 'id' | 'name' | 'color'>[]> {
  return scopeOf(ctx).selectFrom('calendars').select(['id', 'name', 'color']).orderBy('created_at').orderBy('id').execute();
}

const VTIMEZONE = /BEGIN:VTIMEZONE\r\nTZID:([^\r\n]*)\r\n[\s\S]*?END:VTIMEZONE\r\n/g;

/**
 * A calendar as an iCalendar document, in pieces: the same text buildIcs writes for
 * the feed, but a page of events at a time, so a calendar of any size streams in
 * bounded memory. Each zone's VTIMEZONE is written once, before its first event.
 */
export async function* calendarIcsChunks(ctx: PortalContext, calendar: Pick<CalendarRow, 'id' | 'name' | 'color'>): AsyncGenerator<string> {
  const s = scopeOf(ctx);
  const empty = buildIcs({ name: calendar.name, color: calendar.color }, []);
  const footer = 'END:VCALENDAR';
  yield `${empty.slice(0, empty.lastIndexOf(footer))}`;
  const zones = new Set<string>();
  const rows = pagedRows<EventRow>((after, limit) => {
    let q = s.selectFrom('events').selectAll().where('calendar_id', '=', calendar.id).orderBy('created_at').orderBy('id').limit(limit);
    if (after) q = q.where(afterKey('created_at', 'id', [after.created_at, after.id]));
    return q.execute();
  }, 200);
  let page: EventRow[] = [];
  const flush = async () => {
    const ics = buildIcs({ name: calendar.name }, await feedEventsOf(s, page));
    page = [];
    let out = '';
    for (const m of ics.matchAll(VTIMEZONE)) {
      if (zones.has(m[1]!)) continue;
      zones.add(m[1]!);
      out += m[0];
    }
    const first = ics.indexOf('BEGIN:VEVENT');
    const last = ics.lastIndexOf('END:VEVENT');
    if (first >= 0) out += `${ics.slice(first, last)}END:VEVENT\r\n`;
    return out;
  };
  for await (const row of rows) {
    page.push(row);
    if (page.length >= 200) yield await flush();
  }
  if (page.length) yield await flush();
  yield `${footer}\r\n`;
}
