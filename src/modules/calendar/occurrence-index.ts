import { scopeOf, type PortalContext } from '../../kernel/context.js';
import type { Executor, PortalScope } from '../../db/scope.js';
import type { EventOccurrenceWindowRow, EventRow } from '../../db/tables/calendar.js';
import { chunks, groupBy, listEventsInRange, listOverrides } from './calendar.repo.js';
import { overrideTimingOf, timingOf } from './events.service.js';
import { isoUtc } from './localtime.js';
import { expandOccurrences } from './recurrence.js';
import { eventsChanged } from './calendar.hooks.js';

/**
 * The occurrence index (docs/decisions/0016-occurrence-index.md): each event's
 * occurrences as busy intervals in `event_occurrences`, complete for each
 * calendar inside its window [from_ms, to_ms) in `event_occurrence_windows`.
 *
 * - Writes keep it exact: every change to an event (its times, rule, exceptions,
 *   calendar, deletion) calls `reindexEvents` in the same transaction, which
 *   replaces that event's rows — and only those — by a fresh expansion over its
 *   calendar's window. Being the one place every change passes, it also tells
 *   the `onEventsChanged` reactions (calendar.hooks.ts).
 * - Reads extend it lazily: `ensureWindows` widens a calendar's window (by a
 *   margin) when a query asks outside it, expanding that calendar's events only
 *   for the new part.
 * - On PostgreSQL the window row is the lock that orders the two: writers and
 *   wideners take it FOR UPDATE (in calendar id order). SQLite runs one write
 *   transaction at a time.
 *
 * An occurrence is an interval [start, end) overlapping the window; empty ones
 * (an event that ends when it starts) are not busy time and are not stored.
 */

const DAY_MS = 86_400_000;
/** How far a window reaches past what a query asked, so that the next queries find it ready. */
export const AHEAD_MS = 120 * DAY_MS;
export const BEHIND_MS = 7 * DAY_MS;
const INSERT_ROWS = 1000;

export interface Interval {
  eventId: string;
  calendarId: string;
  startMs: number;
  endMs: number;
}

const floorDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
const ceilDay = (ms: number) => Math.ceil(ms / DAY_MS) * DAY_MS;
const isEmptyWindow = (w: Pick<EventOccurrenceWindowRow, 'from_ms' | 'to_ms'>) => Number(w.to_ms) <= Number(w.from_ms);

/**
 * A fresh expansion of these events: every non-empty occurrence overlapping
 * [fromMs, toMs) that `keep` accepts. This is the one definition of "the
 * occurrences" that both the index and the uncached path use.
 */
export async function expandIntervals(
  s: PortalScope,
  events: readonly EventRow[],
  fromMs: number,
  toMs: number,
  keep: (startMs: number, endMs: number) => boolean = () => true,
): Promise<Interval[]> {
  const recurring = events.filter((e) => e.rrule).map((e) => e.id);
  const overridesByEvent = groupBy(await listOverrides(s, recurring), (o) => o.event_id);
  const out: Interval[] = [];
  for (const e of events) {
    const overrides = (overridesByEvent.get(e.id) ?? []).map(overrideTimingOf);
    for (const occ of expandOccurrences(timingOf(e), overrides, fromMs, toMs)) {
      if (occ.endMs <= occ.startMs || !keep(occ.startMs, occ.endMs)) continue;
      out.push({ eventId: e.id, calendarId: e.calendar_id, startMs: occ.startMs, endMs: occ.endMs });
    }
  }
  return out;
}

async function insertIntervals(s: PortalScope, intervals: readonly Interval[]): Promise<void> {
  for (const part of chunks(intervals, INSERT_ROWS)) {
    await s
      .insertInto(
        'event_occurrences',
        part.map((i) => ({ calendar_id: i.calendarId, event_id: i.eventId, start_ms: i.startMs, end_ms: i.endMs })),
      )
      .execute();
  }
}

/** The window rows of these calendars, locked for the rest of the transaction on PostgreSQL. */
async function lockWindows(ctx: PortalContext, s: PortalScope, calendarIds: readonly string[]): Promise<Map<string, EventOccurrenceWindowRow>> {
  const ids = [...new Set(calendarIds)].sort();
  const out = new Map<string, EventOccurrenceWindowRow>();
  const pg = ctx.deps.database.dialect === 'postgres';
  for (const part of chunks(ids)) {
    let q = s.selectFrom('event_occurrence_windows').selectAll().where('calendar_id', 'in', part).orderBy('calendar_id');
    if (pg) q = q.forUpdate();
    for (const w of await q.execute()) out.set(w.calendar_id, { ...w, from_ms: Number(w.from_ms), to_ms: Number(w.to_ms) });
  }
  return out;
}

/**
 * Replaces the index rows of these events by a fresh expansion over their
 * calendars' windows (none for an event that no longer exists). Call it inside
 * the transaction that changed the events, after the change, naming in
 * `formerCalendarIds` the calendars the events were in before (moved or
 * deleted events), whose windows are locked too.
 */
export async function reindexEvents(ctx: PortalContext, trx: Executor, eventIds: readonly string[], formerCalendarIds: readonly string[] = []): Promise<void> {
  const ids = [...new Set(eventIds)];
  if (ids.length === 0) return;
  await eventsChanged(ctx, trx, { eventIds: ids, formerCalendarIds });
  const s = scopeOf(ctx, trx);
  const events: EventRow[] = [];
  for (const part of chunks(ids)) events.push(...(await s.selectFrom('events').selectAll().where('id', 'in', part).execute()));
  const windows = await lockWindows(ctx, s, [...events.map((e) => e.calendar_id), ...formerCalendarIds]);
  for (const part of chunks(ids)) await s.deleteFrom('event_occurrences').where('event_id', 'in', part).execute();
  const byCalendar = groupBy(events, (e) => e.calendar_id);
  for (const [calendarId, list] of byCalendar) {
    const w = windows.get(calendarId);
    if (!w || isEmptyWindow(w)) continue;
    await insertIntervals(s, await expandIntervals(s, list, w.from_ms, w.to_ms));
  }
}

/** Forgets a calendar's index (its events are gone, or replaced wholesale); it is rebuilt on the next read. */
export async function dropCalendarIndex(ctx: PortalContext, trx: Executor, calendarIds: readonly string[]): Promise<void> {
  await eventsChanged(ctx, trx, { calendarIds });
  const s = scopeOf(ctx, trx);
  for (const part of chunks([...calendarIds])) {
    await s.deleteFrom('event_occurrences').where('calendar_id', 'in', part).execute();
    await s.deleteFrom('event_occurrence_windows').where('calendar_id', 'in', part).execute();
  }
}

/** Forgets the whole portal's index (before an import replaces every calendar). */
export async function dropPortalIndex(ctx: PortalContext, trx: Executor): Promise<void> {
  await eventsChanged(ctx, trx, { calendarIds: 'portal' });
  const s = scopeOf(ctx, trx);
  await s.deleteFrom('event_occurrences').execute();
  await s.deleteFrom('event_occurrence_windows').execute();
}

const covers = (w: EventOccurrenceWindowRow | undefined, fromMs: number, toMs: number) =>
  !!w && !isEmptyWindow(w) && Number(w.from_ms) <= fromMs && Number(w.to_ms) >= toMs;

/**
 * Makes sure the index of each calendar covers [fromMs, toMs), widening
 * windows (with a margin) where it does not. Cheap when it already does: one
 * read of the window rows. Each calendar is widened in a transaction of its
 * own, so a widener holds one window lock at a time and never waits in a
 * circle with a writer that holds several.
 */
export async function ensureWindows(ctx: PortalContext, calendarIds: readonly string[], fromMs: number, toMs: number): Promise<void> {
  const ids = [...new Set(calendarIds)];
  if (ids.length === 0) return;
  const s0 = scopeOf(ctx);
  const current = new Map<string, EventOccurrenceWindowRow>();
  for (const part of chunks(ids)) {
    for (const w of await s0.selectFrom('event_occurrence_windows').selectAll().where('calendar_id', 'in', part).execute()) current.set(w.calendar_id, w);
  }
  const wantFrom = floorDay(fromMs) - BEHIND_MS;
  const wantTo = ceilDay(toMs) + AHEAD_MS;
  for (const calendarId of ids.filter((id) => !covers(current.get(id), fromMs, toMs)).sort()) {
    await ctx.deps.db.transaction().execute(async (trx) => {
      const s = scopeOf(ctx, trx);
      // A row first (an empty window), so that there is a row to lock.
      await s
        .insertInto('event_occurrence_windows', { calendar_id: calendarId, from_ms: 0, to_ms: 0 })
        .onConflict((oc) => oc.columns(['portal_id', 'calendar_id']).doNothing())
        .execute();
      const w = (await lockWindows(ctx, s, [calendarId])).get(calendarId)!;
      if (covers(w, fromMs, toMs)) return; // widened meanwhile
      const parts: { from: number; to: number; keep: (a: number, b: number) => boolean }[] = [];
      let next: { from: number; to: number };
      if (isEmptyWindow(w)) {
        await s.deleteFrom('event_occurrences').where('calendar_id', '=', calendarId).execute();
        parts.push({ from: wantFrom, to: wantTo, keep: () => true });
        next = { from: wantFrom, to: wantTo };
      } else {
        const oldFrom = Number(w.from_ms);
        const oldTo = Number(w.to_ms);
        next = { from: Math.min(oldFrom, wantFrom), to: Math.max(oldTo, wantTo) };
        // Later: what overlaps [oldTo, newTo) and was not already in, i.e. starts at or after oldTo.
        if (next.to > oldTo) parts.push({ from: oldTo, to: next.to, keep: (a) => a >= oldTo });
        // Earlier: what overlaps [newFrom, oldFrom) and ends by oldFrom (the rest overlapped the old window).
        if (next.from < oldFrom) parts.push({ from: next.from, to: oldFrom, keep: (_a, b) => b <= oldFrom });
      }
      for (const p of parts) {
        const events = await listEventsInRange(s, [calendarId], isoUtc(p.from), isoUtc(p.to));
        await insertIntervals(s, await expandIntervals(s, events, p.from, p.to, p.keep));
      }
      await s.updateTable('event_occurrence_windows', { from_ms: next.from, to_ms: next.to }).where('calendar_id', '=', calendarId).execute();
    });
  }
}

/** Indexed occurrences overlapping [fromMs, toMs) of events in these calendars and of these events (call ensureWindows first). */
export async function readIntervals(
  ctx: PortalContext,
  query: { calendarIds: readonly string[]; eventIds: readonly string[] },
  fromMs: number,
  toMs: number,
): Promise<Interval[]> {
  const s = scopeOf(ctx);
  const out: Interval[] = [];
  // Occurrences of these calendars, then of these events (attended elsewhere) not already read with their calendar.
  const read = async (column: 'calendar_id' | 'event_id', ids: readonly string[]) => {
    const rows = [];
    for (const part of chunks(ids)) {
      rows.push(
        ...(await s
          .selectFrom('event_occurrences')
          .select(['calendar_id', 'event_id', 'start_ms', 'end_ms'])
          .where(column, 'in', part)
          .where('end_ms', '>', fromMs)
          .where('start_ms', '<', toMs)
          .execute()),
      );
    }
    return rows;
  };
  const seenCalendars = new Set(query.calendarIds);
  const rows = [
    ...(await read('calendar_id', query.calendarIds)),
    ...(await read('event_id', query.eventIds)).filter((r) => !seenCalendars.has(r.calendar_id)),
  ];
  for (const r of rows) out.push({ eventId: r.event_id, calendarId: r.calendar_id, startMs: Number(r.start_ms), endMs: Number(r.end_ms) });
  return out;
}
