import { describe, expect, it } from 'vitest';
import { addMonths, daysLeft, monthsUsed, periodEndOf } from './periods.js';

const d = (s: string) => new Date(s);

describe('billing periods', () => {
  it('keeps the anchor day through short months', () => {
    const start = d('2026-01-31T10:00:00Z');
    expect(periodEndOf(start, 'monthly')).toEqual(d('2026-02-28T10:00:00Z'));
    expect(periodEndOf(d('2026-02-28T10:00:00Z'), 'monthly', 31)).toEqual(d('2026-03-31T10:00:00Z'));
    expect(addMonths(d('2028-01-31T00:00:00Z'), 1)).toEqual(d('2028-02-29T00:00:00Z'));
  });

  it('runs a year from 29 February to 28 February', () => {
    expect(periodEndOf(d('2028-02-29T12:00:00Z'), 'annual')).toEqual(d('2029-02-28T12:00:00Z'));
  });

  it('counts a started month as used', () => {
    const start = d('2026-01-15T00:00:00Z');
    expect(monthsUsed(start, start, 'annual')).toBe(0);
    expect(monthsUsed(start, d('2026-01-15T00:00:01Z'), 'annual')).toBe(1);
    expect(monthsUsed(start, d('2026-02-15T00:00:00Z'), 'annual')).toBe(1);
    expect(monthsUsed(start, d('2026-12-20T00:00:00Z'), 'annual')).toBe(12);
  });

  it('counts a started day as used', () => {
    const start = d('2026-04-01T00:00:00Z');
    const end = d('2026-05-01T00:00:00Z');
    expect(daysLeft(start, end, start)).toEqual({ unused: 30, total: 30 });
    expect(daysLeft(start, end, d('2026-04-01T00:00:01Z'))).toEqual({ unused: 29, total: 30 });
    expect(daysLeft(start, end, end)).toEqual({ unused: 0, total: 30 });
  });
});
