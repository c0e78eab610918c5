import type { CsvEntity } from './portability.schema.js';
import { parseHttpUrl } from '../../kernel/url.js';
import { restore } from './csv-cells.js';
import {
  headerKey,
  isEmail,
  isPhone,
  parseDate,
  parseEnum,
  parseMinutes,
  parseMoney,
  splitList,
  splitPhones,
  toInstant,
  CURRENCY,
  type Parsed,
} from './values.js';

/**
 * The fields a CSV import fills, the column names each is matched by (pure), and
 * how a cell becomes a value. Names of references (owner, company, contact,
 * pipeline, stage, project) are resolved by the import against the portal.
 */

export type FieldKind =
  'text' | 'url' | 'email' | 'emails' | 'phone' | 'phones' | 'money' | 'minor' | 'currency' | 'date' | 'instant' | 'minutes' | 'enum' | 'ref';

export interface FieldSpec {
  field: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  aliases: string[];
  /** emails / phones: the type each value gets. */
  type?: string;
  values?: readonly string[];
  synonyms?: Record<string, string>;
  max?: number;
}

const f = (field: string, label: string, kind: FieldKind, aliases: string[], extra: Partial<FieldSpec> = {}): FieldSpec => ({
  field,
  label,
  kind,
  aliases: [field, label, ...aliases],
  ...extra,
});

const owner = f('owner', 'Owner', 'ref', [
  'owner email',
  'owner_id',
  'ownerid',
  'responsible',
  'responsible person',
  'assigned to',
  'assigned',
  'account owner',
  'manager',
]);
const notes = f('notes', 'Notes', 'text', ['note', 'comment', 'comments', 'description', 'remarks'], { max: 20_000 });

export const LEAD_STATUS_SYNONYMS: Record<string, string> = {
  open: 'new',
  unassigned: 'new',
  'in process': 'in_progress',
  'in progress': 'in_progress',
  working: 'in_progress',
  contacted: 'in_progress',
  processed: 'qualified',
  'good lead': 'qualified',
  'junk lead': 'lost',
  junk: 'lost',
  closed: 'lost',
  disqualified: 'lost',
};
export const LEAD_SOURCE_SYNONYMS: Record<string, string> = {
  web: 'website',
  site: 'website',
  'crm form': 'website',
  'online store': 'website',
  'by recommendation': 'referral',
  recommendation: 'referral',
  'existing client': 'referral',
  partner: 'referral',
  'e-mail': 'email',
  mail: 'email',
  phone: 'call',
  callback: 'call',
  'call tracker': 'call',
  'show/exhibition': 'event',
  exhibition: 'event',
  'trade show': 'event',
  ads: 'advertising',
  'social media': 'social',
};
export const TASK_STATUS_SYNONYMS: Record<string, string> = {
  new: 'todo',
  open: 'todo',
  pending: 'todo',
  'not started': 'todo',
  deferred: 'todo',
  'in progress': 'in_progress',
  started: 'in_progress',
  'pending review': 'in_progress',
  waiting: 'blocked',
  'on hold': 'blocked',
  completed: 'done',
  complete: 'done',
  closed: 'done',
  finished: 'done',
  declined: 'done',
};
export const TASK_PRIORITY_SYNONYMS: Record<string, string> = {
  medium: 'normal',
  average: 'normal',
  middle: 'normal',
  critical: 'urgent',
  highest: 'urgent',
  lowest: 'low',
};

export const CSV_FIELDS: Record<CsvEntity, FieldSpec[]> = {
  companies: [
    f('name', 'Name', 'text', ['company', 'company name', 'companyname', 'organisation', 'organization', 'account', 'account name', 'title', 'firma'], {
      required: true,
      max: 200,
    }),
    f('website', 'Website', 'url', ['web', 'site', 'url', 'homepage', 'corporate website'], { max: 300 }),
    f('industry', 'Industry', 'text', ['sector', 'branche'], { max: 120 }),
    f('phone', 'Phone', 'phone', ['telephone', 'tel', 'work phone', 'phone number']),
    f('email', 'Email', 'email', ['e-mail', 'mail', 'email address', 'work email', 'work e-mail']),
    f('address', 'Address', 'text', ['street', 'postal address', 'anschrift'], { max: 500 }),
    notes,
    owner,
  ],
  contacts: [
    f('firstName', 'First name', 'text', ['first_name', 'firstname', 'given name', 'forename', 'vorname'], { max: 120 }),
    f('lastName', 'Last name', 'text', ['last_name', 'lastname', 'surname', 'family name', 'nachname'], { max: 120 }),
    f('fullName', 'Full name', 'text', ['name', 'contact', 'contact name', 'full name', 'display name'], { max: 240 }),
    f('company', 'Company', 'ref', ['company_id', 'company name', 'companyname', 'organisation', 'organization', 'account', 'firma']),
    f('jobTitle', 'Job title', 'text', ['job_title', 'title', 'position', 'role', 'job'], { max: 200 }),
    f('emails', 'Emails', 'emails', ['email', 'e-mail', 'mail', 'email address', 'email addresses'], { type: 'work' }),
    f('workEmail', 'Work email', 'emails', ['work e-mail', 'business email'], { type: 'work' }),
    f('homeEmail', 'Home email', 'emails', ['home e-mail', 'personal email', 'private email'], { type: 'home' }),
    f('otherEmail', 'Other email', 'emails', ['other e-mail'], { type: 'other' }),
    f('phones', 'Phones', 'phones', ['phone', 'telephone', 'tel', 'phone number', 'phone numbers'], { type: 'work' }),
    f('workPhone', 'Work phone', 'phones', ['business phone', 'office phone'], { type: 'work' }),
    f('mobilePhone', 'Mobile phone', 'phones', ['mobile', 'cell', 'cell phone', 'cellphone', 'handy'], { type: 'mobile' }),
    f('homePhone', 'Home phone', 'phones', ['private phone'], { type: 'home' }),
    f('fax', 'Fax', 'phones', ['fax number'], { type: 'fax' }),
    notes,
    owner,
  ],
  leads: [
    f('title', 'Title', 'text', ['lead', 'lead name', 'lead title', 'subject', 'topic'], { required: true, max: 200 }),
    f('name', 'Contact name', 'text', ['full name', 'name', 'contact', 'person'], { max: 200 }),
    f('companyName', 'Company', 'text', ['company_name', 'company', 'company name', 'organisation', 'organization'], { max: 200 }),
    f('email', 'Email', 'email', ['e-mail', 'mail', 'email address', 'work email', 'work e-mail']),
    f('phone', 'Phone', 'phone', ['telephone', 'tel', 'phone number', 'work phone', 'mobile']),
    f('status', 'Status', 'enum', ['lead status', 'stage'], {
      values: ['new', 'in_progress', 'qualified', 'converted', 'lost'],
      synonyms: LEAD_STATUS_SYNONYMS,
    }),
    f('source', 'Source', 'enum', ['lead source', 'channel'], {
      values: ['website', 'referral', 'email', 'call', 'event', 'advertising', 'social', 'other'],
      synonyms: LEAD_SOURCE_SYNONYMS,
    }),
    f('amount', 'Amount', 'money', ['value', 'opportunity', 'budget', 'income', 'total', 'expected amount', 'deal value']),
    f('amountMinor', 'Amount in minor units', 'minor', ['amount_minor']),
    f('currency', 'Currency', 'currency', ['currency code']),
    notes,
    owner,
  ],
  deals: [
    f('title', 'Title', 'text', ['deal', 'deal name', 'name', 'subject', 'opportunity name'], { required: true, max: 200 }),
    f('amount', 'Amount', 'money', ['value', 'income', 'opportunity', 'deal value', 'total', 'revenue']),
    f('amountMinor', 'Amount in minor units', 'minor', ['amount_minor']),
    f('currency', 'Currency', 'currency', ['currency code']),
    f('pipeline', 'Pipeline', 'ref', ['pipeline_id', 'pipeline name', 'sales pipeline', 'funnel']),
    f('stage', 'Stage', 'ref', ['stage_id', 'stage name', 'deal stage', 'status']),
    f('contact', 'Contact', 'ref', ['contact_id', 'contact name', 'contact email', 'person']),
    f('company', 'Company', 'ref', ['company_id', 'company name', 'organisation', 'organization', 'account']),
    f('expectedCloseDate', 'Expected close date', 'date', [
      'expected_close_date',
      'close date',
      'closing date',
      'expected close',
      'assumed close date',
      'close',
    ]),
    owner,
  ],
  tasks: [
    f('title', 'Title', 'text', ['task', 'task name', 'name', 'subject', 'summary'], { required: true, max: 300 }),
    f('description', 'Description', 'text', ['details', 'notes', 'body'], { max: 20_000 }),
    f('status', 'Status', 'enum', ['state', 'task status'], { values: ['todo', 'in_progress', 'blocked', 'done'], synonyms: TASK_STATUS_SYNONYMS }),
    f('priority', 'Priority', 'enum', ['importance'], { values: ['low', 'normal', 'high', 'urgent'], synonyms: TASK_PRIORITY_SYNONYMS }),
    f('assignee', 'Assignee', 'ref', ['assignee_id', 'assigned to', 'responsible', 'responsible person', 'owner', 'assignee email']),
    f('dueAt', 'Due', 'instant', ['due_at', 'due date', 'deadline', 'due by', 'due on']),
    f('estimateMinutes', 'Estimate (minutes)', 'minutes', ['estimate_minutes', 'estimate', 'time estimate', 'planned duration', 'estimated minutes']),
    f('project', 'Project', 'ref', ['project_id', 'project name', 'group', 'list']),
  ],
};

/** Which field each column goes to: the caller's mapping first, then the first field whose name matches the header. */
export function matchColumns(entity: CsvEntity, header: string[], mapping: Record<string, string | null> = {}): (FieldSpec | null)[] {
  const fields = CSV_FIELDS[entity];
  const byName = new Map(fields.map((x) => [x.field, x]));
  const out: (FieldSpec | null)[] = header.map(() => null);
  const taken = new Set<string>();
  const take = (i: number, spec: FieldSpec | null) => {
    out[i] = spec;
    if (spec && !isList(spec)) taken.add(spec.field);
  };
  header.forEach((column, i) => {
    if (column in mapping) take(i, mapping[column] ? (byName.get(mapping[column]!) ?? null) : null);
  });
  header.forEach((column, i) => {
    if (column in mapping) return;
    const key = headerKey(column);
    take(i, fields.find((x) => (isList(x) || !taken.has(x.field)) && x.aliases.some((a) => headerKey(a) === key)) ?? null);
  });
  return out;
}

const isList = (spec: FieldSpec) => spec.kind === 'emails' || spec.kind === 'phones';

/** Field names that are not a field of the entity (a mapping's typos). */
export function unknownTargets(entity: CsvEntity, mapping: Record<string, string | null>): string[] {
  const names = new Set(CSV_FIELDS[entity].map((x) => x.field));
  return Object.values(mapping).filter((v): v is string => v !== null && !names.has(v));
}

export type FieldValue = string | number | { value: string; type: string }[];

/** A cell as the value of its field, or why it cannot be one. Empty cells are "no value" (undefined). */
export function parseField(spec: FieldSpec, raw: string | null): Parsed<FieldValue | undefined> {
  // A cell neutralised by an export ('=…) reads as what it was.
  const cell = restore((raw ?? '').trim());
  if (cell === '') return { ok: true, value: undefined };
  switch (spec.kind) {
    case 'text':
    case 'ref':
      return spec.max && cell.length > spec.max ? { ok: false, message: `must be at most ${spec.max} characters` } : { ok: true, value: cell };
    case 'url': {
      if (spec.max && cell.length > spec.max) return { ok: false, message: `must be at most ${spec.max} characters` };
      const url = parseHttpUrl(cell);
      return url.ok ? { ok: true, value: url.value } : { ok: false, message: `${url.message}: "${cell}"` };
    }
    case 'email':
      return isEmail(cell) ? { ok: true, value: cell } : { ok: false, message: `is not an email address: "${cell}"` };
    case 'phone':
      return isPhone(cell) ? { ok: true, value: cell } : { ok: false, message: `is not a phone number: "${cell}"` };
    case 'emails': {
      const list = typedList(cell, spec.type ?? 'work');
      const bad = list.find((e) => !isEmail(e.value));
      return bad ? { ok: false, message: `is not an email address: "${bad.value}"` } : { ok: true, value: list };
    }
    case 'phones': {
      const list = typedList(cell, spec.type ?? 'work', true);
      const bad = list.find((p) => !isPhone(p.value));
      return bad ? { ok: false, message: `is not a phone number: "${bad.value}"` } : { ok: true, value: list };
    }
    case 'money':
      return parseMoney(cell);
    case 'minor':
      return /^\d+$/.test(cell) ? { ok: true, value: Number(cell) } : { ok: false, message: `must be a whole number of minor units, not "${cell}"` };
    case 'currency':
      return CURRENCY.test(cell.toUpperCase())
        ? { ok: true, value: cell.toUpperCase() }
        : { ok: false, message: `must be a 3-letter currency code such as EUR, not "${cell}"` };
    case 'date': {
      const d = parseDate(cell);
      return d.ok ? { ok: true, value: d.value.date } : d;
    }
    case 'instant': {
      const d = parseDate(cell);
      return d.ok ? { ok: true, value: toInstant(d.value) } : d;
    }
    case 'minutes':
      return parseMinutes(cell);
    case 'enum':
      return parseEnum(cell, spec.values ?? [], spec.synonyms);
  }
}

/** Typed values from a cell: a JSON array as the export writes it ([{ value, type }]), or a plain list. */
function typedList(cell: string, type: string, phones = false): { value: string; type: string }[] {
  if (cell.startsWith('[')) {
    try {
      const v = JSON.parse(cell) as unknown;
      if (Array.isArray(v))
        return v.map((x) =>
          typeof x === 'object' && x && 'value' in x
            ? { value: String((x as { value: unknown }).value), type: String((x as { type?: unknown }).type ?? type) }
            : { value: String(x), type },
        );
    } catch {
      /* a plain list */
    }
  }
  return (phones ? splitPhones(cell) : splitList(cell)).map((value) => ({ value, type }));
}
