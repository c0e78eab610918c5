import { randomUUID } from 'node:crypto';
import { nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { isUniqueViolation } from '../../db/errors.js';
import { recordAudit } from '../audit/index.js';
import {
  findOverride,
  groupBy,
  listAttendanceOf,
  listCalendarsOwnedBy,
  listEventsByIdsInRange,
  listEventsInRange,
  listOverrides,
  listVisibleCalendars,
} from './calendar.repo.js';
import type { OccurrenceInput, OccurrenceOut } from './calendar.schema.js';
import type { EventOverrideRow, EventRow } from '../../db/tables/calendar.js';
import type { Executor } from '../../db/scope.js';
import { ensureWindows, expandIntervals, readIntervals, reindexEvents, type Interval } from './occurrence-index.js';
import { callerId } from './calendars.service.js';
import { boundsColumns, overrideTimingOf, timingOf, toOverrideOut, visibleEvent } from './events.service.js';
import { isoUtc, normalizeLocal, parseInstant } from './localtime.js';
import { expandOccurrences, occurrenceWith, type Occurrence } from './recurrence.js';
import { checkTimeZone, invalidField } from './timing.js';
import { announceBusyTime } from './calendar.busy.js';
import { externalBusyOf } from './external-busy.js';

export const MAX_RANGE_DAYS = 400;

function parseWindow(from: string, to: string): { fromMs: number; toMs: number } {
  const fromMs = parseInstant(from);
  if (fromMs === null) throw invalidField('from', 'must be an ISO instant like 2026-03-01T00:00:00Z');
  const toMs = parseInstant(to);
  if (toMs === null) throw invalidField('to', 'must be an ISO instant like 2026-04-01T00:00:00Z');
  if (toMs <= fromMs) throw invalidField('to', 'must be after from');
  if (toMs - fromMs > MAX_RANGE_DAYS * 86_400_000) throw invalidField('to', `must be at most ${MAX_RANGE_DAYS} days after from`);
  return { fromMs, toMs };
}

type ExpandedOverride = ReturnType<typeof overrideTimingOf>;

/** Every occurrence of these events in the window, exceptions applied. */
async function expandEvents(ctx: PortalContext, events: EventRow[], fromMs: number, toMs: number) {
  const recurring = events.filter((e) => e.rrule).map((e) => e.id);
  const overridesByEvent = groupBy(await listOverrides(scopeOf(ctx), recurring), (o) => o.event_id);
  const out: { event: EventRow; occ: Occurrence<ExpandedOverride> }[] = [];
  for (const event of events) {
    const overrides = (overridesByEvent.get(event.id) ?? []).map(overrideTimingOf);
    for (const occ of expandOccurrences(timingOf(event), overrides, fromMs, toMs)) out.push({ event, occ });
  }
  return out;
}

function toOccurrenceOut(event: EventRow, occ: Occurrence<ExpandedOverride>): OccurrenceOut {
  const o = occ.override?.row;
  return {
    eventId: event.id,
    calendarId: event.calendar_id,
    title: o?.title ?? event.title,
    description: o?.description ?? event.description,
    location: o?.location ?? event.location,
    start: isoUtc(occ.startMs),
    end: isoUtc(occ.endMs),
    allDay: occ.allDay,
    startDate: occ.allDay ? occ.localStart : null,
    endDate: occ.allDay ? occ.localEnd : null,
    timeZone: occ.timeZone,
    recurrenceId: occ.recurrenceId,
    isRecurring: event.rrule !== null,
    isException: !!o,
  };
}

/** GET /api/events: the occurrences in a window of the calendars the caller can see, sorted by start. */
export async function listOccurrences(ctx: PortalContext, query: { from: string; to: string; calendarIds?: string }): Promise<OccurrenceOut[]> {
  const { fromMs, toMs } = parseWindow(query.from, query.to);
  let calendars = await listVisibleCalendars(scopeOf(ctx), callerId(ctx));
  if (query.calendarIds !== undefined) {
    const wanted = new Set(
      query.calendarIds
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    calendars = calendars.filter((c) => wanted.has(c.id));
  }
  const events = await listEventsInRange(
    scopeOf(ctx),
    calendars.map((c) => c.id),
    isoUtc(fromMs),
    isoUtc(toMs),
  );
  return (await expandEvents(ctx, events, fromMs, toMs))
    .map(({ event, occ }) => toOccurrenceOut(event, occ))
    .sort((a, b) => a.start.localeCompare(b.start) || a.eventId.localeCompare(b.eventId) || (a.recurrenceId ?? '').localeCompare(b.recurrenceId ?? ''));
}

// --- Exceptions to one occurrence ------------------------------------------------------------------

/**
 * Creates or updates the exception for one occurrence (its original local
 * start): new times, title, place, or cancelled. Returns the exception.
 */
export async function putOccurrence(ctx: PortalContext, eventId: string, recurrenceIdRaw: string, input: OccurrenceInput) {
  const event = await visibleEvent(ctx, eventId);
  const series = timingOf(event.row);
  if (!series.rrule) throw new AppError('NOT_RECURRING', 'This event does not repeat; change the event itself');
  const recurrenceId = normalizeLocal(recurrenceIdRaw, series.allDay);
  if (!recurrenceId) {
    throw new AppError('VALIDATION_FAILED', `recurrenceId must be the original local start, like ${series.allDay ? '2026-03-09' : '2026-03-09T09:00:00'}`, {
      fields: [{ path: 'recurrenceId', message: 'is not a local start', in: 'params' }],
    });
  }
  const existing = await findOverride(scopeOf(ctx), eventId, recurrenceId);
  const pick = (timed: string | undefined, date: string | undefined, path: string, current: string | null) => {
    const raw = series.allDay ? (date ?? timed?.slice(0, 10)) : timed;
    if (raw === undefined) return current;
    const v = normalizeLocal(raw, series.allDay);
    if (!v) throw invalidField(path, series.allDay ? 'must be a date like 2026-03-09' : 'must be a local date-time like 2026-03-09T09:00');
    return v;
  };
  const values = {
    cancelled: input.cancelled ?? existing?.cancelled === 1,
    title: input.title ?? existing?.title ?? null,
    description: input.description ?? existing?.description ?? null,
    location: input.location ?? existing?.location ?? null,
    start_local: pick(input.start, input.startDate, series.allDay ? 'startDate' : 'start', existing?.start_local ?? null),
    end_local: pick(input.end, input.endDate, series.allDay ? 'endDate' : 'end', existing?.end_local ?? null),
    time_zone: input.timeZone ? checkTimeZone(input.timeZone) : (existing?.time_zone ?? null),
  };
  const occ = occurrenceWith(series, { recurrenceId, cancelled: false, start: values.start_local, end: values.end_local, timeZone: values.time_zone });
  if (!occ) throw notFound('Occurrence');
  if (occ.endMs < occ.startMs || (series.allDay && occ.endMs === occ.startMs)) {
    throw invalidField(series.allDay ? 'endDate' : 'end', series.allDay ? 'must be after startDate' : 'must not be before start');
  }

  const at = nowIso(ctx);
  const others = event.overrides.filter((o) => o.recurrence_id !== recurrenceId);
  const row: EventOverrideRow = {
    id: existing?.id ?? randomUUID(),
    portal_id: ctx.portalId,
    event_id: eventId,
    recurrence_id: recurrenceId,
    ...values,
    cancelled: values.cancelled ? 1 : 0,
    created_at: existing?.created_at ?? at,
    updated_at: at,
  };
  const bounds = boundsColumns(series, [...others, row].map(overrideTimingOf));
  try {
    await ctx.deps.db.transaction().execute(async (trx) => {
      const s = scopeOf(ctx, trx);
      const { portal_id: _portal, ...insertable } = row;
      const { id: _id, event_id: _event, recurrence_id: _rid, created_at: _created, ...changes } = insertable;
      if (existing) await s.updateTable('event_overrides', changes).where('id', '=', existing.id).execute();
      else await s.insertInto('event_overrides', insertable).execute();
      await s
        .updateTable('events', { ...bounds, ical_sequence: event.row.ical_sequence + 1, updated_at: at })
        .where('id', '=', eventId)
        .execute();
      await reindexEvents(ctx, trx, [eventId]);
      await announceBusyTime(ctx, trx, [eventId]);
      if (values.cancelled && !(existing?.cancelled === 1)) {
        await recordAudit(ctx, { action: 'calendar.occurrence_cancelled', targetType: 'event', targetId: eventId, details: { recurrenceId } }, trx);
      }
    });
  } catch (err) {
    // Two first edits of the same occurrence at once: the second one updates the first's row.
    if (isUniqueViolation(err) && !existing) return putOccurrence(ctx, eventId, recurrenceIdRaw, input);
    throw err;
  }
  return { eventId, ...toOverrideOut(row, series.allDay) };
}

/** Cancels one occurrence (an EXDATE-like exception); the rest of the series stays. */
export async function cancelOccurrence(ctx: PortalContext, eventId: string, recurrenceId: string): Promise<void> {
  await putOccurrence(ctx, eventId, recurrenceId, { cancelled: true });
}

// --- Busy time -------------------------------------------------------------------------------------

export interface BusyInterval {
  userId: string;
  start: string;
  end: string;
}

/**
 * When these users are busy in [from, to): the occurrences of events in
 * their personal calendars and of events anywhere that list them as an
 * attendee, leaving out cancelled occurrences and events they declined,
 * and their busy time in connected calendars (`registerExternalBusy`).
 * Overlapping intervals of one user are merged. Free/busy only: no titles.
 * (For the scheduling module; portal-scoped, no calendar visibility check.)
 *
 * Read from the occurrence index (widened first when the window is outside
 * it). `fresh` expands the events' recurrence instead, as does a read
 * through `executor` (e.g. inside a booking's transaction, which must not
 * trust the index).
 */
export async function listBusyIntervals(
  ctx: PortalContext,
  userIds: readonly string[],
  from: string,
  to: string,
  opts: { excludeEventIds?: ReadonlySet<string>; fresh?: boolean; executor?: Executor } = {},
): Promise<BusyInterval[]> {
  const fromMs = parseInstant(from);
  const toMs = parseInstant(to);
  if (fromMs === null || toMs === null || toMs <= fromMs || userIds.length === 0) return [];
  const out: BusyInterval[] = [];
  for (const { userId, intervals } of await busyOf(ctx, userIds, fromMs, toMs, opts)) {
    for (const [a, b] of intervals) out.push({ userId, start: isoUtc(a), end: isoUtc(b) });
  }
  return out;
}

/** The same in epoch milliseconds, per user (sorted by user id), merged and sorted. */
export async function busyOf(
  ctx: PortalContext,
  userIds: readonly string[],
  fromMs: number,
  toMs: number,
  opts: { excludeEventIds?: ReadonlySet<string>; fresh?: boolean; executor?: Executor } = {},
): Promise<{ userId: string; intervals: [number, number][] }[]> {
  if (toMs <= fromMs || userIds.length === 0) return [];
  const s = scopeOf(ctx, opts.executor);
  const wanted = new Set(userIds);
  const owners = new Map((await listCalendarsOwnedBy(s, [...wanted])).map((c) => [c.id, c.owner_user_id!]));
  const attendance = await listAttendanceOf(s, [...wanted]);
  const declined = new Set(attendance.filter((a) => a.status === 'declined').map((a) => `${a.event_id}:${a.user_id}`));
  const attending = groupBy(attendance, (a) => a.event_id);

  // Attended events in calendars other than the users' own.
  const attendedIds = [...attending.keys()];
  const attended = new Map<string, string>();
  for (let i = 0; i < attendedIds.length; i += 500) {
    const rows = await s
      .selectFrom('events')
      .select(['id', 'calendar_id'])
      .where('id', 'in', attendedIds.slice(i, i + 500))
      .where('start_utc', '<', isoUtc(toMs))
      .where((eb) => eb.or([eb('until_utc', 'is', null), eb('until_utc', '>', isoUtc(fromMs))]))
      .execute();
    for (const r of rows) if (!owners.has(r.calendar_id)) attended.set(r.id, r.calendar_id);
  }

  let occurrences: Interval[];
  // Inside a caller's transaction the index is not widened (that takes a transaction of its own): expand afresh.
  if (opts.fresh || opts.executor) {
    const events = [
      ...(await listEventsInRange(s, [...owners.keys()], isoUtc(fromMs), isoUtc(toMs))),
      ...(await listEventsByIdsInRange(s, [...attended.keys()], isoUtc(fromMs), isoUtc(toMs))),
    ];
    occurrences = await expandIntervals(s, events, fromMs, toMs);
  } else {
    await ensureWindows(ctx, [...owners.keys(), ...attended.values()], fromMs, toMs);
    occurrences = await readIntervals(ctx, { calendarIds: [...owners.keys()], eventIds: [...attended.keys()] }, fromMs, toMs);
  }

  const intervals = new Map<string, [number, number][]>();
  const listOf = (userId: string) => {
    let list = intervals.get(userId);
    if (!list) intervals.set(userId, (list = []));
    return list;
  };
  // The caller may leave out events it is about to replace (the auto-scheduler's own blocks).
  const excluded = opts.excludeEventIds;
  for (const occ of occurrences) {
    if (excluded?.has(occ.eventId)) continue;
    const start = occ.startMs > fromMs ? occ.startMs : fromMs;
    const end = occ.endMs < toMs ? occ.endMs : toMs;
    const owner = owners.get(occ.calendarId);
    if (owner !== undefined && (declined.size === 0 || !declined.has(`${occ.eventId}:${owner}`))) listOf(owner).push([start, end]);
    const people = attending.get(occ.eventId);
    if (!people) continue;
    for (const a of people) {
      const userId = a.user_id!;
      if (userId === owner || !wanted.has(userId) || a.status === 'declined') continue;
      listOf(userId).push([start, end]);
    }
  }
  // Busy time from the users' connected calendars (registered sources; none in this module).
  for (const b of await externalBusyOf(ctx, [...wanted], fromMs, toMs, opts.executor)) {
    if (!wanted.has(b.userId) || b.endMs <= fromMs || b.startMs >= toMs) continue;
    listOf(b.userId).push([Math.max(b.startMs, fromMs), Math.min(b.endMs, toMs)]);
  }
  const out: { userId: string; intervals: [number, number][] }[] = [];
  for (const userId of [...intervals.keys()].sort()) {
    const merged: [number, number][] = [];
    for (const [a, b] of intervals.get(userId)!.sort((x, y) => x[0] - y[0])) {
      const last = merged.at(-1);
      if (last && a <= last[1]) last[1] = Math.max(last[1], b);
      else merged.push([a, b]);
    }
    out.push({ userId, intervals: merged });
  }
  return out;
}
