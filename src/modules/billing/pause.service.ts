import { recordAudit } from '../audit/index.js';
import { AppError } from '../../kernel/errors.js';
import * as repo from './billing.repo.js';
import { lockedSubscription, logEvent, type BillingTx } from './billing.tx.js';
import { isPaid } from './changes.js';
import { scheduleRenewal } from './renewals.service.js';
import { toSubscriptionOut } from './subscription.state.js';

/**
 * Pausing a paid plan (LIF-4): while paused nothing renews and no invoice is
 * issued (renewals skip a paused subscription). The days of the period that
 * were left when the pause began are not lost: on resume the period moves
 * forward by the length of the pause, and renews from there.
 */

export function assertPausable(row: { plan_id: string; status: string; cancel_at_period_end: number }): void {
  if (!isPaid({ planId: row.plan_id, status: row.status as never }))
    throw new AppError('CONFLICT', 'The portal is on the Free plan: there is nothing to pause.');
  if (row.status === 'paused') throw new AppError('CONFLICT', 'The subscription is already paused.');
  if (row.status === 'trialing') throw new AppError('CONFLICT', 'A trial cannot be paused. Cancel it instead: nothing is charged.');
  if (row.status === 'past_due') throw new AppError('PAYMENT_REQUIRED', 'The last invoice is unpaid. Update your card to pay it; then you can pause.');
  if (row.cancel_at_period_end === 1)
    throw new AppError('CONFLICT', 'The plan is already cancelled for the end of the period. Keep the plan first to pause it instead.');
}

export async function pauseSubscription(tx: BillingTx, resumeAt: Date) {
  const row = await lockedSubscription(tx);
  assertPausable(row);
  await repo.updateSubscription(tx.s, { status: 'paused', updated_at: tx.atIso });
  const details = { planId: row.plan_id, resumeAt: resumeAt.toISOString(), periodEnd: row.current_period_end };
  await logEvent(tx, 'subscription.paused', details);
  await recordAudit(tx.ctx, { action: 'billing.subscription_paused', targetType: 'subscription', targetId: row.id, details }, tx.trx);
  return toSubscriptionOut(tx.catalog, await repo.findSubscription(tx.s));
}

/** Ends a pause that began at `pausedAt`: the period moves forward by the time paused, and renews from its new end. */
export async function resumeSubscription(tx: BillingTx, pausedAt: Date) {
  const row = await lockedSubscription(tx);
  if (row.status !== 'paused') return toSubscriptionOut(tx.catalog, row);
  const shift = Math.max(0, tx.at.getTime() - pausedAt.getTime());
  const moved = (iso: string | null) => (iso ? new Date(Date.parse(iso) + shift) : null);
  const start = moved(row.current_period_start);
  const end = moved(row.current_period_end) ?? tx.at;
  await repo.updateSubscription(tx.s, {
    status: 'active',
    current_period_start: start?.toISOString() ?? null,
    current_period_end: end.toISOString(),
    anchor_day: end.getUTCDate(),
    updated_at: tx.atIso,
  });
  await scheduleRenewal(tx, end, row.interval);
  const details = { planId: row.plan_id, pausedDays: Math.round(shift / 86_400_000), periodEnd: end.toISOString() };
  await logEvent(tx, 'subscription.resumed', details);
  await recordAudit(tx.ctx, { action: 'billing.subscription_resumed', targetType: 'subscription', targetId: row.id, details }, tx.trx);
  return toSubscriptionOut(tx.catalog, await repo.findSubscription(tx.s));
}
