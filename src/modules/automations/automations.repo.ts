import { sql } from 'kysely';
import type { PortalScope } from '../../db/scope.js';
import { keyset, toPage } from '../../kernel/pagination.js';
import type { AutomationEventRow, AutomationRuleRow, AutomationRunActionRow, AutomationRunRow, AutomationSettingsRow } from '../../db/tables/automations.js';

/** Queries on the automations tables, always through a portal scope. */

// --- Rules ------------------------------------------------------------------------------------
export const findRule = (s: PortalScope, id: string) => s.selectFrom('automation_rules').selectAll().where('id', '=', id).executeTakeFirst();

export async function listRules(s: PortalScope, opts: { limit: number; cursor?: string }) {
  const q = keyset(s.selectFrom('automation_rules').selectAll(), { column: 'name_key', direction: 'asc' }, 'id', opts.cursor, opts.limit);
  return toPage(await q.execute(), opts.limit, (r) => ({ v: r.name_key, id: r.id }));
}

export const allRules = (s: PortalScope) => s.selectFrom('automation_rules').selectAll().orderBy('name_key').orderBy('id').execute();

/** Enabled rules an event of this type (and entity) may trigger; `ruleId` narrows to the one rule a schedule event is for. */
export function enabledRulesFor(s: PortalScope, type: string, entity: string | null, ruleId: string | null): Promise<AutomationRuleRow[]> {
  let q = s.selectFrom('automation_rules').selectAll().where('trigger_type', '=', type).where('enabled', '=', 1);
  if (entity) q = q.where((eb) => eb.or([eb('trigger_entity', 'is', null), eb('trigger_entity', '=', entity)]));
  if (ruleId) q = q.where('id', '=', ruleId);
  return q.orderBy('created_at').orderBy('id').execute();
}

export async function anyEnabledRule(s: PortalScope, type: string, entity: string | null): Promise<boolean> {
  let q = s.selectFrom('automation_rules').select('id').where('trigger_type', '=', type).where('enabled', '=', 1);
  if (entity) q = q.where((eb) => eb.or([eb('trigger_entity', 'is', null), eb('trigger_entity', '=', entity)]));
  return !!(await q.limit(1).executeTakeFirst());
}

// --- Events -----------------------------------------------------------------------------------
export async function nextSeq(s: PortalScope, subject: string): Promise<number> {
  const row = await s
    .selectFrom('automation_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('subject', '=', subject)
    .executeTakeFirst();
  return Number(row?.seq ?? 0) + 1;
}

export const findEvent = (s: PortalScope, id: string) => s.selectFrom('automation_events').selectAll().where('id', '=', id).executeTakeFirst();

/** The subject's unprocessed events up to and including `upTo`, oldest first. */
export function pendingEventsUpTo(s: PortalScope, ev: AutomationEventRow): Promise<AutomationEventRow[]> {
  return s
    .selectFrom('automation_events')
    .selectAll()
    .where('subject', '=', ev.subject)
    .where('processed_at', 'is', null)
    .where((eb) => eb.or([eb('seq', '<', ev.seq), eb.and([eb('seq', '=', ev.seq), eb('created_at', '<=', ev.created_at)])]))
    .orderBy('seq')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Takes the event for `worker` unless another worker holds an unexpired lease on it, or it is done. */
export async function claimEvent(s: PortalScope, id: string, worker: string, nowIso: string, untilIso: string): Promise<boolean> {
  const res = await s
    .updateTable('automation_events', { locked_by: worker, locked_until: untilIso })
    .set({ attempts: sql<number>`attempts + 1` })
    .where('id', '=', id)
    .where('processed_at', 'is', null)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', nowIso), eb('locked_by', '=', worker)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export const finishEvent = (s: PortalScope, id: string, atIso: string) =>
  s.updateTable('automation_events', { processed_at: atIso, locked_by: null, locked_until: null }).where('id', '=', id).execute();

export const releaseEvent = (s: PortalScope, id: string, worker: string, error: string) =>
  s
    .updateTable('automation_events', { locked_by: null, locked_until: null, last_error: error.slice(0, 1000) })
    .where('id', '=', id)
    .where('locked_by', '=', worker)
    .execute();

// --- Runs -------------------------------------------------------------------------------------
export const findRun = (s: PortalScope, ruleId: string, eventId: string) =>
  s.selectFrom('automation_runs').selectAll().where('rule_id', '=', ruleId).where('event_id', '=', eventId).executeTakeFirst();

export async function listRuns(s: PortalScope, ruleId: string, opts: { limit: number; cursor?: string }) {
  const q = keyset(
    s.selectFrom('automation_runs').selectAll().where('rule_id', '=', ruleId),
    { column: 'started_at', direction: 'desc' },
    'id',
    opts.cursor,
    opts.limit,
  );
  return toPage(await q.execute(), opts.limit, (r) => ({ v: r.started_at, id: r.id }));
}

export async function actionsOfRuns(s: PortalScope, runIds: string[]): Promise<Map<string, AutomationRunActionRow[]>> {
  const byRun = new Map<string, AutomationRunActionRow[]>();
  if (runIds.length === 0) return byRun;
  const rows = await s.selectFrom('automation_run_actions').selectAll().where('run_id', 'in', runIds).orderBy('position').execute();
  for (const r of rows) byRun.set(r.run_id, [...(byRun.get(r.run_id) ?? []), r]);
  return byRun;
}

export const setRun = (s: PortalScope, id: string, values: Partial<Pick<AutomationRunRow, 'state' | 'reason' | 'finished_at'>>) =>
  s.updateTable('automation_runs', values).where('id', '=', id).execute();

export const findRunAction = (s: PortalScope, id: string) => s.selectFrom('automation_run_actions').selectAll().where('id', '=', id).executeTakeFirst();

export const setRunAction = (s: PortalScope, id: string, values: Partial<Omit<AutomationRunActionRow, 'id' | 'portal_id' | 'run_id' | 'position' | 'type'>>) =>
  s.updateTable('automation_run_actions', values).where('id', '=', id).execute();

// --- Settings ---------------------------------------------------------------------------------
export const findSettings = (s: PortalScope): Promise<AutomationSettingsRow | undefined> => s.selectFrom('automation_settings').selectAll().executeTakeFirst();

/** Moves the overdue scan from `expected` to `next` unless another job already moved it. */
export async function moveOverdueScan(s: PortalScope, expected: string | null, next: string | null, atIso: string): Promise<boolean> {
  const res = await s
    .updateTable('automation_settings', { overdue_next_scan_at: next, updated_at: atIso })
    .where((eb) => (expected === null ? eb('overdue_next_scan_at', 'is', null) : eb('overdue_next_scan_at', '=', expected)))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
