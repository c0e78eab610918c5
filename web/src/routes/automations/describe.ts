import type { Action, Condition, Entity, EntityFields, FieldDef, Trigger } from './types';

/**
 * A rule in plain words, as the builder shows it while you type: "When a deal
 * moves to Negotiation and amount > 1,000 EUR: create a task “Send the contract”
 * due in 2 days." Pure: names of stages and users come in through `names`.
 */

export interface Names {
  stage(id: string): string | undefined;
  pipeline(id: string): string | undefined;
  user(id: string): string | undefined;
}

export const ENTITY_NOUNS: Record<Entity, string> = { company: 'company', contact: 'contact', lead: 'lead', deal: 'deal', task: 'task', booking: 'booking' };

export function triggerEntity(t: Trigger): Entity | null {
  if (t.type === 'record.created' || t.type === 'record.updated') return t.entity;
  if (t.type === 'deal.stage_changed') return 'deal';
  if (t.type === 'task.overdue') return 'task';
  if (t.type === 'booking.created') return 'booking';
  return null;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const two = (n: string) => n.padStart(2, '0');

/** "Every weekday at 09:00 (Europe/Berlin)" for the usual shapes; the expression itself otherwise. */
export function describeCron(cron: string, timeZone: string): string {
  const macros: Record<string, string> = {
    '@hourly': 'Every hour',
    '@daily': 'Every day at 00:00',
    '@weekly': 'Every Sunday at 00:00',
    '@monthly': 'On the 1st of every month at 00:00',
    '@yearly': 'Every 1 January at 00:00',
  };
  const zone = timeZone ? ` (${timeZone})` : '';
  const c = cron.trim();
  if (macros[c]) return macros[c] + zone;
  const f = c.split(/\s+/);
  if (f.length !== 5) return `On the schedule “${c}”${zone}`;
  const [min, hour, dom, mon, dow] = f as [string, string, string, string, string];
  const every = /^\*\/(\d+)$/.exec(min);
  if (every && hour === '*' && dom === '*' && mon === '*' && dow === '*') return `Every ${every[1]} minutes${zone}`;
  if (/^\d+$/.test(min) && hour === '*' && dom === '*' && mon === '*' && dow === '*') return `Every hour at :${two(min)}${zone}`;
  if (/^\d+$/.test(min) && /^\d+$/.test(hour) && mon === '*') {
    const at = `at ${two(hour)}:${two(min)}`;
    if (dom === '*' && dow === '*') return `Every day ${at}${zone}`;
    if (dom === '*' && (dow === '1-5' || dow.toUpperCase() === 'MON-FRI')) return `Every weekday ${at}${zone}`;
    if (dom === '*' && /^[0-7]$/.test(dow)) return `Every ${DAYS[Number(dow) % 7]} ${at}${zone}`;
    if (/^\d+$/.test(dom) && dow === '*') return `On day ${dom} of every month ${at}${zone}`;
  }
  return `On the schedule “${c}”${zone}`;
}

const list = (parts: string[]) => (parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function fieldOf(fields: EntityFields, path: string): FieldDef | undefined {
  const [entity, name] = path.split('.');
  return fields[entity as Entity]?.find((f) => f.name === name);
}

function digits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Minor units as "1,000 EUR" (decimals only when there are any). */
export function moneyWords(minor: number, currency: string | null): string {
  const d = currency ? digits(currency) : 2;
  const major = new Intl.NumberFormat('en-US', { maximumFractionDigits: d }).format(minor / 10 ** d);
  return currency ? `${major} ${currency}` : major;
}

function valueWords(value: unknown, field: FieldDef | undefined, names: Names, currency: string | null): string {
  if (Array.isArray(value)) return list(value.map((v) => valueWords(v, field, names, currency)));
  if (value === null || value === undefined || value === '') return 'nothing';
  if (field?.kind === 'money' && typeof value === 'number') return moneyWords(value, currency);
  if (typeof value === 'string') {
    if (field?.ref === 'stage') return names.stage(value) ?? 'a stage';
    if (field?.ref === 'pipeline') return names.pipeline(value) ?? 'a pipeline';
    if (field?.ref === 'user') return value.startsWith('{{') ? ownerWords(value) : (names.user(value) ?? 'a user');
    if (field?.kind === 'enum') return value.replace(/_/g, ' ');
    return `“${value}”`;
  }
  return String(value);
}

const OP_WORDS: Record<string, string> = { eq: 'is', neq: 'is not', gt: '>', gte: '≥', lt: '<', lte: '≤', contains: 'contains', in: 'is one of' };

function conditionWords(c: Condition, fields: EntityFields, names: Names, currency: string | null): string {
  const field = fieldOf(fields, c.field);
  const label = field?.label ?? c.field;
  if (c.op === 'empty') return `${label} ${c.value === false ? 'is not empty' : 'is empty'}`;
  return `${label} ${OP_WORDS[c.op] ?? c.op} ${valueWords(c.value, field, names, currency)}`;
}

function ownerWords(template: string): string {
  const m = /^\{\{\s*(\w+)\.(ownerId|assigneeId)\s*\}\}$/.exec(template.trim());
  return m ? `the ${m[1]}'s ${m[2] === 'ownerId' ? 'owner' : 'assignee'}` : template;
}

function actionWords(a: Action, entity: Entity | null, fields: EntityFields, names: Names, currency: string | null): string {
  const noun = entity ? ENTITY_NOUNS[entity] : 'record';
  switch (a.type) {
    case 'create_task': {
      const due = a.dueInDays === undefined || a.dueInDays === null ? '' : a.dueInDays === 0 ? ' due today' : ` due in ${plural(a.dueInDays, 'day')}`;
      const who = a.assigneeId ? `, assigned to ${a.assigneeId.includes('{{') ? ownerWords(a.assigneeId) : (names.user(a.assigneeId) ?? 'a user')}` : '';
      return `create a task “${a.title || '…'}”${due}${who}`;
    }
    case 'update_field': {
      const field = fieldOf(fields, a.field.includes('.') ? a.field : `${entity}.${a.field}`);
      return `set the ${noun}'s ${field?.label ?? (a.field || '…')} to ${valueWords(a.value, field, names, currency)}`;
    }
    case 'add_note':
      return `add a note to the ${noun}`;
    case 'send_email':
      return `email ${a.to || '…'}${a.subject ? ` “${a.subject}”` : ''}`;
    case 'webhook': {
      let host = a.url;
      try {
        host = new URL(a.url).host;
      } catch {
        /* not a URL yet */
      }
      return `call the webhook at ${host || '…'}`;
    }
  }
}

export function triggerWords(t: Trigger, fields: EntityFields, names: Names): string {
  switch (t.type) {
    case 'record.created':
      return `When a ${ENTITY_NOUNS[t.entity]} is created`;
    case 'record.updated': {
      const labels = (t.fields ?? []).map((f) => fieldOf(fields, `${t.entity}.${f}`)?.label ?? f);
      const who = ENTITY_NOUNS[t.entity];
      return labels.length ? `When a ${who}'s ${labels.join(' or ')} changes` : `When a ${who} is updated`;
    }
    case 'deal.stage_changed': {
      const inPipeline = t.pipelineId && !t.stageId ? ` in ${names.pipeline(t.pipelineId) ?? 'a pipeline'}` : '';
      return t.stageId ? `When a deal moves to ${names.stage(t.stageId) ?? 'a stage'}` : `When a deal moves to another stage${inPipeline}`;
    }
    case 'task.overdue':
      return 'When a task becomes overdue';
    case 'booking.created':
      return 'When someone books a meeting';
    case 'schedule':
      return describeCron(t.cron, t.timeZone);
  }
}

export function describeRule(rule: { trigger: Trigger; conditions: Condition[]; actions: Action[] }, fields: EntityFields, names: Names): string {
  const entity = triggerEntity(rule.trigger);
  // "amount > 1,000 EUR" reads better than "amount > 1,000 and currency is EUR".
  const currencyCond = rule.conditions.find((c) => c.op === 'eq' && c.field === `${entity}.currency` && typeof c.value === 'string');
  const hasMoney = rule.conditions.some((c) => fieldOf(fields, c.field)?.kind === 'money');
  const currency = currencyCond && hasMoney ? (currencyCond.value as string) : null;
  const conds = rule.conditions.filter((c) => !(currency && c === currencyCond)).map((c) => conditionWords(c, fields, names, currency));
  const when = [triggerWords(rule.trigger, fields, names), ...conds].join(' and ');
  const then = rule.actions.map((a) => actionWords(a, entity, fields, names, currency));
  return `${when}: ${then.length ? list(then) : 'do nothing yet'}.`;
}
