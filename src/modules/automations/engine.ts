import type { JobHandler } from '../../kernel/jobs/runner.js';
import { nowIso, scopeOf, systemContext, type PortalContext } from '../../kernel/context.js';
import { runAction } from './actions.js';
import * as repo from './automations.repo.js';
import type { AutomationEventRow, AutomationRunActionRow } from '../../db/tables/automations.js';
import { runAsAutomation } from './automations.events.js';
import { explainFailure, holds } from './conditions.js';
import { isRecordEntity, resolveField, type Entity } from './fields.js';
import { loadRecord, type RecordView } from './records.js';
import { automationsAllowed, parseRule, type Rule } from './rules.service.js';
import { triggerEntity, triggerMatches } from './triggers.js';
import { newId } from '../../kernel/ids.js';

/**
 * Runs the rules an event triggers (AUT-1), from its job:
 * - in order per record: a job first handles the record's earlier unprocessed
 *   events, each claimed with a lease so that two processes never handle one at once;
 * - once per event and rule: a run row is unique per (rule, event), and an action
 *   finished on an earlier attempt is not repeated when a retried job resumes a run;
 * - chains of rules triggering rules stop at MAX_CHAIN_DEPTH, logged on the run.
 */

export const MAX_CHAIN_DEPTH = 5;
/** An event whose handling failed this often (an unexpected error, not an action's) is given up: it must not block its record for ever. */
export const MAX_EVENT_ATTEMPTS = 10;
const LEASE_MS = 5 * 60_000;

const parse = <T>(json: string | null): T | null => (json ? (JSON.parse(json) as T) : null);

export const eventJob: JobHandler<{ eventId: string }> = async (deps, job) => {
  if (!job.portalId) return;
  const ctx = systemContext(deps, job.portalId);
  const s = scopeOf(ctx);
  const event = await repo.findEvent(s, job.payload.eventId);
  if (!event || event.processed_at) return; // handled already (a retried job, or an earlier event's job)
  for (const ev of await repo.pendingEventsUpTo(s, event)) {
    if (ev.attempts >= MAX_EVENT_ATTEMPTS) {
      await giveUp(ctx, ev);
      continue;
    }
    const now = deps.clock.now(ctx.portalId);
    const claimed = await repo.claimEvent(s, ev.id, job.id, now.toISOString(), new Date(now.getTime() + LEASE_MS).toISOString());
    if (!claimed) {
      const fresh = await repo.findEvent(s, ev.id);
      if (!fresh || fresh.processed_at) continue;
      // Another process holds an earlier event of this record: wait for it (the runner retries with backoff).
      throw new Error(`waiting for event ${ev.id} of ${ev.subject}, which another process is handling`);
    }
    try {
      await processEvent(ctx, ev);
      await repo.finishEvent(s, ev.id, nowIso(ctx));
    } catch (err) {
      await repo.releaseEvent(s, ev.id, job.id, err instanceof Error ? err.message : String(err));
      throw err;
    }
  }
};

async function giveUp(ctx: PortalContext, ev: AutomationEventRow): Promise<void> {
  const s = scopeOf(ctx);
  const reason = `Gave up after ${ev.attempts} attempts: ${ev.last_error ?? 'unknown error'}`;
  ctx.deps.log.error({ portalId: ctx.portalId, eventId: ev.id, subject: ev.subject, error: ev.last_error }, 'automation event given up');
  await s
    .updateTable('automation_runs', { state: 'failed', reason, finished_at: nowIso(ctx) })
    .where('event_id', '=', ev.id)
    .where('state', '=', 'running')
    .execute();
  await repo.finishEvent(s, ev.id, nowIso(ctx));
}

export async function processEvent(ctx: PortalContext, ev: AutomationEventRow): Promise<void> {
  const s = scopeOf(ctx);
  const facts = {
    type: ev.type,
    entity: ev.entity,
    changes: parse<Record<string, { from: unknown; to: unknown }>>(ev.changes),
    data: parse<Record<string, unknown>>(ev.data),
  };
  const rules = (await repo.enabledRulesFor(s, ev.type, ev.entity, ev.rule_id)).map(parseRule).filter((r) => triggerMatches(r.trigger, facts));
  // After a downgrade rules keep their settings but do not run: no run is logged for them.
  if (rules.length === 0 || !(await automationsAllowed(ctx))) return;
  const record = ev.entity && ev.record_id ? await loadRecord(ctx, ev.entity as Entity, ev.record_id, facts.data) : null;
  for (const rule of rules) await runRule(ctx, rule, ev, record);
}

function eventSnapshot(ev: AutomationEventRow, record: RecordView | null) {
  return {
    id: ev.id,
    type: ev.type,
    entity: ev.entity,
    recordId: ev.record_id,
    recordLabel: record?.label ?? null,
    changes: parse<Record<string, { from: unknown; to: unknown }>>(ev.changes),
    data: parse<Record<string, unknown>>(ev.data),
    depth: ev.depth,
    occurredAt: ev.created_at,
  };
}

/** The first condition that does not hold, explained; null when all hold. */
export function failedCondition(rule: Rule, record: RecordView | null): string | null {
  const entity = triggerEntity(rule.trigger);
  for (const cond of rule.conditions) {
    const r = resolveField(entity, cond.field);
    if (!r.ok) return `${cond.field}: ${r.message}`;
    const actual = record?.view[r.field.name];
    if (!holds(actual, cond, r.field.kind)) return explainFailure(cond, r.field, actual ?? null, record?.currency);
  }
  return null;
}

async function runRule(ctx: PortalContext, rule: Rule, ev: AutomationEventRow, record: RecordView | null): Promise<void> {
  const s = scopeOf(ctx);
  const at = nowIso(ctx);
  await s
    .insertInto('automation_runs', {
      id: newId(),
      rule_id: rule.id,
      event_id: ev.id,
      state: 'running',
      reason: null,
      event: JSON.stringify(eventSnapshot(ev, record)),
      started_at: at,
      finished_at: null,
    })
    .onConflict((oc) => oc.columns(['portal_id', 'rule_id', 'event_id']).doNothing())
    .execute();
  const run = (await repo.findRun(s, rule.id, ev.id))!;
  if (run.state !== 'running') return; // finished on an earlier attempt: nothing runs twice
  const skip = async (reason: string) => {
    await repo.setRun(s, run.id, { state: 'skipped', reason, finished_at: nowIso(ctx) });
  };

  if (ev.depth >= MAX_CHAIN_DEPTH) {
    const reason = `Stopped: this event was caused by a chain of ${ev.depth} automations triggering each other (the limit is ${MAX_CHAIN_DEPTH}).`;
    ctx.deps.log.warn({ portalId: ctx.portalId, ruleId: rule.id, eventId: ev.id, depth: ev.depth }, 'automation chain stopped at the depth limit');
    return skip(reason);
  }
  const entity = triggerEntity(rule.trigger);
  if (entity && !record) return skip(`The ${entity} no longer exists.`);
  const failed = failedCondition(rule, record);
  if (failed) return skip(`Conditions not met: ${failed}.`);

  const done = new Map<number, AutomationRunActionRow>();
  for (const row of (await repo.actionsOfRuns(s, [run.id])).get(run.id) ?? []) done.set(row.position, row);
  for (const [position, action] of rule.actions.entries()) {
    const earlier = done.get(position);
    if (earlier && earlier.status !== 'running') continue;
    const rowId = earlier?.id ?? newId();
    if (!earlier) {
      await s
        .insertInto('automation_run_actions', {
          id: rowId,
          run_id: run.id,
          position,
          type: action.type,
          status: 'running',
          detail: null,
          attempts: 0,
          request: null,
          created_at: nowIso(ctx),
          updated_at: nowIso(ctx),
        })
        .execute();
    }
    const outcome = await runAsAutomation({ depth: ev.depth + 1, eventId: ev.id, ruleId: rule.id }, () =>
      runAction({ ctx, rule, event: ev, record: isRecordEntity(entity) || entity === 'booking' ? record : null, runActionId: rowId }, action),
    );
    // A queued webhook has recorded itself (its delivery job may already be updating the row).
    if (!outcome.recorded) await repo.setRunAction(s, rowId, { status: outcome.status, detail: outcome.detail, updated_at: nowIso(ctx) });
  }
  await repo.setRun(s, run.id, { state: 'done', finished_at: nowIso(ctx) });
}
