import type { PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { searchKey } from '../../kernel/text.js';
import { getUsers } from '../accounts/index.js';
import { listPipelines } from '../crm/index.js';
import type { RuleSpec } from './validate.js';

/**
 * The records a rule may point at by id — pipelines, stages, users — read through
 * their modules. Used to check a rule on save, and to carry rules between
 * portals by name (export/import), where the ids differ.
 */
export interface Directory {
  pipelines: Map<string, { id: string; name: string }>;
  stages: Map<string, { id: string; name: string; pipelineId: string; pipelineName: string }>;
  users: Map<string, { id: string; name: string; email: string; status: string }>;
}

export async function loadDirectory(ctx: PortalContext): Promise<Directory> {
  const dir: Directory = { pipelines: new Map(), stages: new Map(), users: new Map() };
  let cursor: string | undefined;
  do {
    const page = await listPipelines(ctx, { limit: 200, cursor, sort: 'name' });
    for (const p of page.items) {
      dir.pipelines.set(p.id, { id: p.id, name: p.name });
      for (const s of p.stages) dir.stages.set(s.id, { id: s.id, name: s.name, pipelineId: p.id, pipelineName: p.name });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  for (const u of await getUsers(ctx)) dir.users.set(u.id, { id: u.id, name: u.name, email: u.email, status: u.status });
  return dir;
}

const invalidReference = (path: string, what: string) =>
  new AppError('INVALID_REFERENCE', `${path} does not name ${what} in this portal`, { fields: [{ path, message: `is not ${what} in this portal` }] });

const literal = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && !v.includes('{{');

/** Ids a rule names that must exist in the portal: the trigger's pipeline and stage, assignees, set stages and owners. */
export function assertReferences(rule: RuleSpec, dir: Directory): void {
  const t = rule.trigger;
  if (t.type === 'deal.stage_changed') {
    if (t.pipelineId && !dir.pipelines.has(t.pipelineId)) throw invalidReference('trigger.pipelineId', 'a pipeline');
    if (t.stageId) {
      const stage = dir.stages.get(t.stageId);
      if (!stage) throw invalidReference('trigger.stageId', 'a stage');
      if (t.pipelineId && stage.pipelineId !== t.pipelineId) throw invalidReference('trigger.stageId', 'a stage of the pipeline pipelineId');
    }
  }
  rule.actions.forEach((a, i) => {
    if (a.type === 'create_task' && literal(a.assigneeId) && !dir.users.has(a.assigneeId.trim())) throw invalidReference(`actions.${i}.assigneeId`, 'a user');
    if (a.type === 'update_field' && literal(a.value)) {
      const name = a.field.split('.').at(-1);
      if (name === 'stageId' && !dir.stages.has(a.value)) throw invalidReference(`actions.${i}.value`, 'a stage');
      if ((name === 'ownerId' || name === 'assigneeId') && !dir.users.has(a.value)) throw invalidReference(`actions.${i}.value`, 'a user');
    }
  });
}

/** Every string value inside a JSON-like value, for finding and replacing ids. */
function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  return value;
}

export interface References {
  pipelines: { id: string; name: string }[];
  stages: { id: string; name: string; pipelineName: string }[];
  users: { id: string; name: string; email: string }[];
}

/** The pipelines, stages and users a rule names, by name, so that another portal can find its own. */
export function referencesOf(rule: RuleSpec, dir: Directory): References {
  const refs: References = { pipelines: [], stages: [], users: [] };
  const seen = new Set<string>();
  mapStrings(rule, (s) => {
    if (seen.has(s)) return s;
    seen.add(s);
    const p = dir.pipelines.get(s);
    if (p) refs.pipelines.push({ id: p.id, name: p.name });
    const st = dir.stages.get(s);
    if (st) refs.stages.push({ id: st.id, name: st.name, pipelineName: st.pipelineName });
    const u = dir.users.get(s);
    if (u) refs.users.push({ id: u.id, name: u.name, email: u.email });
    return s;
  });
  return refs;
}

/**
 * Rewrites a rule from another portal: each referenced id becomes the id of the
 * pipeline, stage or user with the same name here (users by email, then name).
 * Ids that already exist here stay. What cannot be found is reported.
 */
export function resolveReferences<R extends RuleSpec>(rule: R, refs: References | undefined, dir: Directory): { rule: R; unresolved: string[] } {
  const map = new Map<string, string>();
  const unresolved: string[] = [];
  const key = (s: string) => searchKey(s);
  for (const p of refs?.pipelines ?? []) {
    if (dir.pipelines.has(p.id)) continue;
    const found = [...dir.pipelines.values()].find((q) => key(q.name) === key(p.name));
    if (found) map.set(p.id, found.id);
    else unresolved.push(`pipeline "${p.name}"`);
  }
  for (const s of refs?.stages ?? []) {
    if (dir.stages.has(s.id)) continue;
    const found = [...dir.stages.values()].find((q) => key(q.name) === key(s.name) && key(q.pipelineName) === key(s.pipelineName));
    if (found) map.set(s.id, found.id);
    else unresolved.push(`stage "${s.name}" of pipeline "${s.pipelineName}"`);
  }
  for (const u of refs?.users ?? []) {
    if (dir.users.has(u.id)) continue;
    const all = [...dir.users.values()];
    const found = all.find((q) => q.email.toLowerCase() === u.email.toLowerCase()) ?? all.find((q) => key(q.name) === key(u.name));
    if (found) map.set(u.id, found.id);
    else unresolved.push(`user "${u.name}" <${u.email}>`);
  }
  return { rule: mapStrings(rule, (s) => map.get(s) ?? s) as R, unresolved };
}
