import type { Executor } from '../../db/scope.js';
import type { PortalContext } from '../../kernel/context.js';

/**
 * What changed: these events (written, moved or deleted; `formerCalendarIds` are the calendars
 * they were in before, for moves and deletions), or whole calendars at once (deleted, or
 * replaced by a portal import: `calendarIds`, or every calendar of the portal: 'portal').
 */
export type EventsChange = { eventIds: readonly string[]; formerCalendarIds: readonly string[] } | { calendarIds: readonly string[] | 'portal' };

/**
 * What other modules may react to when events change (their times, rules, exceptions,
 * reminders, calendar, deletion, an import): the reminders module re-arms its scan, the
 * caldav module writes its change log (sync tokens).
 * Called inside the transaction of the change; wired in src/server/compose.ts.
 */
export type EventsChangedReaction = (ctx: PortalContext, trx: Executor, change: EventsChange) => Promise<void>;

const reactions: EventsChangedReaction[] = [];

/** Adds a reaction (idempotent: the same function is added once). */
export function onEventsChanged(reaction: EventsChangedReaction): void {
  if (!reactions.includes(reaction)) reactions.push(reaction);
}

export async function eventsChanged(ctx: PortalContext, trx: Executor, change: EventsChange): Promise<void> {
  for (const reaction of reactions) await reaction(ctx, trx, change);
}
