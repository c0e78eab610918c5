import type { Interval } from './catalog.js';

/**
 * Billing periods in UTC calendar months. A period keeps the day of month it
 * started on (its anchor): a plan bought on 31 January renews on 28 February,
 * then on 31 March — the short month does not pull every later date back.
 */

export const DAY_MS = 86_400_000;

export const monthsIn = (interval: Interval): number => (interval === 'annual' ? 12 : 1);

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** `from` plus `months` calendar months, on the anchor day (clamped to the month's length), same time of day. */
export function addMonths(from: Date, months: number, anchorDay: number = from.getUTCDate()): Date {
  const total = from.getUTCFullYear() * 12 + from.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const day = Math.min(anchorDay, daysInMonth(year, month));
  return new Date(Date.UTC(year, month, day, from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds()));
}

export function periodEndOf(start: Date, interval: Interval, anchorDay: number = start.getUTCDate()): Date {
  return addMonths(start, monthsIn(interval), anchorDay);
}

/**
 * Months of a period used by `at`: a month that has started counts as used.
 * 0 exactly at the start; at most the period's length.
 */
export function monthsUsed(start: Date, at: Date, interval: Interval, anchorDay: number = start.getUTCDate()): number {
  const max = monthsIn(interval);
  for (let m = 0; m < max; m++) if (addMonths(start, m, anchorDay).getTime() >= at.getTime()) return m;
  return max;
}

/** Whole days of the period left after `at` (a started day counts as used), and the period's length in days. */
export function daysLeft(start: Date, end: Date, at: Date): { unused: number; total: number } {
  const total = Math.max(1, Math.round((end.getTime() - start.getTime()) / DAY_MS));
  const unused = Math.min(total, Math.max(0, Math.floor((end.getTime() - at.getTime()) / DAY_MS)));
  return { unused, total };
}

export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
