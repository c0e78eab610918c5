import type { Interval } from './catalog.js';
import { addMonths, monthsIn, monthsUsed } from './periods.js';
import { prorate } from './proration.js';

/**
 * The refund policy (BIL-4), shown before every confirmation:
 * - monthly plans: no refund for the unused part; the plan runs to the period end;
 * - annual plans: the unused whole months come back; the plan runs to the end
 *   of the month already started.
 */
export interface RefundQuote {
  refund: number;
  unusedMonths: number;
  /** When the paid plan ends. */
  endsAt: Date;
}

export function refundOnCancel(input: { interval: Interval; paid: number; periodStart: Date; periodEnd: Date; at: Date; anchorDay?: number }): RefundQuote {
  const { interval, paid, periodStart, periodEnd, at } = input;
  if (interval === 'monthly') return { refund: 0, unusedMonths: 0, endsAt: periodEnd };
  const months = monthsIn(interval);
  const used = monthsUsed(periodStart, at, interval, input.anchorDay);
  const unusedMonths = months - used;
  const monthEnd = addMonths(periodStart, used, input.anchorDay);
  const endsAt = used >= months || monthEnd.getTime() > periodEnd.getTime() ? periodEnd : monthEnd;
  return { refund: prorate(Math.max(0, paid), unusedMonths, months), unusedMonths, endsAt };
}

export const refundPolicyText = (interval: Interval): string =>
  interval === 'annual'
    ? 'Annual plans: the unused whole months are refunded; the plan runs to the end of the month already started.'
    : 'Monthly plans: no refund for the unused part; the plan runs to the end of the period.';
