import type { BillingTx } from './billing.tx.js';

/**
 * Other modules' reactions to a plan change, run inside the billing change's
 * transaction, so they happen if and only if the change commits. The
 * lifecycle module installs one: at a downgrade it deactivates users over the
 * seat limit and forfeits what the preview said; at an upgrade it restores
 * what the downgrade changed (LIF-2/LIF-3).
 */

export type PlanTransitionReason = 'started' | 'upgraded' | 'downgraded' | 'cancelled' | 'payment_failed';

export interface PlanTransition {
  fromPlanId: string;
  toPlanId: string;
  reason: PlanTransitionReason;
  /** Extra storage units billed as the old plan ends (a scheduled removal counted), or with the new plan. */
  storageUnits: number;
  /** The refund issued as the plan ends (annual cancel), minor units. */
  refund?: number;
}

/** `notified`: the hook mailed the admins about this change, so billing does not send its own notice. */
export type PlanHook = (tx: BillingTx, change: PlanTransition) => Promise<{ notified?: boolean } | void>;

const hooks = new Set<PlanHook>();

export function onPlanTransition(hook: PlanHook): void {
  hooks.add(hook);
}

/** Runs every hook in turn; true when one of them notified the admins. */
export async function runPlanHooks(tx: BillingTx, change: PlanTransition): Promise<boolean> {
  let notified = false;
  for (const hook of hooks) notified = ((await hook(tx, change)) || {}).notified === true || notified;
  return notified;
}
