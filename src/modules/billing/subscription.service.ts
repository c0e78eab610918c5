import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { recordAudit } from '../audit/index.js';
import * as repo from './billing.repo.js';
import { tellPlanChange } from './billing.mail.js';
import type { SubscriptionRow } from '../../db/tables/billing.js';
import { lockedSubscription, logEvent, type BillingTx } from './billing.tx.js';
import { catalogOf, type Catalog, type Interval } from './catalog.js';
import { quoteChange, type ChangeQuote } from './changes.js';
import { issueInvoice } from './invoices.service.js';
import { runPlanHooks } from './plan-hooks.js';
import { findPlan, priceOf } from './plans.js';
import { refundPolicyText } from './refunds.js';
import { scheduleRenewal } from './renewals.service.js';
import { fullPeriodEnd, stateForChange, toSubscriptionOut } from './subscription.state.js';

export interface PlanChoice {
  planId: string;
  interval: Interval;
}

function mustFindPlan(catalog: Catalog, planId: string) {
  const plan = findPlan(catalog, planId);
  if (!plan) {
    throw new AppError('VALIDATION_FAILED', `planId must be one of ${catalog.plans.map((p) => p.id).join(', ')}`, {
      fields: [{ path: 'planId', message: 'is not a plan of the catalog' }],
    });
  }
  return plan;
}

function assertChangeable(row: Pick<SubscriptionRow, 'status'>): void {
  if (row.status === 'past_due') {
    throw new AppError('PAYMENT_REQUIRED', 'The last invoice is unpaid. Update your card to pay it; then you can change plans.');
  }
  if (row.status === 'paused') throw new AppError('CONFLICT', 'The subscription is paused. Resume it before changing plans.');
}

function previewOut(catalog: Catalog, current: SubscriptionRow, q: ChangeQuote, hasCard: boolean) {
  return {
    kind: q.kind,
    planId: q.planId,
    interval: q.interval,
    currency: catalog.currency,
    effectiveAt: q.effectiveAt.toISOString(),
    chargeNow: q.chargeNow,
    credit: q.credit,
    refund: q.refund,
    lines: q.lines,
    trialEnd: q.trialEnd?.toISOString() ?? null,
    nextInvoice: { date: q.nextInvoice.date?.toISOString() ?? null, total: q.nextInvoice.total, lines: q.nextInvoice.lines },
    refundPolicy: refundPolicyText(current.status === 'free' ? q.interval : current.interval),
    paymentMethodRequired: !hasCard && (q.kind === 'start' || q.chargeNow > 0),
  };
}

/** The exact amounts of a plan change, before confirming (BIL-4). */
export async function previewChange(ctx: PortalContext, choice: PlanChoice) {
  const catalog = catalogOf(ctx.deps);
  mustFindPlan(catalog, choice.planId);
  const s = scopeOf(ctx);
  const at = ctx.deps.clock.now(ctx.portalId);
  const row = (await repo.findSubscription(s)) ?? { ...repo.freeSubscriptionRow(at.toISOString()), portal_id: ctx.portalId };
  assertChangeable(row);
  const q = quoteChange(catalog, stateForChange(row), choice, at);
  return previewOut(catalog, row, q, !!(await repo.findPaymentMethod(s)));
}

/**
 * Starts, upgrades (now, prorated), downgrades or cancels (at period end) the portal's plan; choosing the current plan undoes a scheduled change.
 * `notify: false` when the caller mails its own confirmation of a scheduled change (the lifecycle cancel flow).
 */
export async function changeSubscription(tx: BillingTx, choice: PlanChoice, opts: { notify?: boolean } = {}) {
  const notify = opts.notify !== false;
  const { catalog, ctx } = tx;
  const plan = mustFindPlan(catalog, choice.planId);
  const row = await lockedSubscription(tx);
  assertChangeable(row);
  const q = quoteChange(catalog, stateForChange(row), choice, tx.at);
  const from = findPlan(catalog, row.plan_id)?.name ?? row.plan_id;
  const clearPending = { pending_plan_id: null, pending_interval: null, cancel_at_period_end: 0, pending_refund: 0 };
  const audit = (action: string, details: Record<string, unknown>) =>
    recordAudit(ctx, { action: `billing.${action}`, targetType: 'subscription', targetId: row.id, details }, tx.trx);

  // Any change but a cancel replaces a scheduled cancel; an annual cancel had cut the period short: it runs its full length again.
  if (row.cancel_at_period_end === 1 && q.kind !== 'cancel' && !q.newPeriod) {
    const end = fullPeriodEnd(row);
    if (end && end.toISOString() !== row.current_period_end) {
      await repo.updateSubscription(tx.s, { current_period_end: end.toISOString() });
      await scheduleRenewal(tx, end, row.interval);
    }
  }

  if (q.kind === 'unchanged') {
    if (row.pending_plan_id !== null || row.cancel_at_period_end === 1) {
      await repo.updateSubscription(tx.s, { ...clearPending, updated_at: tx.atIso });
      await logEvent(tx, 'subscription.change_undone', { planId: row.plan_id, undone: row.pending_plan_id });
      await audit('subscription_change_undone', { planId: row.plan_id, undone: row.pending_plan_id });
    }
  } else if (q.kind === 'start') {
    if (q.trialEnd && !(await repo.findPaymentMethod(tx.s))) {
      throw new AppError('PAYMENT_METHOD_REQUIRED', 'Add a card first: it is charged when the trial ends, unless you cancel before.');
    }
    const start = q.newPeriod!.start;
    const end = q.newPeriod!.end;
    if (!q.trialEnd)
      await issueInvoice(tx, {
        kind: 'subscription',
        lines: q.lines,
        periodStart: start,
        periodEnd: end,
        pay: 'required',
        description: `${plan.name} plan (${choice.interval})`,
      });
    await repo.updateSubscription(tx.s, {
      ...clearPending,
      plan_id: plan.id,
      interval: choice.interval,
      status: q.trialEnd ? 'trialing' : 'active',
      current_period_start: start.toISOString(),
      current_period_end: end.toISOString(),
      anchor_day: (q.trialEnd ?? start).getUTCDate(),
      period_price: q.trialEnd ? 0 : priceOf(plan, choice.interval),
      trial_end: q.trialEnd?.toISOString() ?? null,
      had_trial: q.trialEnd ? 1 : row.had_trial,
      storage_units: 0,
      pending_storage_units: null,
      past_due_since: null,
      updated_at: tx.atIso,
    });
    await scheduleRenewal(tx, end, choice.interval);
    await runPlanHooks(tx, { fromPlanId: 'free', toPlanId: plan.id, reason: 'started', storageUnits: 0 });
    await logEvent(tx, 'subscription.started', {
      planId: plan.id,
      interval: choice.interval,
      chargeNow: q.chargeNow,
      trialEnd: q.trialEnd?.toISOString() ?? null,
    });
    await audit('subscription_started', { planId: plan.id, interval: choice.interval, chargeNow: q.chargeNow });
    await tellPlanChange(tx, row.id, { from, to: plan.name, effectiveAt: tx.at, immediate: true });
  } else if (q.kind === 'upgrade') {
    if (q.lines.length > 0) {
      await issueInvoice(tx, {
        kind: 'proration',
        lines: q.lines,
        periodStart: tx.at,
        periodEnd: q.newPeriod?.end ?? new Date(row.current_period_end!),
        pay: 'required',
        description: `Upgrade to ${plan.name} (${choice.interval})`,
      });
    }
    const trialing = row.status === 'trialing';
    await repo.updateSubscription(tx.s, {
      ...clearPending,
      plan_id: plan.id,
      interval: choice.interval,
      ...(q.newPeriod
        ? {
            current_period_start: q.newPeriod.start.toISOString(),
            current_period_end: q.newPeriod.end.toISOString(),
            anchor_day: q.newPeriod.start.getUTCDate(),
          }
        : {}),
      period_price: trialing ? 0 : priceOf(plan, choice.interval),
      updated_at: tx.atIso,
    });
    if (q.newPeriod) await scheduleRenewal(tx, q.newPeriod.end, choice.interval);
    if (plan.id !== row.plan_id) await runPlanHooks(tx, { fromPlanId: row.plan_id, toPlanId: plan.id, reason: 'upgraded', storageUnits: row.storage_units });
    await logEvent(tx, 'subscription.upgraded', {
      from: row.plan_id,
      fromInterval: row.interval,
      planId: plan.id,
      interval: choice.interval,
      chargeNow: q.chargeNow,
      credit: q.credit,
    });
    await audit('subscription_upgraded', { from: row.plan_id, planId: plan.id, interval: choice.interval, chargeNow: q.chargeNow, credit: q.credit });
    await tellPlanChange(tx, row.id, { from, to: plan.name, effectiveAt: tx.at, immediate: true });
  } else if (q.kind === 'downgrade') {
    await repo.updateSubscription(tx.s, { ...clearPending, pending_plan_id: plan.id, pending_interval: choice.interval, updated_at: tx.atIso });
    await logEvent(tx, 'subscription.downgrade_scheduled', {
      from: row.plan_id,
      planId: plan.id,
      interval: choice.interval,
      effectiveAt: q.effectiveAt.toISOString(),
    });
    await audit('subscription_downgrade_scheduled', {
      from: row.plan_id,
      planId: plan.id,
      interval: choice.interval,
      effectiveAt: q.effectiveAt.toISOString(),
    });
    if (notify) await tellPlanChange(tx, row.id, { from, to: `${plan.name} (${choice.interval})`, effectiveAt: q.effectiveAt, immediate: false });
  } else {
    const endsAt = q.effectiveAt.toISOString();
    await repo.updateSubscription(tx.s, {
      ...clearPending,
      cancel_at_period_end: 1,
      pending_plan_id: 'free',
      pending_refund: q.refund,
      current_period_end: endsAt,
      updated_at: tx.atIso,
    });
    if (endsAt !== row.current_period_end) await scheduleRenewal(tx, q.effectiveAt, row.interval);
    await logEvent(tx, 'subscription.cancel_scheduled', { from: row.plan_id, effectiveAt: endsAt, refund: q.refund });
    await audit('subscription_cancel_scheduled', { from: row.plan_id, effectiveAt: endsAt, refund: q.refund });
    if (notify) await tellPlanChange(tx, row.id, { from, to: plan.name, effectiveAt: q.effectiveAt, immediate: false });
  }
  return toSubscriptionOut(catalog, await repo.findSubscription(tx.s));
}
