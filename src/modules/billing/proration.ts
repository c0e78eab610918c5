import { daysLeft } from './periods.js';

/**
 * Proration in whole days (BIL-2): an upgrade charges the new price for the
 * days left in the period and credits the old price for the same days. Whole
 * days keep the quote shown before confirming equal to the charge that day.
 */

/** `amount × part / whole`, rounded down, exact for any amounts (no float error). */
export function prorate(amount: number, part: number, whole: number): number {
  if (whole <= 0 || part <= 0 || amount <= 0) return 0;
  if (part >= whole) return amount;
  return Number((BigInt(amount) * BigInt(part)) / BigInt(whole));
}

export interface Period {
  start: Date;
  end: Date;
}

export interface ProrationResult {
  /** Value of the old plan for the unused days: never more than what the period cost. */
  credit: number;
  /** The new plan for the same days. */
  charge: number;
  /** What the customer pays now: charge − credit, never negative. */
  chargeNow: number;
  unusedDays: number;
  totalDays: number;
}

/** Upgrade within the same period (same interval): pay the difference for the days left. */
export function prorateUpgrade(input: { oldAmount: number; newAmount: number; period: Period; at: Date }): ProrationResult {
  const { unused, total } = daysLeft(input.period.start, input.period.end, input.at);
  const credit = prorate(input.oldAmount, unused, total);
  const charge = prorate(input.newAmount, unused, total);
  return { credit: Math.min(credit, charge), charge, chargeNow: Math.max(0, charge - credit), unusedDays: unused, totalDays: total };
}

/**
 * Upgrade that starts a new period now (e.g. monthly → annual): the new period
 * costs its full price, less the unused days of the old one (at most the price).
 */
export function prorateSwitch(input: { oldAmount: number; newAmount: number; period: Period; at: Date }): ProrationResult {
  const { unused, total } = daysLeft(input.period.start, input.period.end, input.at);
  const credit = Math.min(prorate(input.oldAmount, unused, total), input.newAmount);
  return { credit, charge: input.newAmount, chargeNow: input.newAmount - credit, unusedDays: unused, totalDays: total };
}
