import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { getSubscription } from '../billing/index.js';
import type { DowngradeImpact } from './impact.js';
import { retentionOfferFor } from './cancel.service.js';
import * as repo from './lifecycle.repo.js';
import { toPauseOut } from './pause.service.js';

/** Where the portal stands in its lifecycle, for the billing page and the cancel flow (GET /api/billing/lifecycle). */
export async function lifecycleState(ctx: PortalContext) {
  const s = scopeOf(ctx);
  const subscription = await getSubscription(ctx);
  const scheduled = await repo.scheduledCancellation(s);
  // Only while billing still has it scheduled (the plan page can undo it too).
  const live = scheduled && (subscription.cancelAtPeriodEnd || subscription.pendingPlanId === scheduled.target_plan_id) ? scheduled : null;
  const pause = await repo.activePause(s);
  const last = await repo.lastDowngrade(s);
  const offer = retentionOfferFor(subscription.status);
  return {
    subscription,
    cancellation: live
      ? {
          reference: live.reference,
          mode: live.mode,
          planId: live.target_plan_id,
          effectiveAt: live.effective_at,
          reason: live.reason,
          createdAt: live.created_at,
        }
      : null,
    pause: pause ? toPauseOut(pause) : null,
    retentionOffer: offer && !subscription.cancelAtPeriodEnd ? { kind: offer, months: [1, 2, 3] } : null,
    lastDowngrade: last
      ? {
          fromPlanId: last.from_plan_id,
          planId: last.to_plan_id,
          appliedAt: last.applied_at,
          restoredAt: last.restored_at,
          usersDeactivated: (JSON.parse(last.deactivated_user_ids) as string[]).length,
          impact: JSON.parse(last.impact) as DowngradeImpact,
        }
      : null,
  };
}
