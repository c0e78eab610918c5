import type { Executor } from '../../db/scope.js';
import type { PortalContext } from '../../kernel/context.js';
import type { RecordEvent } from '../../kernel/events.js';
import { armReminderScan } from './reminders.scan.js';

/** Wired in src/server/compose.ts: a task created or changed may have a new deadline or assignee. */
export async function armOnTaskChange(ctx: PortalContext, executor: Executor, event: RecordEvent): Promise<void> {
  if (event.entity === 'task' && (event.type === 'record.created' || event.type === 'record.updated')) await armReminderScan(ctx, executor);
}

/** Wired in src/server/compose.ts: events changed (times, reminders, attendees, exceptions, deletion). */
export const armOnEventsChange = (ctx: PortalContext, trx: Executor): Promise<void> => armReminderScan(ctx, trx);
