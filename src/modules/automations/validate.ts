import { z } from 'zod';
import { conditionProblem } from './conditions.js';
import { FIELDS, GLOBAL_TEMPLATE_FIELDS, isRecordEntity, resolveField, type Entity } from './fields.js';
import type { Action, ConditionIn, Trigger } from './automations.schema.js';
import { literalHostProblem } from '../../kernel/ssrf.js';
import { placeholders } from './templates.js';
import { scheduleProblem, triggerEntity } from './triggers.js';

/**
 * Whether a rule makes sense as a whole (pure), beyond what its JSON schema says:
 * fields that exist on the trigger's record, operators that fit them, templates
 * that name real fields, actions that need a record only on triggers with one,
 * a schedule cron-parser understands, a webhook URL we may call. Every problem
 * names the bad part by its path, e.g. "conditions.0.field".
 */

export interface RuleSpec {
  trigger: Trigger;
  conditions: ConditionIn[];
  actions: Action[];
}

export interface Problem {
  path: string;
  message: string;
}

const emailSchema = z.email();

function templateProblems(text: string | null | undefined, entity: Entity | null, path: string): Problem[] {
  if (!text) return [];
  const out: Problem[] = [];
  for (const p of placeholders(text)) {
    if (!p.wellFormed) out.push({ path, message: `{{${p.path}}} is not a placeholder; use a field such as {{${entity ?? 'rule'}.${entity ? 'id' : 'name'}}}` });
    else if ((GLOBAL_TEMPLATE_FIELDS as readonly string[]).includes(p.path)) continue;
    else if (p.path === `${entity}.id`) continue;
    else if (p.path.startsWith('changes.')) {
      const [, name, side, ...rest] = p.path.split('.');
      const r = resolveField(entity, `${entity}.${name}`);
      if (!r.ok) out.push({ path, message: `{{${p.path}}}: ${r.message}` });
      else if ((side !== 'from' && side !== 'to') || rest.length)
        out.push({ path, message: `{{${p.path}}}: use {{changes.${name}.from}} or {{changes.${name}.to}}` });
    } else {
      const r = resolveField(entity, p.path);
      if (!r.ok) out.push({ path, message: `{{${p.path}}}: ${r.message}` });
    }
  }
  return out;
}

function webhookProblem(raw: string, allowLoopback: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL such as https://erp.example.com/hooks/deals';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must start with https:// or http://';
  if (url.username || url.password) return 'must not contain a user name or password; check the signature header instead';
  return literalHostProblem(url, allowLoopback);
}

/** `update_field` and conditions name fields as "deal.amount"; a bare "amount" means the trigger's record. */
export function qualify(entity: Entity | null, field: string): string {
  return entity && !field.includes('.') ? `${entity}.${field}` : field;
}

export function normalizeRule<R extends RuleSpec>(rule: R): R {
  const entity = triggerEntity(rule.trigger);
  const t = rule.trigger;
  // "Only when these fields change" is about the API fields the change lists: a convenience field stands for its sources.
  const sources = (name: string) => (t.type === 'record.updated' ? (FIELDS[t.entity].find((d) => d.name === name)?.from ?? [name]) : [name]);
  const trigger: Trigger =
    t.type === 'record.updated' && t.fields
      ? { ...t, fields: [...new Set(t.fields.flatMap((f) => sources(f.startsWith(`${t.entity}.`) ? f.slice(t.entity.length + 1) : f)))] }
      : t;
  return {
    ...rule,
    trigger,
    conditions: rule.conditions.map((c) => ({ ...c, field: qualify(entity, c.field) })),
    actions: rule.actions.map((a) => (a.type === 'update_field' ? { ...a, field: qualify(entity, a.field) } : a)),
  };
}

export function ruleProblems(rule: RuleSpec, opts: { allowLoopback: boolean }): Problem[] {
  const problems: Problem[] = [];
  const t = rule.trigger;
  const entity = triggerEntity(t);
  if (t.type === 'schedule') {
    const p = scheduleProblem(t.cron, t.timeZone);
    if (p) problems.push({ path: `trigger.${p.path}`, message: p.message });
  }
  if (t.type === 'record.updated') {
    t.fields?.forEach((f, i) => {
      const r = resolveField(t.entity, qualify(t.entity, f));
      if (!r.ok) problems.push({ path: `trigger.fields.${i}`, message: r.message });
    });
  }
  rule.conditions.forEach((c, i) => {
    const r = resolveField(entity, qualify(entity, c.field));
    if (!r.ok) return problems.push({ path: `conditions.${i}.field`, message: r.message });
    const p = conditionProblem(c, r.field);
    if (p) problems.push({ path: `conditions.${i}.${p.path}`, message: p.message });
  });
  const needsRecord = (i: number, what: string) => {
    if (isRecordEntity(entity)) return true;
    problems.push({ path: `actions.${i}.type`, message: `${what} needs a trigger about a company, contact, lead, deal or task` });
    return false;
  };
  rule.actions.forEach((a, i) => {
    const at = (field: string) => `actions.${i}.${field}`;
    switch (a.type) {
      case 'create_task':
        problems.push(
          ...templateProblems(a.title, entity, at('title')),
          ...templateProblems(a.description, entity, at('description')),
          ...templateProblems(a.assigneeId, entity, at('assigneeId')),
        );
        break;
      case 'update_field': {
        if (!needsRecord(i, 'update_field')) break;
        const r = resolveField(entity, qualify(entity, a.field));
        if (!r.ok) problems.push({ path: at('field'), message: r.message });
        else if (!r.field.updatable) problems.push({ path: at('field'), message: `the ${r.field.label} of a ${entity} cannot be set by an automation` });
        else if (
          (r.field.kind === 'number' || r.field.kind === 'money') &&
          typeof a.value === 'string' &&
          !/\{\{/.test(a.value) &&
          Number.isNaN(Number(a.value))
        ) {
          problems.push({ path: at('value'), message: 'must be a number' });
        } else if (typeof a.value === 'string') problems.push(...templateProblems(a.value, entity, at('value')));
        break;
      }
      case 'add_note':
        if (needsRecord(i, 'add_note')) problems.push(...templateProblems(a.body, entity, at('body')));
        break;
      case 'send_email':
        problems.push(
          ...templateProblems(a.to, entity, at('to')),
          ...templateProblems(a.subject, entity, at('subject')),
          ...templateProblems(a.body, entity, at('body')),
        );
        if (!a.to.includes('{{') && a.to.split(',').some((to) => !emailSchema.safeParse(to.trim()).success)) {
          problems.push({ path: at('to'), message: 'must be an email address (or a template such as {{contact.email}})' });
        }
        break;
      case 'webhook': {
        const p = webhookProblem(a.url, opts.allowLoopback);
        if (p) problems.push({ path: at('url'), message: p });
        break;
      }
    }
  });
  return problems;
}
