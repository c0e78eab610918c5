import type { SubscriptionRow } from '../../db/tables/billing.js';
import type { Catalog } from './catalog.js';
import type { RenewingSubscription } from './renewal.js';
import { findPlan } from './plans.js';
import { periodEndOf } from './periods.js';

/** Row ⇄ domain state, and the API view of a subscription. */

export function stateOf(row: SubscriptionRow): RenewingSubscription {
  return {
    planId: row.plan_id,
    interval: row.interval,
    status: row.status,
    periodStart: row.current_period_start ? new Date(row.current_period_start) : null,
    periodEnd: row.current_period_end ? new Date(row.current_period_end) : null,
    anchorDay: row.anchor_day,
    periodPrice: Number(row.period_price),
    storageUnits: row.storage_units,
    hadTrial: row.had_trial === 1,
    pendingPlanId: row.pending_plan_id,
    pendingInterval: row.pending_interval,
    pendingStorageUnits: row.pending_storage_units,
    cancelAtPeriodEnd: row.cancel_at_period_end === 1,
    pendingRefund: Number(row.pending_refund),
  };
}

export function toSubscriptionOut(catalog: Catalog, row: SubscriptionRow | undefined) {
  if (!row || row.status === 'free') {
    return {
      planId: 'free',
      planName: findPlan(catalog, 'free')!.name,
      interval: 'monthly' as const,
      status: 'free' as const,
      currentPeriodStart: null,
      currentPeriodEnd: null,
      cancelAtPeriodEnd: false,
      pendingPlanId: null,
      pendingInterval: null,
      trialEnd: null,
      pastDueSince: null,
      storageUnits: 0,
      pendingStorageUnits: null,
    };
  }
  return {
    planId: row.plan_id,
    planName: findPlan(catalog, row.plan_id)?.name ?? row.plan_id,
    interval: row.interval,
    status: row.status,
    currentPeriodStart: row.current_period_start,
    currentPeriodEnd: row.current_period_end,
    cancelAtPeriodEnd: row.cancel_at_period_end === 1,
    pendingPlanId: row.pending_plan_id,
    pendingInterval: row.pending_interval,
    trialEnd: row.trial_end,
    pastDueSince: row.past_due_since,
    storageUnits: row.storage_units,
    pendingStorageUnits: row.pending_storage_units,
  };
}

/** Where the current period ends when nothing cuts it short (a scheduled annual cancel ends it early). */
export function fullPeriodEnd(row: SubscriptionRow): Date | null {
  if (row.status === 'trialing' && row.trial_end) return new Date(row.trial_end);
  if (!row.current_period_start) return null;
  return periodEndOf(new Date(row.current_period_start), row.interval, row.anchor_day ?? undefined);
}

/** The state a plan change is quoted on: a scheduled cancel is set aside, as the change replaces it. */
export function stateForChange(row: SubscriptionRow): RenewingSubscription {
  const state = stateOf(row);
  return row.cancel_at_period_end === 1 ? { ...state, periodEnd: fullPeriodEnd(row) ?? state.periodEnd, cancelAtPeriodEnd: false } : state;
}
