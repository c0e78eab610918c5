import type { Executor } from '../db/scope.js';
import type { PortalContext } from './context.js';

/**
 * Record events: what happened to a record, told by the module that changed it to
 * whoever reacts (today: automations, AUT-1). A service calls `emitRecordEvent`
 * inside the transaction of the change, so a reaction that writes (an automation
 * event row) exists if and only if the change commits. Reactions are wired in one
 * place, src/server/compose.ts, so the module that emits never imports the modules
 * that react.
 */
export type RecordEventType = 'record.created' | 'record.updated' | 'deal.stage_changed' | 'task.overdue' | 'booking.created';
export type RecordEntity = 'company' | 'contact' | 'lead' | 'deal' | 'task' | 'booking';

export interface RecordEvent {
  type: RecordEventType;
  entity: RecordEntity;
  recordId: string;
  /** For updates: the fields that changed, old and new values. */
  changes?: Record<string, { from: unknown; to: unknown }>;
  /**
   * Extra context, e.g. { pipelineId, fromStageId, toStageId } for deal.stage_changed. For
   * booking.created it is the booking itself (name, email, startAt, endAt, eventTypeName…):
   * automations cannot read bookings otherwise, and show it as `booking.<field>`.
   */
  data?: Record<string, unknown>;
}

export type RecordEventSink = (ctx: PortalContext, executor: Executor, event: RecordEvent) => Promise<void>;

const sinks: RecordEventSink[] = [];

/** Adds a reaction to every record event (idempotent: the same function is added once). */
export function onRecordEvent(sink: RecordEventSink): void {
  if (!sinks.includes(sink)) sinks.push(sink);
}

/** Tells every reaction, in the caller's transaction. An update that changed nothing is no event. */
export async function emitRecordEvent(ctx: PortalContext, executor: Executor, event: RecordEvent): Promise<void> {
  if (event.type === 'record.updated' && event.changes && Object.keys(event.changes).length === 0) return;
  for (const sink of sinks) await sink(ctx, executor, event);
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/** The API fields that differ between two versions of a record (`updatedAt` and derived names aside). */
export function recordChanges<T extends object>(
  before: T,
  after: T,
  ignore: readonly string[] = ['updatedAt'],
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (ignore.includes(key)) continue;
    const from = (before as Record<string, unknown>)[key];
    const to = (after as Record<string, unknown>)[key];
    if (!same(from, to)) changes[key] = { from: from ?? null, to: to ?? null };
  }
  return changes;
}
