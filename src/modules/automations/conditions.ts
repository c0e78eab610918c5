import { searchKey } from '../../kernel/text.js';
import { OPS_BY_KIND, type FieldDef, type Op } from './fields.js';
import { formatMoney } from './templates.js';

/**
 * Conditions on the triggering record (pure): `{ field: 'deal.amount', op: 'gt', value: 100000 }`.
 * Text compares without case or accents ("MÜLLER" equals "muller"); a list field
 * (a contact's emails) holds when one of its values does; a missing value is
 * only ever `empty`.
 */

export type Scalar = string | number | boolean | null;
export interface Condition {
  field: string;
  op: Op;
  value?: Scalar | Scalar[];
}

const OP_WORDS: Record<Op, string> = {
  eq: 'is',
  neq: 'is not',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  contains: 'contains',
  in: 'is one of',
  empty: 'is empty',
};

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
const norm = (v: unknown) => (typeof v === 'string' ? searchKey(v) : v);

function sameValue(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'number' || typeof expected === 'number') return Number(actual) === Number(expected) && !isEmpty(actual) && !isEmpty(expected);
  if (typeof actual === 'boolean' || typeof expected === 'boolean') return String(actual) === String(expected);
  return norm(actual) === norm(expected);
}

/** Numbers compare as numbers; instants as points in time; other text as text (ISO dates sort as text). */
function compare(actual: unknown, expected: unknown, kind: FieldDef['kind']): number | null {
  if (isEmpty(actual) || isEmpty(expected)) return null;
  if (kind === 'instant') {
    const a = Date.parse(String(actual));
    const b = Date.parse(String(expected));
    return Number.isNaN(a) || Number.isNaN(b) ? null : a - b;
  }
  const a = Number(actual);
  const b = Number(expected);
  if (typeof actual === 'number' || typeof expected === 'number' || kind === 'number' || kind === 'money')
    return Number.isNaN(a) || Number.isNaN(b) ? null : a - b;
  return String(actual) < String(expected) ? -1 : String(actual) > String(expected) ? 1 : 0;
}

function holdsForOne(actual: unknown, op: Op, value: Condition['value'], kind: FieldDef['kind']): boolean {
  switch (op) {
    case 'eq':
      return sameValue(actual, value);
    case 'contains':
      return typeof actual === 'string' && typeof value === 'string' && (norm(actual) as string).includes(norm(value) as string);
    case 'in':
      return Array.isArray(value) && value.some((v) => sameValue(actual, v));
    default: {
      const c = compare(actual, value, kind);
      if (c === null) return false;
      return op === 'gt' ? c > 0 : op === 'gte' ? c >= 0 : op === 'lt' ? c < 0 : c <= 0;
    }
  }
}

/** Whether one condition holds for the field's current value. */
export function holds(actual: unknown, cond: Pick<Condition, 'op' | 'value'>, kind: FieldDef['kind']): boolean {
  if (cond.op === 'empty') return isEmpty(actual) === (cond.value ?? true);
  if (cond.op === 'neq') return !holds(actual, { op: 'eq', value: cond.value }, kind);
  const values = Array.isArray(actual) ? actual : [actual];
  return values.some((v) => holdsForOne(v, cond.op, cond.value, kind));
}

export function showValue(v: unknown, field?: FieldDef, currency?: string | null): string {
  if (isEmpty(v)) return 'empty';
  if (Array.isArray(v)) return v.map((x) => showValue(x, field, currency)).join(', ');
  if (field?.kind === 'money' && typeof v === 'number') return formatMoney(v, currency ?? null);
  return typeof v === 'string' ? `"${v}"` : String(v);
}

/** "amount (500.00 EUR) is not more than 1,000.00 EUR": why a run was skipped. */
export function explainFailure(cond: Condition, field: FieldDef, actual: unknown, currency?: string | null): string {
  const label = `${cond.field.split('.')[0]} ${field.label}`;
  if (cond.op === 'empty') return `${label} is ${(cond.value ?? true) ? 'not empty' : 'empty'}`;
  return `${label} (${showValue(actual, field, currency)}) does not satisfy "${OP_WORDS[cond.op]} ${showValue(cond.value, field, currency)}"`;
}

/** Why a condition is not well-formed for its field, or null. The path of the bad part is relative to the condition. */
export function conditionProblem(cond: Condition, field: FieldDef): { path: string; message: string } | null {
  const allowed = OPS_BY_KIND[field.kind];
  if (!allowed.includes(cond.op)) return { path: 'op', message: `must be one of ${allowed.join(', ')} for the ${field.label}` };
  const v = cond.value;
  if (cond.op === 'empty')
    return v === undefined || typeof v === 'boolean' ? null : { path: 'value', message: 'must be true (is empty) or false (is not empty)' };
  if (v === undefined) return { path: 'value', message: 'is required' };
  if (cond.op === 'in') {
    if (!Array.isArray(v) || v.length === 0) return { path: 'value', message: 'must be a list of values' };
    return null;
  }
  if (Array.isArray(v)) return { path: 'value', message: `must be a single value for "${cond.op}"` };
  if (cond.op === 'contains') return typeof v === 'string' && v.length > 0 ? null : { path: 'value', message: 'must be some text' };
  const numeric = field.kind === 'number' || field.kind === 'money';
  if (numeric && v !== null && typeof v !== 'number') {
    return { path: 'value', message: field.kind === 'money' ? 'must be a number of minor units (cents), e.g. 100000 for 1,000.00' : 'must be a number' };
  }
  if (['gt', 'gte', 'lt', 'lte'].includes(cond.op)) {
    if (v === null || typeof v === 'boolean') return { path: 'value', message: 'must be a number or a date' };
    if ((field.kind === 'instant' || field.kind === 'date') && Number.isNaN(Date.parse(String(v))))
      return { path: 'value', message: 'must be an ISO-8601 date or instant' };
  }
  return null;
}
