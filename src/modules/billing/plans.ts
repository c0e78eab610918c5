import type { Catalog, Feature, Interval, Plan } from './catalog.js';

/** Pure helpers over the catalog: prices, plan order, and which plan would allow a thing. */

export const FREE_PLAN_ID = 'free';

export const featureLabels: Record<Feature, string> = {
  automations: 'Automations',
  telephony: 'Telephony',
  booking_pages_team: 'Team booking pages',
  auto_scheduling: 'Auto-scheduling',
};

export function findPlan(catalog: Catalog, id: string): Plan | undefined {
  return catalog.plans.find((p) => p.id === id);
}

export function freePlan(catalog: Catalog): Plan {
  return findPlan(catalog, FREE_PLAN_ID)!;
}

export const priceOf = (plan: Plan, interval: Interval): number => plan.prices[interval].amount;

/** Plans ordered from cheapest to dearest (by monthly price, then catalog order). */
export function plansByPrice(catalog: Catalog): Plan[] {
  return catalog.plans
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.prices.monthly.amount - b.p.prices.monthly.amount || a.i - b.i)
    .map((x) => x.p);
}

/** The rank of a plan in price order: a higher rank is an upgrade. */
export function tierOf(catalog: Catalog, planId: string): number {
  return plansByPrice(catalog).findIndex((p) => p.id === planId);
}

const allows = (limit: number | null, need: number) => limit === null || limit >= need;

/** The cheapest plan dearer than `current` that has room for `seats` active users. */
export function planForSeats(catalog: Catalog, current: Plan, seats: number): Plan | undefined {
  return plansByPrice(catalog).find((p) => tierOf(catalog, p.id) > tierOf(catalog, current.id) && allows(p.limits.seats, seats));
}

export function planForStorage(catalog: Catalog, current: Plan, bytes: number): Plan | undefined {
  return plansByPrice(catalog).find((p) => tierOf(catalog, p.id) > tierOf(catalog, current.id) && allows(p.limits.storageBytes, bytes));
}

export function planWithFeature(catalog: Catalog, feature: Feature): Plan | undefined {
  return plansByPrice(catalog).find((p) => p.features.includes(feature));
}

export function formatMoney(amount: number, currency: string): string {
  const f = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(amount / 10 ** digits);
}

export function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${v} bytes` : `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}

export const intervalLabel = (i: Interval) => (i === 'annual' ? 'annual' : 'monthly');

export function seatLimitMessage(catalog: Catalog, plan: Plan, needed: number): string {
  const next = planForSeats(catalog, plan, needed);
  const has = `Your ${plan.name} plan includes ${plan.limits.seats} seat${plan.limits.seats === 1 ? '' : 's'}.`;
  if (!next) return `${has} That is the most any plan offers; deactivate a user to free a seat.`;
  return `${has} Upgrade to ${next.name} for ${next.limits.seats === null ? 'unlimited seats' : `up to ${next.limits.seats}`}.`;
}

export function storageLimitMessage(catalog: Catalog, plan: Plan, quota: number, needed: number): string {
  const next = planForStorage(catalog, plan, needed);
  const has = `Your ${plan.name} plan includes ${formatBytes(quota)} of storage.`;
  const addon = ' or add extra storage';
  if (!next) return `${has} Free some space${plan.id === FREE_PLAN_ID ? '' : addon}.`;
  const room = next.limits.storageBytes === null ? 'unlimited storage' : formatBytes(next.limits.storageBytes);
  return `${has} Upgrade to ${next.name} for ${room}${plan.id === FREE_PLAN_ID ? '' : addon}.`;
}

export function featureMessage(catalog: Catalog, plan: Plan, feature: Feature): string {
  const with_ = planWithFeature(catalog, feature);
  const label = featureLabels[feature] ?? feature;
  const base = `${label} is not included in your ${plan.name} plan.`;
  return with_ ? `${base} Upgrade to ${with_.name} to use it.` : base;
}
