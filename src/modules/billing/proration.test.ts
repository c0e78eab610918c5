import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, periodEndOf } from './periods.js';
import { prorate, prorateSwitch, prorateUpgrade } from './proration.js';

const amount = fc.integer({ min: 0, max: 10_000_000 });
const start = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true });
const interval = fc.constantFrom('monthly' as const, 'annual' as const);
/** A period and an instant inside it. */
const periodAndInstant = fc.tuple(start, interval, fc.double({ min: 0, max: 1, noNaN: true })).map(([s, i, f]) => {
  const end = periodEndOf(s, i);
  return { period: { start: s, end }, at: new Date(s.getTime() + Math.floor((end.getTime() - s.getTime()) * f)) };
});
/** Old and new price of an upgrade: the new one is at least the old one. */
const upgradePrices = fc.tuple(amount, amount).map(([a, b]) => ({ oldAmount: Math.min(a, b), newAmount: Math.max(a, b) }));

describe('prorate', () => {
  it('takes exactly the part, rounded down', () => {
    expect(prorate(1000, 10, 30)).toBe(333);
    expect(prorate(1000, 30, 30)).toBe(1000);
    expect(prorate(1000, 0, 30)).toBe(0);
    expect(prorate(9_007_199_254_740, 3, 7)).toBe(3_860_228_252_031); // no float error on large amounts
  });
});

describe('upgrade within a period (property)', () => {
  it('never charges or credits a negative amount, nor more than the prices', () => {
    fc.assert(
      fc.property(upgradePrices, periodAndInstant, ({ oldAmount, newAmount }, { period, at }) => {
        const r = prorateUpgrade({ oldAmount, newAmount, period, at });
        expect(r.credit).toBeGreaterThanOrEqual(0);
        expect(r.charge).toBeGreaterThanOrEqual(0);
        expect(r.chargeNow).toBeGreaterThanOrEqual(0);
        expect(r.credit).toBeLessThanOrEqual(oldAmount); // never more back than the period cost
        expect(r.charge).toBeLessThanOrEqual(newAmount);
        expect(r.chargeNow).toBeLessThanOrEqual(newAmount - 0);
      }),
    );
  });

  it('adds up: what is charged now plus the credit is the new plan for the days left', () => {
    fc.assert(
      fc.property(upgradePrices, periodAndInstant, ({ oldAmount, newAmount }, { period, at }) => {
        const r = prorateUpgrade({ oldAmount, newAmount, period, at });
        expect(r.chargeNow + r.credit).toBe(r.charge);
        expect(r.unusedDays).toBeLessThanOrEqual(r.totalDays);
      }),
    );
  });

  it('credits less the later the upgrade comes', () => {
    fc.assert(
      fc.property(upgradePrices, periodAndInstant, fc.integer({ min: 0, max: 40 * DAY_MS }), ({ oldAmount, newAmount }, { period, at }, later) => {
        const early = prorateUpgrade({ oldAmount, newAmount, period, at });
        const late = prorateUpgrade({ oldAmount, newAmount, period, at: new Date(at.getTime() + later) });
        expect(late.credit).toBeLessThanOrEqual(early.credit);
        expect(late.chargeNow).toBeLessThanOrEqual(early.chargeNow);
      }),
    );
  });

  it('is the whole difference at the start and nothing at the end', () => {
    const period = { start: new Date('2026-01-10T12:00:00Z'), end: new Date('2026-02-10T12:00:00Z') };
    expect(prorateUpgrade({ oldAmount: 1000, newAmount: 3000, period, at: period.start })).toMatchObject({ credit: 1000, charge: 3000, chargeNow: 2000 });
    expect(prorateUpgrade({ oldAmount: 1000, newAmount: 3000, period, at: period.end })).toMatchObject({ credit: 0, charge: 0, chargeNow: 0 });
    // 10 days and an hour in: 20 of 31 days are left.
    const at = new Date(period.start.getTime() + 10 * DAY_MS + 3_600_000);
    expect(prorateUpgrade({ oldAmount: 1000, newAmount: 3000, period, at })).toMatchObject({
      unusedDays: 20,
      totalDays: 31,
      credit: 645,
      charge: 1935,
      chargeNow: 1290,
    });
  });
});

describe('upgrade that starts a new period (property)', () => {
  it('charges the new price less a credit of at most that price, never negative', () => {
    fc.assert(
      fc.property(amount, amount, periodAndInstant, (oldAmount, newAmount, { period, at }) => {
        const r = prorateSwitch({ oldAmount, newAmount, period, at });
        expect(r.credit).toBeGreaterThanOrEqual(0);
        expect(r.credit).toBeLessThanOrEqual(Math.min(oldAmount, newAmount));
        expect(r.chargeNow).toBeGreaterThanOrEqual(0);
        expect(r.chargeNow + r.credit).toBe(newAmount);
      }),
    );
  });
});
