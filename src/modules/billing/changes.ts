import type { Catalog, Interval, Plan } from './catalog.js';
import { DAY_MS, monthsIn, periodEndOf } from './periods.js';
import { FREE_PLAN_ID, findPlan, priceOf, tierOf } from './plans.js';
import { prorateSwitch, prorateUpgrade } from './proration.js';
import { refundOnCancel } from './refunds.js';

/**
 * What a plan change does, as a pure function of the catalog, the subscription
 * and the time: the preview endpoint shows it, and the change applies exactly it.
 */

export type { SubscriptionStatus } from '../../db/tables/billing.js';
import type { SubscriptionStatus } from '../../db/tables/billing.js';

export interface SubscriptionState {
  planId: string;
  interval: Interval;
  status: SubscriptionStatus;
  periodStart: Date | null;
  periodEnd: Date | null;
  anchorDay: number | null;
  /** What the current period's plan costs (list price when the period started or was upgraded). */
  periodPrice: number;
  storageUnits: number;
  hadTrial: boolean;
}

export interface InvoiceLine {
  description: string;
  amount: number;
  quantity: number;
  periodStart?: string;
  periodEnd?: string;
}

export type ChangeKind = 'start' | 'upgrade' | 'downgrade' | 'cancel' | 'unchanged';

export interface ChangeQuote {
  kind: ChangeKind;
  planId: string;
  interval: Interval;
  /** When the change applies: now, or the end of the paid period. */
  effectiveAt: Date;
  chargeNow: number;
  credit: number;
  refund: number;
  /** Lines of the invoice charged now (empty when nothing is charged now). */
  lines: InvoiceLine[];
  /** The period that starts now, when one does. */
  newPeriod: { start: Date; end: Date } | null;
  trialEnd: Date | null;
  nextInvoice: { date: Date | null; total: number; lines: InvoiceLine[] };
}

export const isPaid = (s: Pick<SubscriptionState, 'planId' | 'status'>) => s.status !== 'free' && s.planId !== FREE_PLAN_ID;

const intervalRank = (i: Interval) => (i === 'annual' ? 1 : 0);

/** Upgrades (dearer plan, or monthly → annual) apply now; anything cheaper waits for the period end. */
export function classifyChange(catalog: Catalog, current: SubscriptionState, target: { planId: string; interval: Interval }): ChangeKind {
  if (!isPaid(current)) return target.planId === FREE_PLAN_ID ? 'unchanged' : 'start';
  if (target.planId === FREE_PLAN_ID) return 'cancel';
  if (target.planId === current.planId && target.interval === current.interval) return 'unchanged';
  const tierUp = tierOf(catalog, target.planId) - tierOf(catalog, current.planId);
  const intervalUp = intervalRank(target.interval) - intervalRank(current.interval);
  return tierUp >= 0 && intervalUp >= 0 ? 'upgrade' : 'downgrade';
}

export function storageAddonAmount(catalog: Catalog, units: number, interval: Interval): number {
  return units * catalog.addons.storage.monthly.amount * monthsIn(interval);
}

const planLine = (plan: Plan, interval: Interval, start: Date, end: Date): InvoiceLine => ({
  description: `${plan.name} plan (${interval})`,
  amount: priceOf(plan, interval),
  quantity: 1,
  periodStart: start.toISOString(),
  periodEnd: end.toISOString(),
});

export function storageLine(catalog: Catalog, units: number, interval: Interval, start: Date, end: Date): InvoiceLine {
  const gb = catalog.addons.storage.unitBytes / 1e9;
  return {
    description: `Extra storage, ${units} × ${gb} GB (${interval})`,
    amount: storageAddonAmount(catalog, units, interval),
    quantity: units,
    periodStart: start.toISOString(),
    periodEnd: end.toISOString(),
  };
}

/** The lines billed for one full period of a plan with its storage add-on. */
export function periodLines(catalog: Catalog, plan: Plan, interval: Interval, units: number, start: Date, end: Date): InvoiceLine[] {
  const lines = [planLine(plan, interval, start, end)];
  if (units > 0) lines.push(storageLine(catalog, units, interval, start, end));
  return lines;
}

const total = (lines: InvoiceLine[]) => lines.reduce((s, l) => s + l.amount, 0);

export function quoteChange(catalog: Catalog, current: SubscriptionState, target: { planId: string; interval: Interval }, at: Date): ChangeQuote {
  const plan = findPlan(catalog, target.planId);
  if (!plan) throw new Error(`unknown plan ${target.planId}`);
  const kind = classifyChange(catalog, current, target);
  const units = current.storageUnits;
  const base = { kind, planId: plan.id, interval: target.interval, credit: 0, refund: 0, trialEnd: null, newPeriod: null };
  const nextPeriod = (start: Date, interval: Interval, p: Plan, u: number, anchorDay?: number) => {
    const end = periodEndOf(start, interval, anchorDay);
    const lines = periodLines(catalog, p, interval, u, start, end);
    return { date: start, total: total(lines), lines };
  };

  if (kind === 'start') {
    if (plan.trialDays > 0 && !current.hadTrial) {
      const trialEnd = new Date(at.getTime() + plan.trialDays * DAY_MS);
      return {
        ...base,
        effectiveAt: at,
        chargeNow: 0,
        lines: [],
        trialEnd,
        newPeriod: { start: at, end: trialEnd },
        nextInvoice: nextPeriod(trialEnd, target.interval, plan, 0),
      };
    }
    const end = periodEndOf(at, target.interval);
    const lines = periodLines(catalog, plan, target.interval, 0, at, end);
    return { ...base, effectiveAt: at, chargeNow: total(lines), lines, newPeriod: { start: at, end }, nextInvoice: nextPeriod(end, target.interval, plan, 0) };
  }

  const start = current.periodStart ?? at;
  const end = current.periodEnd ?? at;
  const currentPlan = findPlan(catalog, current.planId) ?? plan;
  const renewal = (p: Plan, interval: Interval, u: number) => nextPeriod(end, interval, p, u, current.anchorDay ?? undefined);

  if (kind === 'unchanged') {
    return {
      ...base,
      effectiveAt: at,
      chargeNow: 0,
      lines: [],
      nextInvoice: isPaid(current) ? renewal(currentPlan, current.interval, units) : { date: null, total: 0, lines: [] },
    };
  }
  if (kind === 'downgrade') {
    return { ...base, effectiveAt: end, chargeNow: 0, lines: [], nextInvoice: renewal(plan, target.interval, units) };
  }
  if (kind === 'cancel') {
    const q = refundOnCancel({
      interval: current.interval,
      paid: current.periodPrice,
      periodStart: start,
      periodEnd: end,
      at,
      anchorDay: current.anchorDay ?? undefined,
    });
    return { ...base, effectiveAt: q.endsAt, chargeNow: 0, refund: q.refund, lines: [], nextInvoice: { date: q.endsAt, total: 0, lines: [] } };
  }

  // Upgrade during a trial: the trial goes on with the new plan; nothing is charged yet.
  if (current.status === 'trialing') {
    return { ...base, effectiveAt: at, chargeNow: 0, lines: [], trialEnd: end, nextInvoice: nextPeriod(end, target.interval, plan, units) };
  }
  // Upgrade. Same interval: the days left at the new price, less the same days at the old one.
  const oldValue = current.periodPrice + storageAddonAmount(catalog, units, current.interval);
  const period = { start, end };
  if (target.interval === current.interval) {
    const p = prorateUpgrade({ oldAmount: current.periodPrice, newAmount: priceOf(plan, target.interval), period, at });
    const lines: InvoiceLine[] = [
      {
        description: `${plan.name} plan (${target.interval}), ${p.unusedDays} of ${p.totalDays} days left`,
        amount: p.charge,
        quantity: 1,
        periodStart: at.toISOString(),
        periodEnd: end.toISOString(),
      },
    ];
    if (p.credit > 0)
      lines.push({
        description: `Unused ${p.unusedDays} of ${p.totalDays} days of ${currentPlan.name} plan (${current.interval})`,
        amount: -p.credit,
        quantity: 1,
      });
    return { ...base, effectiveAt: at, chargeNow: p.chargeNow, credit: p.credit, lines, nextInvoice: renewal(plan, target.interval, units) };
  }
  // Monthly → annual: a new period starts now; the unused days of the old one (add-on included) count toward it.
  const newEnd = periodEndOf(at, target.interval);
  const newLines = periodLines(catalog, plan, target.interval, units, at, newEnd);
  const p = prorateSwitch({ oldAmount: oldValue, newAmount: total(newLines), period, at });
  const lines = [...newLines];
  if (p.credit > 0)
    lines.push({
      description: `Unused ${p.unusedDays} of ${p.totalDays} days of ${currentPlan.name} plan (${current.interval})`,
      amount: -p.credit,
      quantity: 1,
    });
  return {
    ...base,
    effectiveAt: at,
    chargeNow: p.chargeNow,
    credit: p.credit,
    lines,
    newPeriod: { start: at, end: newEnd },
    nextInvoice: nextPeriod(newEnd, target.interval, plan, units),
  };
}
