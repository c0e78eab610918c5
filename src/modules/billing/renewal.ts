import type { Catalog, Interval } from './catalog.js';
import { periodLines, type InvoiceLine, type SubscriptionState } from './changes.js';
import { periodEndOf } from './periods.js';
import { findPlan, priceOf } from './plans.js';

/** What happens when a paid period ends: renew (with any scheduled change applied) or drop to Free. */

export interface RenewingSubscription extends SubscriptionState {
  pendingPlanId: string | null;
  pendingInterval: Interval | null;
  pendingStorageUnits: number | null;
  cancelAtPeriodEnd: boolean;
  pendingRefund: number;
}

export type RenewalStep =
  | { kind: 'not_due' }
  | { kind: 'to_free'; refund: number }
  | {
      kind: 'renew';
      planId: string;
      interval: Interval;
      storageUnits: number;
      periodStart: Date;
      periodEnd: Date;
      periodPrice: number;
      lines: InvoiceLine[];
      total: number;
    };

export function renewalStep(catalog: Catalog, sub: RenewingSubscription, at: Date): RenewalStep {
  if (sub.status === 'free' || sub.status === 'paused' || sub.status === 'past_due') return { kind: 'not_due' };
  if (!sub.periodEnd || sub.periodEnd.getTime() > at.getTime()) return { kind: 'not_due' };
  if (sub.cancelAtPeriodEnd) return { kind: 'to_free', refund: sub.pendingRefund };
  const plan = findPlan(catalog, sub.pendingPlanId ?? sub.planId);
  // A plan the operator took out of the catalog is not renewed; the portal keeps its data on Free.
  if (!plan) return { kind: 'to_free', refund: 0 };
  const interval = sub.pendingInterval ?? sub.interval;
  const storageUnits = sub.pendingStorageUnits ?? sub.storageUnits;
  const periodStart = sub.periodEnd;
  const periodEnd = periodEndOf(periodStart, interval, sub.anchorDay ?? undefined);
  const lines = periodLines(catalog, plan, interval, storageUnits, periodStart, periodEnd);
  return {
    kind: 'renew',
    planId: plan.id,
    interval,
    storageUnits,
    periodStart,
    periodEnd,
    periodPrice: priceOf(plan, interval),
    lines,
    total: lines.reduce((s, l) => s + l.amount, 0),
  };
}

/** Days after a failed renewal on which the charge is tried again; after the last one the portal drops to Free. */
export const RETRY_DAYS = [1, 3, 5] as const;
