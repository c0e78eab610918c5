import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthlyRecurringRevenue, monthStart, planMix, portalMrr, type RevenueLine } from './metrics.js';

const line = fc.record({ interval: fc.constantFrom<'monthly' | 'annual'>('monthly', 'annual'), recurringAmount: fc.integer({ min: 0, max: 10_000_000 }) });

describe('monthly recurring revenue', () => {
  it('counts monthly plans in full and annual plans as amount / 12', () => {
    expect(monthlyRecurringRevenue([{ interval: 'monthly', recurringAmount: 1500 }])).toBe(1500);
    expect(monthlyRecurringRevenue([{ interval: 'annual', recurringAmount: 15000 }])).toBe(1250);
    expect(
      monthlyRecurringRevenue([
        { interval: 'monthly', recurringAmount: 1500 },
        { interval: 'annual', recurringAmount: 39000 },
      ]),
    ).toBe(4750);
    expect(monthlyRecurringRevenue([])).toBe(0);
  });

  it('rounds the annual sum once to whole minor units (3 × $1.00/yr is 25 cents a month, not 3 × 8)', () => {
    const annual = (n: number): RevenueLine => ({ interval: 'annual', recurringAmount: n });
    expect(monthlyRecurringRevenue([annual(100), annual(100), annual(100)])).toBe(25);
    expect(portalMrr(annual(100))).toBe(8);
  });

  it('is a whole number, never negative, and never changes with the order of portals', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 50 }), (lines) => {
        const mrr = monthlyRecurringRevenue(lines);
        expect(Number.isInteger(mrr)).toBe(true);
        expect(mrr).toBeGreaterThanOrEqual(0);
        expect(monthlyRecurringRevenue([...lines].reverse())).toBe(mrr);
      }),
    );
  });

  it('stays within half a cent of the exact monthly value', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 50 }), (lines) => {
        // In twelfths of a cent, so the oracle itself has no floating-point error.
        const exactTimes12 = lines.reduce((s, l) => s + (l.interval === 'annual' ? l.recurringAmount : 12 * l.recurringAmount), 0);
        expect(Math.abs(12 * monthlyRecurringRevenue(lines) - exactTimes12)).toBeLessThanOrEqual(6);
      }),
    );
  });

  it('grows by exactly what a new monthly portal pays, and an annual one by amount / 12 (within rounding)', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), line, (lines, extra) => {
        const delta = monthlyRecurringRevenue([...lines, extra]) - monthlyRecurringRevenue(lines);
        if (extra.interval === 'monthly') expect(delta).toBe(extra.recurringAmount);
        else expect(Math.abs(delta - extra.recurringAmount / 12)).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('plan mix', () => {
  const free = { id: 'free', name: 'Free' };
  it('puts every portal without a paid plan on Free, and paid plans in catalog order', () => {
    const mix = planMix(
      [
        { planId: 'business', planName: 'Business', status: 'active', portals: 2 },
        { planId: 'team', planName: 'Team', status: 'active', portals: 3 },
        { planId: 'team', planName: 'Team', status: 'trialing', portals: 1 },
        { planId: 'team', planName: 'Team', status: 'past_due', portals: 1 },
        { planId: 'team', planName: 'Team', status: 'paused', portals: 1 },
      ],
      20,
      free,
      ['free', 'team', 'business'],
    );
    expect(mix).toEqual([
      { planId: 'free', planName: 'Free', portals: 12, trialing: 0, pastDue: 0, paused: 0 },
      { planId: 'team', planName: 'Team', portals: 6, trialing: 1, pastDue: 1, paused: 1 },
      { planId: 'business', planName: 'Business', portals: 2, trialing: 0, pastDue: 0, paused: 0 },
    ]);
  });

  it('always adds up to the number of portals', () => {
    const group = fc.record({
      planId: fc.constantFrom('team', 'business', 'gone'),
      planName: fc.constant('x'),
      status: fc.constantFrom('active', 'trialing', 'past_due', 'paused'),
      portals: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(
      fc.property(fc.array(group, { maxLength: 12 }), fc.integer({ min: 0, max: 500 }), (groups, extra) => {
        const total = groups.reduce((s, g) => s + g.portals, 0) + extra;
        const mix = planMix(groups, total, free, ['free', 'team', 'business']);
        expect(mix.reduce((s, r) => s + r.portals, 0)).toBe(total);
        expect(mix[0]!.portals).toBe(extra);
      }),
    );
  });
});

describe('this month', () => {
  it('starts at 00:00 UTC on the first day of the month', () => {
    expect(monthStart(new Date('2026-03-31T23:59:59.999Z')).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(monthStart(new Date('2026-01-01T00:00:00.000Z')).toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});
