/**
 * What a rule can talk about: the records that trigger rules and their fields,
 * as conditions (`deal.amount`), templates (`{{deal.title}}`) and `update_field`
 * targets see them. Field names are the API's (DealOut, ContactOut…) plus a few
 * conveniences (a deal's stage name, a contact's first email, an owner's name).
 * Pure data; the web builder reads it from GET /api/automations/catalog.
 */
import { DEAL_STATUSES, LEAD_SOURCES, LEAD_STATUSES } from '../crm/index.js';
import { TASK_PRIORITIES, TASK_STATUSES } from '../tasks/index.js';

export const RECORD_ENTITIES = ['company', 'contact', 'lead', 'deal', 'task'] as const;
export type RecordEntity = (typeof RECORD_ENTITIES)[number];
export const ENTITIES = [...RECORD_ENTITIES, 'booking'] as const;
export type Entity = (typeof ENTITIES)[number];

/**
 * - money: integer minor units (cents) as in the API, compared as numbers; templates print "1,000.00 EUR".
 * - list: several values (a contact's emails); a condition holds when one of them does.
 * - any: a field whose shape another module decides (bookings).
 */
export type FieldKind = 'text' | 'email' | 'number' | 'money' | 'date' | 'instant' | 'enum' | 'id' | 'list' | 'any';
export type RefKind = 'user' | 'pipeline' | 'stage' | 'company' | 'contact' | 'project';

export interface FieldDef {
  name: string;
  label: string;
  kind: FieldKind;
  values?: readonly string[];
  ref?: RefKind;
  /** An `update_field` action may set it (through the owning module's service and its validation). */
  updatable?: boolean;
  /** A convenience computed from these API fields: a change of it shows as a change of them. */
  from?: readonly string[];
}

export const OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'in', 'empty'] as const;
export type Op = (typeof OPS)[number];

const ORDERED: Op[] = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'empty'];
export const OPS_BY_KIND: Record<FieldKind, readonly Op[]> = {
  text: ['eq', 'neq', 'contains', 'in', 'empty'],
  email: ['eq', 'neq', 'contains', 'in', 'empty'],
  number: ORDERED,
  money: ORDERED,
  date: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'empty'],
  instant: ['gt', 'gte', 'lt', 'lte', 'empty'],
  enum: ['eq', 'neq', 'in', 'empty'],
  id: ['eq', 'neq', 'in', 'empty'],
  list: ['eq', 'contains', 'in', 'empty'],
  any: OPS,
};

const f = (name: string, label: string, kind: FieldKind, more: Partial<FieldDef> = {}): FieldDef => ({ name, label, kind, ...more });
const u = { updatable: true };
const byOwner = { from: ['ownerId'] };
const owner = [
  f('ownerId', 'owner', 'id', { ref: 'user', updatable: true }),
  f('ownerName', 'owner name', 'text', byOwner),
  f('ownerEmail', 'owner email', 'email', byOwner),
];
const stamps = [f('createdAt', 'created at', 'instant'), f('updatedAt', 'updated at', 'instant')];

export const FIELDS: Record<Entity, readonly FieldDef[]> = {
  company: [
    f('name', 'name', 'text', u),
    f('website', 'website', 'text', u),
    f('industry', 'industry', 'text', u),
    f('phone', 'phone', 'text', u),
    f('email', 'email', 'email', u),
    f('address', 'address', 'text', u),
    f('notes', 'notes', 'text', u),
    ...owner,
    ...stamps,
  ],
  contact: [
    f('firstName', 'first name', 'text', u),
    f('lastName', 'last name', 'text', u),
    f('name', 'name', 'text', { from: ['firstName', 'lastName'] }),
    f('email', 'email', 'email', { from: ['emails'] }),
    f('emails', 'emails', 'list'),
    f('phone', 'phone', 'text', { from: ['phones'] }),
    f('phones', 'phones', 'list'),
    f('jobTitle', 'job title', 'text', u),
    f('companyId', 'company', 'id', { ref: 'company', updatable: true }),
    f('companyName', 'company name', 'text', { from: ['companyId'] }),
    f('notes', 'notes', 'text', u),
    ...owner,
    ...stamps,
  ],
  lead: [
    f('title', 'title', 'text', u),
    f('name', 'name', 'text', u),
    f('companyName', 'company name', 'text', u),
    f('email', 'email', 'email', u),
    f('phone', 'phone', 'text', u),
    f('status', 'status', 'enum', { values: LEAD_STATUSES, updatable: true }),
    f('source', 'source', 'enum', { values: LEAD_SOURCES, updatable: true }),
    f('amount', 'amount', 'money', u),
    f('currency', 'currency', 'text', u),
    f('notes', 'notes', 'text', u),
    ...owner,
    ...stamps,
  ],
  deal: [
    f('title', 'title', 'text', u),
    f('amount', 'amount', 'money', u),
    f('currency', 'currency', 'text', u),
    f('pipelineId', 'pipeline', 'id', { ref: 'pipeline' }),
    f('pipeline', 'pipeline name', 'text', { from: ['pipelineId'] }),
    f('stageId', 'stage', 'id', { ref: 'stage', updatable: true }),
    f('stage', 'stage name', 'text', { from: ['stageId'] }),
    f('status', 'status', 'enum', { values: DEAL_STATUSES }),
    f('contactId', 'contact', 'id', { ref: 'contact', updatable: true }),
    f('contactName', 'contact name', 'text', { from: ['contactId'] }),
    f('companyId', 'company', 'id', { ref: 'company', updatable: true }),
    f('companyName', 'company name', 'text', { from: ['companyId'] }),
    f('expectedCloseDate', 'expected close date', 'date', u),
    ...owner,
    ...stamps,
  ],
  task: [
    f('title', 'title', 'text', u),
    f('description', 'description', 'text', u),
    f('status', 'status', 'enum', { values: TASK_STATUSES, updatable: true }),
    f('priority', 'priority', 'enum', { values: TASK_PRIORITIES, updatable: true }),
    f('assigneeId', 'assignee', 'id', { ref: 'user', updatable: true }),
    f('assigneeName', 'assignee name', 'text', { from: ['assigneeId'] }),
    f('assigneeEmail', 'assignee email', 'email', { from: ['assigneeId'] }),
    f('dueAt', 'due time', 'instant', u),
    f('estimateMinutes', 'estimate (minutes)', 'number', u),
    f('projectId', 'project', 'id', { ref: 'project', updatable: true }),
    ...stamps,
  ],
  // The scheduling module decides a booking's shape; these are the usual fields, and any other is accepted.
  booking: [
    f('name', 'name', 'any'),
    f('email', 'email', 'any'),
    f('startAt', 'start', 'any'),
    f('endAt', 'end', 'any'),
    f('eventTypeName', 'event type', 'any'),
  ],
};

export const ENTITY_NOUNS: Record<Entity, string> = { company: 'company', contact: 'contact', lead: 'lead', deal: 'deal', task: 'task', booking: 'booking' };

/** Fields outside a record that every template may use; updates also offer {{changes.<field>.from}} and {{changes.<field>.to}}. */
export const GLOBAL_TEMPLATE_FIELDS = ['rule.name', 'event.type', 'event.date'] as const;

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The field named by "deal.amount" for `entity`, or why it cannot be used. */
export function resolveField(entity: Entity | null, path: string): { ok: true; field: FieldDef } | { ok: false; message: string } {
  const [prefix, name, ...rest] = path.split('.');
  if (!entity) return { ok: false, message: 'this trigger has no record to read fields from' };
  if (prefix !== entity || !name || rest.length)
    return { ok: false, message: `must be a field of the ${entity}, such as "${entity}.${FIELDS[entity][0]!.name}"` };
  const field = FIELDS[entity].find((d) => d.name === name);
  if (field) return { ok: true, field };
  if (entity === 'booking' && IDENT.test(name)) return { ok: true, field: { name, label: name, kind: 'any' } };
  return { ok: false, message: `"${name}" is not a field of a ${entity}` };
}

export const isRecordEntity = (e: string | null | undefined): e is RecordEntity => !!e && (RECORD_ENTITIES as readonly string[]).includes(e);
