import { AsyncLocalStorage } from 'node:async_hooks';
import type { Executor } from '../../db/scope.js';
import { nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import type { RecordEvent } from '../../kernel/events.js';
import * as repo from './automations.repo.js';
import { newId } from '../../kernel/ids.js';

export type { RecordEvent, RecordEventType as AutomationEventType, RecordEntity as AutomationEntity } from '../../kernel/events.js';

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
 * The automations module's reaction to a record event (wired in src/server/compose.ts):
 * records it in the caller's transaction and queues its processing. Nothing is
 * written when no enabled rule of the portal listens for this type (and entity).
 */
export async function handleRecordEvent(ctx: PortalContext, executor: Executor, event: RecordEvent): Promise<void> {
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
  const id = newId();
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
      depth: causes.getStore()?.depth ?? 0,
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
