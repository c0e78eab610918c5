import { recordAudit } from '../audit/index.js';
import { AppError } from '../../kernel/errors.js';
import * as repo from './billing.repo.js';
import { lockedSubscription, logEvent, type BillingTx } from './billing.tx.js';
import { isPaid } from './changes.js';
import { DAY_MS } from './periods.js';
import { runPlanHooks } from './plan-hooks.js';
import { FREE_PLAN_ID, findPlan, tierOf } from './plans.js';
import { scheduleRenewal } from './renewals.service.js';
import { toSubscriptionOut } from './subscription.state.js';

/**
 * What the people who run the service grant a portal (LIF-7), and the switch
 * from self-hosted back to hosted (LIF-6). Both run in a billing transaction:
 *
 * - a trial extension moves the end of a trial (and of a comp) later;
 * - a comp gives a paid plan for free until a date. It is free time put in
 *   front of whatever was going to happen next: a paying portal goes on to its
 *   plan (or its scheduled downgrade or cancel) at the comp's end, a portal on
 *   Free goes back to Free unless an admin keeps the plan. While it lasts the
 *   subscription is `trialing` at no price, so an admin sees when it ends and
 *   can keep, change or cancel the plan as during a trial.
 */

function badField(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${path} ${message}`, { fields: [{ path, message }] });
}

export async function extendTrial(tx: BillingTx, input: { until: Date }) {
  const row = await lockedSubscription(tx);
  if (row.status !== 'trialing' || !row.trial_end) throw new AppError('CONFLICT', 'The portal is not in a trial (or a comp): there is no trial to extend.');
  if (input.until.getTime() <= Date.parse(row.trial_end)) throw badField('until', `must be after the current end of the trial, ${row.trial_end}`);
  const until = input.until.toISOString();
  await repo.updateSubscription(tx.s, { trial_end: until, current_period_end: until, anchor_day: input.until.getUTCDate(), updated_at: tx.atIso });
  // The renewal job of the old end finds another period end and stands down.
  await scheduleRenewal(tx, input.until, row.interval);
  const details = { planId: row.plan_id, from: row.trial_end, until };
  await logEvent(tx, 'subscription.trial_extended', details);
  await recordAudit(tx.ctx, { action: 'billing.trial_extended', targetType: 'subscription', targetId: row.id, details }, tx.trx);
  return toSubscriptionOut(tx.catalog, await repo.findSubscription(tx.s));
}

export interface GrantInput {
  planId: string;
  until: Date;
  /**
   * `next` (a comp): whatever was due at the period end still happens at the comp's end.
   * `free` (switching to hosted): the portal's earlier billing state is set aside; at the end it goes to Free unless an admin keeps the plan.
   */
  afterwards?: 'next' | 'free';
}

export async function grantPlan(tx: BillingTx, input: GrantInput) {
  const plan = findPlan(tx.catalog, input.planId);
  if (!plan || plan.id === FREE_PLAN_ID)
    throw badField(
      'planId',
      `must be a paid plan: ${tx.catalog.plans
        .filter((p) => p.id !== FREE_PLAN_ID)
        .map((p) => p.id)
        .join(', ')}`,
    );
  if (input.until.getTime() <= tx.at.getTime() + DAY_MS / 24) throw badField('until', 'must be at least an hour from now');
  const row = await lockedSubscription(tx);
  const fresh = input.afterwards === 'free';
  if (!fresh && row.status === 'paused')
    throw new AppError('CONFLICT', 'The plan is paused. It resumes by itself, or an admin of the portal resumes it; grant the plan after that.');
  if (!fresh && row.status === 'past_due')
    throw new AppError(
      'CONFLICT',
      'The portal has an unpaid invoice. Its payment is being retried; grant the plan once it is settled or the portal is back on Free.',
    );
  const paying = !fresh && isPaid({ planId: row.plan_id, status: row.status });
  const until = input.until.toISOString();
  await repo.updateSubscription(tx.s, {
    plan_id: plan.id,
    interval: paying ? row.interval : 'monthly',
    status: 'trialing',
    current_period_start: tx.atIso,
    current_period_end: until,
    anchor_day: input.until.getUTCDate(),
    period_price: 0,
    trial_end: until,
    // What happens at the end: the paying portal's own next step, or Free.
    cancel_at_period_end: paying ? row.cancel_at_period_end : 1,
    pending_plan_id: paying ? (row.cancel_at_period_end === 1 ? FREE_PLAN_ID : (row.pending_plan_id ?? row.plan_id)) : FREE_PLAN_ID,
    pending_interval: paying ? (row.pending_interval ?? row.interval) : null,
    pending_refund: paying ? row.pending_refund : 0,
    storage_units: fresh ? 0 : row.storage_units,
    pending_storage_units: fresh ? null : row.pending_storage_units,
    past_due_since: null,
    updated_at: tx.atIso,
  });
  await scheduleRenewal(tx, input.until, paying ? row.interval : 'monthly');
  const fromPlanId = isPaid({ planId: row.plan_id, status: row.status }) && !fresh ? row.plan_id : FREE_PLAN_ID;
  const step = tierOf(tx.catalog, plan.id) - tierOf(tx.catalog, fromPlanId);
  if (step !== 0)
    await runPlanHooks(tx, { fromPlanId, toPlanId: plan.id, reason: step > 0 ? 'upgraded' : 'downgraded', storageUnits: fresh ? 0 : row.storage_units });
  const details = { planId: plan.id, from: fromPlanId, until, afterwards: paying ? 'plan_continues' : 'free' };
  await logEvent(tx, 'subscription.plan_granted', details);
  await recordAudit(tx.ctx, { action: 'billing.plan_granted', targetType: 'subscription', targetId: row.id, details }, tx.trx);
  return toSubscriptionOut(tx.catalog, await repo.findSubscription(tx.s));
}

/** Sets a portal back to Free with nothing pending (switching to hosted with DEFAULT_PLAN / --plan free). */
export async function resetToFree(tx: BillingTx) {
  const row = await lockedSubscription(tx);
  const { id: _id, created_at: _c, ...free } = repo.freeSubscriptionRow(tx.atIso);
  await repo.updateSubscription(tx.s, { ...free, had_trial: row.had_trial });
  await logEvent(tx, 'subscription.reset_to_free', { from: row.plan_id });
  await recordAudit(tx.ctx, { action: 'billing.reset_to_free', targetType: 'subscription', targetId: row.id, details: { from: row.plan_id } }, tx.trx);
  return toSubscriptionOut(tx.catalog, await repo.findSubscription(tx.s));
}
