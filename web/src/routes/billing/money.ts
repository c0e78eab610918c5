import type { Interval, Subscription } from './types';

/** Minor units (cents) → "$12.50", with the currency's own number of decimals. */
export function formatMoney(amount: number, currency: string): string {
  const f = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  return f.format(amount / 10 ** minorDigits(currency));
}

export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function formatBytes(n: number | null): string {
  if (n === null) return 'Unlimited';
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${v} bytes` : `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}

export const intervalNoun = (i: Interval) => (i === 'annual' ? 'year' : 'month');

export const statusLabels: Record<Subscription['status'], string> = {
  free: 'Free',
  trialing: 'Trial',
  active: 'Active',
  past_due: 'Payment due',
  paused: 'Paused',
};

export const statusColors: Record<Subscription['status'], string> = {
  free: 'gray',
  trialing: 'blue',
  active: 'green',
  past_due: 'red',
  paused: 'yellow',
};

export const invoiceKindLabels: Record<string, string> = {
  subscription: 'New plan',
  proration: 'Plan upgrade',
  renewal: 'Renewal',
  addon: 'Extra storage',
  credits: 'Telephony credits',
  credit_note: 'Credit note (refund)',
};

/** A fresh key per confirmation: a double click or a retried request is charged once. */
export const idempotencyKey = () => (globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`).toString();
