import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conditionProblem, explainFailure, holds } from './conditions.js';
import { FIELDS, type FieldDef } from './fields.js';

const field = (entity: keyof typeof FIELDS, name: string) => FIELDS[entity].find((f) => f.name === name)!;
const amount = field('deal', 'amount');
const title = field('deal', 'title');
const emails = field('contact', 'emails');
const due = field('task', 'dueAt');

describe('conditions on the triggering record', () => {
  it('compares money in minor units: "amount > 1,000.00" holds for 1,500.00 and not for 1,000.00', () => {
    expect(holds(150000, { op: 'gt', value: 100000 }, 'money')).toBe(true);
    expect(holds(100000, { op: 'gt', value: 100000 }, 'money')).toBe(false);
    expect(holds(100000, { op: 'gte', value: 100000 }, 'money')).toBe(true);
    expect(holds(null, { op: 'lt', value: 100000 }, 'money')).toBe(false);
  });

  it('finds "Groß" when asked for "gross", whatever the case and accents', () => {
    expect(holds('Großauftrag Müller', { op: 'contains', value: 'GROSSAUFTRAG muller' }, 'text')).toBe(true);
    expect(holds('José', { op: 'eq', value: 'jose' }, 'text')).toBe(true);
    expect(holds('ACME', { op: 'in', value: ['Initech', 'acme'] }, 'text')).toBe(true);
  });

  it('holds for a list field when one of its values does', () => {
    const list = ['anna@home.test', 'anna@VIP.test'];
    expect(holds(list, { op: 'contains', value: '@vip.test' }, 'list')).toBe(true);
    expect(holds(list, { op: 'eq', value: 'anna@home.test' }, 'list')).toBe(true);
    expect(holds([], { op: 'empty' }, 'list')).toBe(true);
    expect(holds(list, { op: 'empty', value: false }, 'list')).toBe(true);
  });

  it('compares instants as points in time, whatever their offset', () => {
    expect(holds('2026-03-01T10:00:00.000Z', { op: 'lt', value: '2026-03-01T12:00:00+01:00' }, 'instant')).toBe(true);
    expect(holds('2026-03-01T10:00:00.000Z', { op: 'gt', value: '2026-03-01T12:00:00+02:00' }, 'instant')).toBe(false);
  });

  it('treats a missing value as empty and as nothing else', () => {
    for (const op of ['eq', 'gt', 'gte', 'lt', 'lte', 'contains', 'in'] as const)
      expect(holds(undefined, { op, value: op === 'in' ? ['x'] : 'x' }, 'text')).toBe(false);
    expect(holds('', { op: 'empty' }, 'text')).toBe(true);
    expect(holds(undefined, { op: 'empty', value: true }, 'text')).toBe(true);
  });

  it('"neq" is exactly "not eq", and "lte" exactly "not gt", for any numbers (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (a, b) => {
        expect(holds(a, { op: 'neq', value: b }, 'number')).toBe(!holds(a, { op: 'eq', value: b }, 'number'));
        expect(holds(a, { op: 'lte', value: b }, 'number')).toBe(!holds(a, { op: 'gt', value: b }, 'number'));
        expect(holds(a, { op: 'gte', value: b }, 'number')).toBe(!holds(a, { op: 'lt', value: b }, 'number'));
      }),
    );
  });

  it('a text always contains itself, in any case (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (s) => {
        expect(holds(s.toUpperCase(), { op: 'contains', value: s.toLowerCase() }, 'text')).toBe(true);
      }),
    );
  });

  it('explains a failure in words, with money in the currency', () => {
    expect(explainFailure({ field: 'deal.amount', op: 'gt', value: 100000 }, amount, 50000, 'EUR')).toBe(
      'deal amount (500.00 EUR) does not satisfy "is more than 1,000.00 EUR"',
    );
    expect(explainFailure({ field: 'deal.title', op: 'empty' }, title, 'x')).toBe('deal title is not empty');
  });
});

describe('well-formed conditions', () => {
  const problem = (f: FieldDef, cond: Parameters<typeof conditionProblem>[0]) => conditionProblem(cond, f);
  it('refuses operators that do not fit the field', () => {
    expect(problem(title, { field: 'deal.title', op: 'gt', value: 3 })).toMatchObject({ path: 'op' });
    expect(problem(due, { field: 'task.dueAt', op: 'contains', value: '2026' })).toMatchObject({ path: 'op' });
    expect(problem(emails, { field: 'contact.emails', op: 'gt', value: 1 })).toMatchObject({ path: 'op' });
  });

  it('refuses values that do not fit the operator', () => {
    expect(problem(amount, { field: 'deal.amount', op: 'gt', value: '1000' })).toMatchObject({
      path: 'value',
      message: expect.stringContaining('minor units'),
    });
    expect(problem(amount, { field: 'deal.amount', op: 'in', value: 5 })).toMatchObject({ path: 'value' });
    expect(problem(amount, { field: 'deal.amount', op: 'eq' })).toMatchObject({ path: 'value', message: 'is required' });
    expect(problem(title, { field: 'deal.title', op: 'empty', value: 'yes' })).toMatchObject({ path: 'value' });
    expect(problem(due, { field: 'task.dueAt', op: 'lt', value: 'next week' })).toMatchObject({ path: 'value' });
  });

  it('accepts what makes sense', () => {
    expect(problem(amount, { field: 'deal.amount', op: 'gte', value: 100000 })).toBeNull();
    expect(problem(title, { field: 'deal.title', op: 'empty' })).toBeNull();
    expect(problem(due, { field: 'task.dueAt', op: 'lt', value: '2026-05-01T00:00:00Z' })).toBeNull();
    expect(problem(field('deal', 'stageId'), { field: 'deal.stageId', op: 'in', value: ['a', 'b'] })).toBeNull();
  });
});
