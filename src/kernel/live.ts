import type { Executor } from '../db/scope.js';
import type { PortalContext } from './context.js';

/**
 * Live updates (PLT-11): the port through which a module says that something
 * changed, so that people looking at it see it without reloading. A service calls
 * `publishLive` inside the transaction of the change; the stream module installs
 * the one implementation in src/server/compose.ts and delivers the message only
 * once the transaction has committed, and only to users allowed to see it (the
 * `change` carries what that check needs). Modules that publish never import it.
 */
export type LiveAction = 'created' | 'updated' | 'deleted';

export interface LiveChange {
  entity: 'contact' | 'company' | 'lead' | 'deal' | 'task' | 'project' | 'event' | 'calendar' | 'booking' | 'pipeline';
  id: string;
  action: LiveAction;
  /** For events: the calendar, so only users who see that calendar are told. */
  calendarId?: string;
}

export interface LiveNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  url: string;
  createdAt: string;
  readAt: string | null;
}

export type LiveMessage = { type: 'change'; change: LiveChange } | { type: 'notification'; userId: string; notification: LiveNotification };

export type LiveSink = (ctx: PortalContext, executor: Executor, message: LiveMessage) => Promise<void>;

let sink: LiveSink | null = null;

/** Installs the implementation (src/server/compose.ts). */
export function setLiveSink(next: LiveSink): void {
  sink = next;
}

/** Publishes, in the caller's transaction. Without an installed sink nothing is published. */
export async function publishLive(ctx: PortalContext, executor: Executor, message: LiveMessage): Promise<void> {
  if (sink) await sink(ctx, executor, message);
}
