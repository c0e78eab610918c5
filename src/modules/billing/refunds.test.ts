import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, DAY_MS, periodEndOf } from './periods.js';
import { refundOnCancel } from './refunds.js';

const paid = fc.integer({ min: 0, max: 10_000_000 });
const start = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true });
const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const inside = (s: Date, end: Date, f: number) => new Date(s.getTime() + Math.floor((end.getTime() - s.getTime()) * f));

describe('refund policy (BIL-4)', () => {
  it('gives nothing back for the unused part of a monthly plan, which runs to its end', () => {
    fc.assert(
      fc.property(paid, start, fraction, (p, s, f) => {
        const end = periodEndOf(s, 'monthly');
        expect(refundOnCancel({ interval: 'monthly', paid: p, periodStart: s, periodEnd: end, at: inside(s, end, f) })).toEqual({
          refund: 0,
          unusedMonths: 0,
          endsAt: end,
        });
      }),
    );
  });

  it('gives back the unused whole months of an annual plan: never negative, never more than paid', () => {
    fc.assert(
      fc.property(paid, start, fraction, (p, s, f) => {
        const end = periodEndOf(s, 'annual');
        const at = inside(s, end, f);
        const q = refundOnCancel({ interval: 'annual', paid: p, periodStart: s, periodEnd: end, at });
        expect(q.refund).toBeGreaterThanOrEqual(0);
        expect(q.refund).toBeLessThanOrEqual(p);
        expect(q.unusedMonths).toBeGreaterThanOrEqual(0);
        expect(q.unusedMonths).toBeLessThanOrEqual(12);
        expect(q.refund).toBe(Math.floor((p * q.unusedMonths) / 12));
        // The plan runs to the end of the month already started, and that month is not refunded.
        expect(q.endsAt.getTime()).toBeGreaterThanOrEqual(at.getTime());
        expect(q.endsAt.getTime()).toBeLessThanOrEqual(end.getTime());
        expect(q.endsAt.getTime() - at.getTime()).toBeLessThanOrEqual(31 * DAY_MS);
        expect(q.endsAt.getTime()).toBe(q.unusedMonths === 0 ? end.getTime() : addMonths(s, 12 - q.unusedMonths).getTime());
      }),
    );
  });

  it('gives back less the later the cancel comes', () => {
    fc.assert(
      fc.property(paid, start, fraction, fraction, (p, s, f1, f2) => {
        const end = periodEndOf(s, 'annual');
        const [a, b] = [inside(s, end, Math.min(f1, f2)), inside(s, end, Math.max(f1, f2))];
        const early = refundOnCancel({ interval: 'annual', paid: p, periodStart: s, periodEnd: end, at: a });
        const late = refundOnCancel({ interval: 'annual', paid: p, periodStart: s, periodEnd: end, at: b });
        expect(late.refund).toBeLessThanOrEqual(early.refund);
      }),
    );
  });

  it('refunds 10 of 12 months of $120 on day 40', () => {
    const s = new Date('2026-01-15T09:00:00Z');
    const q = refundOnCancel({ interval: 'annual', paid: 12000, periodStart: s, periodEnd: periodEndOf(s, 'annual'), at: new Date(s.getTime() + 40 * DAY_MS) });
    expect(q).toEqual({ refund: 10000, unusedMonths: 10, endsAt: new Date('2026-03-15T09:00:00Z') });
  });
});
