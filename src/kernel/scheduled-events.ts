import type { Executor } from '../db/scope.js';
import type { PortalContext } from './context.js';

/**
 * Events that scheduling writes (bookings, auto-scheduled blocks) as they are
 * created, moved and deleted: the port through which a user's connected
 * calendar receives a copy (issue 18 item 3, write-back). The calendar module
 * calls `scheduledEventsChanged` inside the transaction of those writes
 * (calendar.writes.ts); the connections module reacts by queueing a job (wired
 * in src/server/compose.ts), so a booking never waits for another server.
 */
export interface ScheduledEventChange {
  eventId: string;
  /** The iCalendar UID the copy is written under (stable for the event). */
  icalUid: string;
  /** The owner of the calendar the event is in; null for a shared calendar. */
  ownerUserId: string | null;
  /** Created or moved: write the current state; deleted: remove the copy. */
  action: 'upsert' | 'delete';
}

export type ScheduledEventsSink = (ctx: PortalContext, executor: Executor, changes: readonly ScheduledEventChange[]) => Promise<void>;

const sinks: ScheduledEventsSink[] = [];

/** Adds a reaction (idempotent: the same function is added once). */
export function onScheduledEventsChanged(sink: ScheduledEventsSink): void {
  if (!sinks.includes(sink)) sinks.push(sink);
}

/** Tells every reaction, in the caller's transaction. */
export async function scheduledEventsChanged(ctx: PortalContext, executor: Executor, changes: readonly ScheduledEventChange[]): Promise<void> {
  if (changes.length === 0) return;
  for (const sink of sinks) await sink(ctx, executor, changes);
}
