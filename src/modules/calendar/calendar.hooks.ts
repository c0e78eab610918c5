import type { Executor } from '../../db/scope.js';
import type { PortalContext } from '../../kernel/context.js';

/**
 * What other modules may react to when events change (their times, rules, exceptions,
 * reminders, calendar, deletion, an import): today the reminders module re-arms its scan.
 * Called inside the transaction of the change; wired in src/server/compose.ts.
 */
export type EventsChangedReaction = (ctx: PortalContext, trx: Executor) => Promise<void>;

const reactions: EventsChangedReaction[] = [];

/** Adds a reaction (idempotent: the same function is added once). */
export function onEventsChanged(reaction: EventsChangedReaction): void {
  if (!reactions.includes(reaction)) reactions.push(reaction);
}

export async function eventsChanged(ctx: PortalContext, trx: Executor): Promise<void> {
  for (const reaction of reactions) await reaction(ctx, trx);
}
