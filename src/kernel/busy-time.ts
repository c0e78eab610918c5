import type { Executor } from '../db/scope.js';
import type { PortalContext } from './context.js';

/**
 * Busy time (SCH-4): the port through which whatever changes a user's calendar
 * says so, so that work planned around that calendar (auto-scheduled blocks) can
 * be re-placed. The calendar module calls `busyTimeChanged` inside the transaction
 * of an event write (created, moved, resized, cancelled, deleted, an occurrence
 * changed, an import); a future calendar-connection sync calls it the same way
 * for the users whose connected calendars changed. Scheduling reacts (wired in
 * src/server/compose.ts), so the calendar never imports it.
 */
export interface BusyTimeChange {
  /** The users whose busy time may have changed (owners of the calendars, user attendees). */
  userIds: readonly string[];
  /** The events written by hand (not by scheduling itself), when known. */
  eventIds?: readonly string[];
}

export type BusyTimeSink = (ctx: PortalContext, executor: Executor, change: BusyTimeChange) => Promise<void>;

const sinks: BusyTimeSink[] = [];

/** Adds a reaction (idempotent: the same function is added once). */
export function onBusyTimeChanged(sink: BusyTimeSink): void {
  if (!sinks.includes(sink)) sinks.push(sink);
}

/** Tells every reaction, in the caller's transaction. */
export async function busyTimeChanged(ctx: PortalContext, executor: Executor, change: BusyTimeChange): Promise<void> {
  if (change.userIds.length === 0 && !change.eventIds?.length) return;
  for (const sink of sinks) await sink(ctx, executor, change);
}
