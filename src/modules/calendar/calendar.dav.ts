import { createHash } from 'node:crypto';
import { nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { notFound } from '../../kernel/errors.js';
import type { Executor } from '../../db/scope.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { EventRow } from '../../db/tables/calendar.js';
import { publishLive } from '../../kernel/live.js';
import { getUsers } from '../accounts/index.js';
import { chunks, groupBy, listEventsInRange, listOverrides } from './calendar.repo.js';
import { visibleCalendar } from './calendars.service.js';
import { overrideTimingOf, timingOf } from './events.service.js';
import { feedEventsOf } from './feed.service.js';
import { buildIcs } from './ics-export.js';
import { IcsFileError, parseIcs } from './ics-import.js';
import { prepareImported, writeImported } from './import.service.js';
import { isoUtc } from './localtime.js';
import { expandOccurrences } from './recurrence.js';
import { reindexEvents } from './occurrence-index.js';
import { announceBusyTime } from './calendar.busy.js';

/**
 * The calendar's front door for CalDAV (the caldav module): events of a calendar the caller
 * sees, as iCalendar objects written by the same writer as the feed and the export, and
 * written back from iCalendar through the same reader as the import. Visibility is the REST
 * API's: a calendar the caller cannot see is "not found".
 */

/** What names a version of an event: it changes with every write to the event, its exceptions or attendees. */
export interface EventStamp {
  id: string;
  uid: string;
  etag: string;
}

const etagOf = (e: Pick<EventRow, 'id' | 'ical_sequence' | 'updated_at'>) =>
  `"${createHash('sha256').update(`${e.id}\n${e.ical_sequence}\n${e.updated_at}`).digest('base64url').slice(0, 27)}"`;

/** Every event of a calendar the caller sees (or those of `ids` in it), with its ETag. */
export async function eventStamps(ctx: PortalContext, calendarId: string, ids?: readonly string[]): Promise<EventStamp[]> {
  await visibleCalendar(ctx, calendarId);
  const s = scopeOf(ctx);
  const q = () => s.selectFrom('events').select(['id', 'ical_uid', 'ical_sequence', 'updated_at']).where('calendar_id', '=', calendarId);
  const rows = ids ? (await Promise.all(chunks(ids).map((part) => q().where('id', 'in', part).execute()))).flat() : await q().execute();
  return rows.map((e) => ({ id: e.id, uid: e.ical_uid, etag: etagOf(e) }));
}

/** The event of a calendar with this iCalendar UID, if any. */
export async function eventIdByUid(ctx: PortalContext, calendarId: string, uid: string): Promise<string | null> {
  const row = await scopeOf(ctx).selectFrom('events').select('id').where('calendar_id', '=', calendarId).where('ical_uid', '=', uid).executeTakeFirst();
  return row?.id ?? null;
}

/** Where these events are now (their calendar); gone events are missing. For the caldav module's change log. */
export async function eventCalendarsOf(ctx: PortalContext, trx: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const s = scopeOf(ctx, trx);
  const out = new Map<string, string>();
  for (const part of chunks(ids)) {
    for (const e of await s.selectFrom('events').select(['id', 'calendar_id']).where('id', 'in', part).execute()) out.set(e.id, e.calendar_id);
  }
  return out;
}

/** Events of a calendar the caller sees, each as one iCalendar object (VCALENDAR with its VTIMEZONEs, series and exceptions). */
export async function eventObjects(ctx: PortalContext, calendarId: string, ids: readonly string[]): Promise<Map<string, { ics: string; etag: string }>> {
  await visibleCalendar(ctx, calendarId);
  const s = scopeOf(ctx);
  const rows: EventRow[] = [];
  for (const part of chunks(ids))
    rows.push(...(await s.selectFrom('events').selectAll().where('calendar_id', '=', calendarId).where('id', 'in', part).execute()));
  const feed = await feedEventsOf(s, rows);
  const out = new Map<string, { ics: string; etag: string }>();
  rows.forEach((row, i) => out.set(row.id, { ics: buildIcs({ name: null }, [feed[i]!]), etag: etagOf(row) }));
  return out;
}

/**
 * The events of a calendar with an occurrence in [fromMs, toMs) (RFC 4791 §9.9: an occurrence
 * overlaps, or one without length starts inside): recurrence expanded with its exceptions.
 */
export async function eventIdsInRange(ctx: PortalContext, calendarId: string, fromMs: number, toMs: number): Promise<string[]> {
  await visibleCalendar(ctx, calendarId);
  const s = scopeOf(ctx);
  // until_utc is the last end: an event without length that starts at fromMs ends there too.
  const events = await listEventsInRange(s, [calendarId], isoUtc(fromMs - 1), isoUtc(toMs));
  const overrides = groupBy(
    await listOverrides(
      s,
      events.filter((e) => e.rrule).map((e) => e.id),
    ),
    (o) => o.event_id,
  );
  return events.filter((e) => expandOccurrences(timingOf(e), (overrides.get(e.id) ?? []).map(overrideTimingOf), fromMs, toMs).length > 0).map((e) => e.id);
}

export interface SavedEvent {
  id: string;
  created: boolean;
  etag: string;
}

/** Why an iCalendar object cannot be stored (CalDAV preconditions, RFC 4791 §5.3.2.1). */
export class EventObjectError extends Error {
  constructor(
    readonly precondition: 'valid-calendar-data' | 'valid-calendar-object-resource' | 'supported-calendar-component' | 'no-uid-conflict',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Stores one iCalendar object (a series with its RECURRENCE-ID exceptions, time zones, all-day
 * dates) as an event of a calendar the caller sees: a new event, or `eventId` replaced. The
 * client's UID is kept. `within` runs in the same transaction (the caller's own bookkeeping).
 */
export async function saveEventObject(
  ctx: PortalContext,
  calendarId: string,
  source: string,
  opts: { eventId: string | null; within?: (trx: Executor, id: string) => Promise<void> },
): Promise<SavedEvent> {
  const calendar = await visibleCalendar(ctx, calendarId);
  let parsed: ReturnType<typeof parseIcs>;
  try {
    parsed = parseIcs(source.replace(/\0/g, '\uFFFD'), 'UTC');
  } catch (err) {
    if (err instanceof IcsFileError) throw new EventObjectError('valid-calendar-data', err.message);
    throw err;
  }
  if (parsed.errors.length) throw new EventObjectError('valid-calendar-object-resource', parsed.errors.map((e) => e.message).join('; '));
  if (parsed.events.length === 0) throw new EventObjectError('supported-calendar-component', 'The object holds no VEVENT: this calendar stores events only');
  if (parsed.events.length > 1) throw new EventObjectError('valid-calendar-object-resource', 'One resource holds one event (one UID)');
  const event = parsed.events[0]!;
  const s = scopeOf(ctx);
  const existing = opts.eventId
    ? await s.selectFrom('events').selectAll().where('id', '=', opts.eventId).where('calendar_id', '=', calendar.id).executeTakeFirst()
    : null;
  if (opts.eventId && !existing) throw notFound('Event');
  if (existing && existing.ical_uid !== event.uid) throw new EventObjectError('no-uid-conflict', 'The UID of an event cannot change');
  const usersByEmail = new Map((await getUsers(ctx)).map((u) => [u.email.toLowerCase(), u]));
  const at = nowIso(ctx);
  const prepared = prepareImported(event, usersByEmail, at);
  if (prepared.problems.length) throw new EventObjectError('valid-calendar-object-resource', prepared.problems.map((p) => p.message).join('; '));
  const sequence = existing ? Math.max(event.sequence, existing.ical_sequence) : event.sequence;
  try {
    const id = await ctx.deps.db.transaction().execute(async (trx) => {
      const ts = scopeOf(ctx, trx);
      const id = await writeImported(ctx, ts, calendar.id, { existingId: existing?.id ?? null, event, ...prepared }, at, sequence);
      await reindexEvents(ctx, trx, [id]);
      await publishLive(ctx, trx, { type: 'change', change: { entity: 'event', id, action: existing ? 'updated' : 'created', calendarId: calendar.id } });
      await announceBusyTime(ctx, trx, [id], { calendarIds: [calendar.id] });
      await opts.within?.(trx, id);
      return id;
    });
    return { id, created: !existing, etag: etagOf({ id, ical_sequence: sequence, updated_at: at }) };
  } catch (err) {
    if (isUniqueViolation(err)) throw new EventObjectError('no-uid-conflict', 'The calendar already has an event with this UID');
    throw err;
  }
}
