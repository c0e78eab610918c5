import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { notFound } from '../../kernel/errors.js';
import * as repo from './automations.repo.js';
import type { RunOut } from './automations.schema.js';
import type { AutomationRunActionRow, AutomationRunRow } from '../../db/tables/automations.js';

/**
 * The run log of a rule, newest first. A run's status is read from its actions,
 * so that webhook deliveries finishing later (in their own jobs) need no
 * read-modify-write of the run: skipped; failed when an action failed; running
 * while one is still pending; else succeeded.
 */
export function runStatus(run: Pick<AutomationRunRow, 'state'>, actions: Pick<AutomationRunActionRow, 'status'>[]): RunOut['status'] {
  if (run.state === 'skipped') return 'skipped';
  if (run.state === 'failed' || actions.some((a) => a.status === 'failed')) return 'failed';
  if (run.state === 'running' || actions.some((a) => a.status === 'pending' || a.status === 'running')) return 'running';
  return 'succeeded';
}

export function toRunOut(run: AutomationRunRow, actions: AutomationRunActionRow[]): RunOut {
  const status = runStatus(run, actions);
  const last =
    [run.finished_at, ...actions.map((a) => a.updated_at)]
      .filter((t): t is string => !!t)
      .sort()
      .at(-1) ?? null;
  return {
    id: run.id,
    status,
    reason: run.reason,
    startedAt: run.started_at,
    finishedAt: status === 'running' ? null : last,
    event: JSON.parse(run.event) as RunOut['event'],
    actions: actions.map((a) => ({ type: a.type as RunOut['actions'][number]['type'], status: a.status, detail: a.detail, attempts: a.attempts })),
  };
}

export async function listRuns(ctx: PortalContext, ruleId: string, query: { limit: number; cursor?: string }) {
  const s = scopeOf(ctx);
  if (!(await repo.findRule(s, ruleId))) throw notFound('Automation');
  const { page, nextCursor } = await repo.listRuns(s, ruleId, query);
  const actions = await repo.actionsOfRuns(
    s,
    page.map((r) => r.id),
  );
  return { items: page.map((r) => toRunOut(r, actions.get(r.id) ?? [])), nextCursor };
}
