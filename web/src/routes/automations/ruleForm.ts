import type { Action, ActionType, Condition, EntityFields, FieldDef, Op, RecordEntity, Rule, RuleSpec, Scalar, Trigger, TriggerType } from './types';
import { triggerEntity } from './describe';

/**
 * The builder's form state and its conversion to and from the API's rule. The
 * shape mirrors the API (trigger.*, conditions.N.*, actions.N.*) so that the
 * server's field errors land beside the right input. Amounts are typed in
 * currency units ("1000") and sent as minor units (100000).
 */

export type UiOp = Condition['op'] | 'not_empty';

export interface ConditionRow {
  field: string;
  op: UiOp;
  value: string;
  values: string[];
}

export interface ActionRow {
  type: ActionType;
  title: string;
  description: string;
  dueInDays: number | string;
  assigneeId: string | null;
  field: string;
  value: string;
  body: string;
  to: string;
  subject: string;
  url: string;
}

export interface RuleFormValues {
  name: string;
  enabled: boolean;
  trigger: { type: TriggerType; entity: RecordEntity; fields: string[]; pipelineId: string | null; stageId: string | null; cron: string; timeZone: string };
  conditions: ConditionRow[];
  actions: ActionRow[];
}

export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export const emptyAction = (type: ActionType = 'create_task'): ActionRow => ({
  type,
  title: '',
  description: '',
  dueInDays: '',
  assigneeId: null,
  field: '',
  value: '',
  body: '',
  to: '',
  subject: '',
  url: '',
});

export const emptyCondition = (field = ''): ConditionRow => ({ field, op: 'eq', value: '', values: [] });

export function newRuleValues(): RuleFormValues {
  return {
    name: '',
    enabled: true,
    trigger: { type: 'deal.stage_changed', entity: 'deal', fields: [], pipelineId: null, stageId: null, cron: '0 9 * * 1-5', timeZone: browserTimeZone() },
    conditions: [],
    actions: [emptyAction()],
  };
}

export function currencyDigits(currency: string | null): number {
  if (!currency) return 2;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "1,000.50" → 100050 (2 digits); null when it is not an amount. */
export function toMinor(text: string, digits: number): number | null {
  const cleaned = text.replace(/[\s,']/g, '');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  const [whole, frac = ''] = cleaned.split('.');
  if (frac.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(frac.padEnd(digits, '0') || 0);
}

export const fromMinor = (minor: number, digits: number) => (digits ? (minor / 10 ** digits).toFixed(digits).replace(/\.?0+$/, '') : String(minor));

const OPS: ReadonlySet<string> = new Set<Op>(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'in', 'empty']);
/** The catalog lists operators as plain strings; these are the ones the rule schema accepts. */
export const isOp = (op: string): op is Op => OPS.has(op);

export function fieldDef(catalog: EntityFields | undefined, path: string): FieldDef | undefined {
  const [entity, name] = path.split('.');
  return entity === undefined ? undefined : catalog?.[entity]?.find((f) => f.name === name);
}

export function triggerOf(t: RuleFormValues['trigger']): Trigger {
  switch (t.type) {
    case 'record.created':
      return { type: t.type, entity: t.entity };
    case 'record.updated':
      return t.fields.length ? { type: t.type, entity: t.entity, fields: t.fields } : { type: t.type, entity: t.entity };
    case 'deal.stage_changed':
      return { type: t.type, pipelineId: t.pipelineId, stageId: t.stageId };
    case 'schedule':
      return { type: t.type, cron: t.cron.trim(), timeZone: t.timeZone };
    default:
      return { type: t.type } as Trigger;
  }
}

/** The currency a rule's money conditions are in: the one a "currency is …" condition names. */
export function ruleCurrency(v: RuleFormValues): string | null {
  const entity = triggerEntity(triggerOf(v.trigger));
  const c = v.conditions.find((x) => x.field === `${entity}.currency` && x.op === 'eq' && x.value.trim());
  return c ? c.value.trim().toUpperCase() : null;
}

function typed(text: string, field: FieldDef | undefined, digits: number): Scalar {
  const t = text.trim();
  if (field?.kind === 'money') return t === '' ? null : (toMinor(t, digits) ?? t);
  if (field?.kind === 'number') return t === '' ? null : Number.isNaN(Number(t)) ? t : Number(t);
  return text;
}

export function toRuleSpec(v: RuleFormValues, catalog: EntityFields | undefined): RuleSpec {
  const digits = currencyDigits(ruleCurrency(v));
  const conditions: Condition[] = v.conditions.map((c) => {
    const field = fieldDef(catalog, c.field);
    if (c.op === 'empty' || c.op === 'not_empty') return { field: c.field, op: 'empty', value: c.op === 'empty' };
    if (c.op === 'in') return { field: c.field, op: 'in', value: c.values.map((x) => typed(x, field, digits)) };
    return { field: c.field, op: c.op, value: typed(c.value, field, digits) };
  });
  const actions: Action[] = v.actions.map((a) => {
    switch (a.type) {
      case 'create_task':
        return {
          type: a.type,
          title: a.title,
          ...(a.description.trim() ? { description: a.description } : {}),
          ...(a.dueInDays !== '' && a.dueInDays !== null ? { dueInDays: Number(a.dueInDays) } : {}),
          ...(a.assigneeId ? { assigneeId: a.assigneeId } : {}),
        };
      case 'update_field':
        return { type: a.type, field: a.field, value: typed(a.value, fieldDef(catalog, a.field), digits) };
      case 'add_note':
        return { type: a.type, body: a.body };
      case 'send_email':
        return { type: a.type, to: a.to, subject: a.subject, body: a.body };
      case 'webhook':
        return { type: a.type, url: a.url.trim() };
    }
  });
  return { name: v.name.trim(), enabled: v.enabled, trigger: triggerOf(v.trigger), conditions, actions };
}

const text = (v: Scalar | undefined, field: FieldDef | undefined, digits: number) =>
  v === null || v === undefined ? '' : field?.kind === 'money' && typeof v === 'number' ? fromMinor(v, digits) : String(v);

export function fromRule(rule: Rule, catalog: EntityFields | undefined): RuleFormValues {
  const base = newRuleValues();
  const t = rule.trigger;
  const trigger = {
    ...base.trigger,
    type: t.type,
    entity: t.type === 'record.created' || t.type === 'record.updated' ? t.entity : base.trigger.entity,
    fields: t.type === 'record.updated' ? (t.fields ?? []) : [],
    pipelineId: t.type === 'deal.stage_changed' ? (t.pipelineId ?? null) : null,
    stageId: t.type === 'deal.stage_changed' ? (t.stageId ?? null) : null,
    cron: t.type === 'schedule' ? t.cron : base.trigger.cron,
    timeZone: t.type === 'schedule' ? t.timeZone : base.trigger.timeZone,
  };
  const currencyCond = rule.conditions.find((c) => c.field.endsWith('.currency') && c.op === 'eq' && typeof c.value === 'string');
  const digits = currencyDigits((currencyCond?.value as string | undefined) ?? null);
  const conditions = rule.conditions.map((c): ConditionRow => {
    const field = fieldDef(catalog, c.field);
    if (c.op === 'empty') return { ...emptyCondition(c.field), op: c.value === false ? 'not_empty' : 'empty' };
    if (c.op === 'in') return { ...emptyCondition(c.field), op: 'in', values: (Array.isArray(c.value) ? c.value : []).map((x) => text(x, field, digits)) };
    return { ...emptyCondition(c.field), op: c.op, value: text(c.value as Scalar, field, digits) };
  });
  const actions = rule.actions.map((a): ActionRow => {
    const row = emptyAction(a.type);
    switch (a.type) {
      case 'create_task':
        return { ...row, title: a.title, description: a.description ?? '', dueInDays: a.dueInDays ?? '', assigneeId: a.assigneeId ?? null };
      case 'update_field':
        return { ...row, field: a.field, value: text(a.value, fieldDef(catalog, a.field), digits) };
      case 'add_note':
        return { ...row, body: a.body };
      case 'send_email':
        return { ...row, to: a.to, subject: a.subject, body: a.body };
      case 'webhook':
        return { ...row, url: a.url };
    }
  });
  return { name: rule.name, enabled: rule.enabled, trigger, conditions, actions };
}
