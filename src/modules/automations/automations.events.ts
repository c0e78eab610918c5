import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/scope.js';
import { nowIso, scopeOf, type PortalContext } from '../../server/context.js';
import * as repo from './automations.repo.js';

/**
 * Domain events that automations react to. Services call `emitRecordEvent`
 * inside the transaction of the change that caused the event, so the event
 * exists if and only if the change commits (AUT-1).
 */
export type AutomationEventType = 'record.created' | 'record.updated' | 'deal.stage_changed' | 'task.overdue' | 'booking.created';
export type AutomationEntity = 'company' | 'contact' | 'lead' | 'deal' | 'task' | 'booking';

export interface RecordEvent {
  type: AutomationEventType;
  entity: AutomationEntity;
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

/** The job that runs the rules an event triggers (automations.jobs.ts). */
export const EVENT_JOB = 'automations.event';

/** While an automation's action runs: the event it handles, so that what the action changes is one step deeper. */
export interface Cause {
  depth: number;
  eventId: string;
  ruleId: string;
}
const causes = new AsyncLocalStorage<Cause>();

/** Runs `fn` as an automation's action: events it causes carry `cause.depth` (see MAX_CHAIN_DEPTH). */
export const runAsAutomation = <T>(cause: Cause, fn: () => Promise<T>): Promise<T> => causes.run(cause, fn);

/**
 * Records an event in the caller's transaction and queues its processing. Nothing
 * is written when no enabled rule of the portal listens for this type (and entity),
 * nor for an update that changed nothing.
 */
export async function emitRecordEvent(ctx: PortalContext, executor: Executor, event: RecordEvent): Promise<void> {
  if (event.type === 'record.updated' && event.changes && Object.keys(event.changes).length === 0) return;
  await recordEvent(ctx, executor, { ...event, ruleId: null });
}

export interface NewEvent {
  type: string;
  entity: string | null;
  recordId: string | null;
  changes?: Record<string, { from: unknown; to: unknown }>;
  data?: Record<string, unknown>;
  /** Only this rule (a schedule's tick). */
  ruleId: string | null;
}

export async function recordEvent(ctx: PortalContext, executor: Executor, e: NewEvent): Promise<string | null> {
  const s = scopeOf(ctx, executor);
  if (!(await repo.anyEnabledRule(s, e.type, e.entity))) return null;
  const subject = e.recordId ? `${e.entity}:${e.recordId}` : `rule:${e.ruleId}`;
  const id = randomUUID();
  await s
    .insertInto('automation_events', {
      id,
      type: e.type,
      entity: e.entity,
      record_id: e.recordId,
      subject,
      seq: await repo.nextSeq(s, subject),
      changes: e.changes ? JSON.stringify(e.changes) : null,
      data: e.data ? JSON.stringify(e.data) : null,
      depth: (causes.getStore()?.depth ?? 0),
      rule_id: e.ruleId,
      processed_at: null,
      attempts: 0,
      last_error: null,
      locked_by: null,
      locked_until: null,
      created_at: nowIso(ctx),
    })
    .execute();
  await ctx.deps.jobs.enqueue(executor, EVENT_JOB, { eventId: id }, { portalId: ctx.portalId });
  return id;
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/** The API fields that differ between two versions of a record (`updatedAt` and derived names aside). */
export function recordChanges<T extends object>(before: T, after: T, ignore: readonly string[] = ['updatedAt']): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (ignore.includes(key)) continue;
    const from = (before as Record<string, unknown>)[key];
    const to = (after as Record<string, unknown>)[key];
    if (!same(from, to)) changes[key] = { from: from ?? null, to: to ?? null };
  }
  return changes;
}
