import type { JobHandler } from '../../kernel/jobs/runner.js';
import { systemContext, type AppDeps } from '../../kernel/context.js';
import { recordAudit } from '../audit/index.js';
import * as repo from './billing.repo.js';
import { billingEnabled } from './billing.service.js';
import { mailAdmins, paymentFailedMail, renewalReminderMail, tellPlanChange } from './billing.mail.js';
import { BILLING_NOTICES } from './billing.notices.js';
import type { InvoiceRow, SubscriptionRow } from '../../db/tables/billing.js';
import { inBillingTx, lockedSubscription, logEvent, type BillingTx } from './billing.tx.js';
import type { Interval } from './catalog.js';
import { issueCreditNote, issueInvoice, retryInvoice, voidInvoice } from './invoices.service.js';
import { DAY_MS } from './periods.js';
import { runPlanHooks } from './plan-hooks.js';
import { findPlan } from './plans.js';
import { RETRY_DAYS, renewalStep } from './renewal.js';
import { stateOf } from './subscription.state.js';

/**
 * Renewals (BIL-2/3) as jobs in the portal's time: at the period end the plan
 * renews (or drops to Free when cancelled); a failed charge retries after 1, 3
 * and 5 days, mailing each time, then drops to Free. Nothing is ever deleted.
 * Every job is safe to run twice or late: it checks the period it was made for.
 */

export const RENEW_JOB = 'billing.renew';
export const RETRY_JOB = 'billing.retry';
export const REMIND_JOB = 'billing.remind';
const REMIND_BEFORE_MS = 7 * DAY_MS;

export async function scheduleRenewal(tx: BillingTx, periodEnd: Date, interval: Interval): Promise<void> {
  const portalId = tx.ctx.portalId;
  const payload = { periodEnd: periodEnd.toISOString() };
  await tx.ctx.deps.jobs.enqueue(tx.trx, RENEW_JOB, payload, { portalId, runAt: periodEnd });
  const remindAt = new Date(periodEnd.getTime() - REMIND_BEFORE_MS);
  if (interval === 'annual' && remindAt.getTime() > tx.at.getTime()) {
    await tx.ctx.deps.jobs.enqueue(tx.trx, REMIND_JOB, payload, { portalId, runAt: remindAt });
  }
}

const audit = (tx: BillingTx, row: SubscriptionRow, action: string, details: Record<string, unknown>) =>
  recordAudit(tx.ctx, { action: `billing.${action}`, targetType: 'subscription', targetId: row.id, details }, tx.trx);

/** Back to Free: limits of Free apply, add-ons end, every record stays. */
export async function dropToFree(tx: BillingTx, row: SubscriptionRow, reason: 'cancelled' | 'payment_failed'): Promise<void> {
  const refund = Number(row.pending_refund);
  const plan = findPlan(tx.catalog, row.plan_id);
  if (refund > 0 && row.current_period_start) {
    await issueCreditNote(tx, {
      amount: refund,
      description: `Refund of the unused whole months of the ${plan?.name ?? row.plan_id} plan (${row.interval})`,
      periodStart: new Date(row.current_period_end ?? tx.atIso),
      periodEnd: new Date(row.current_period_end ?? tx.atIso),
    });
  }
  const { id: _id, created_at: _c, ...free } = repo.freeSubscriptionRow(tx.atIso);
  await repo.updateSubscription(tx.s, { ...free, had_trial: row.had_trial });
  await logEvent(tx, 'subscription.downgraded_to_free', { from: row.plan_id, reason, refund });
  await audit(tx, row, 'subscription_downgraded_to_free', { from: row.plan_id, reason, refund });
  const notified = await runPlanHooks(tx, {
    fromPlanId: row.plan_id,
    toPlanId: 'free',
    reason,
    storageUnits: row.pending_storage_units ?? row.storage_units,
    refund,
  });
  if (reason === 'cancelled' && !notified)
    await tellPlanChange(tx, row.id, { from: plan?.name ?? row.plan_id, to: 'Free', effectiveAt: tx.at, immediate: true });
}

/**
 * Leaving while a renewal is unpaid (LIF-1: nobody is locked in): the open
 * invoice is voided and the portal is on Free now, as after the last failed
 * retry, without waiting for the retries.
 */
export async function cancelPastDue(tx: BillingTx): Promise<boolean> {
  const row = await lockedSubscription(tx);
  if (row.status !== 'past_due') return false;
  const inv = await repo.openInvoice(tx.s);
  if (inv) await voidInvoice(tx, inv);
  await dropToFree(tx, { ...row, pending_refund: 0 }, 'cancelled');
  return true;
}

export async function renewSubscription(deps: AppDeps, portalId: string, expectedPeriodEnd?: string): Promise<string> {
  return inBillingTx(systemContext(deps, portalId), async (tx) => {
    // A job that outlived its portal (deleted) must not create a row for it.
    if (!(await repo.findSubscription(tx.s))) return 'stale';
    const row = await lockedSubscription(tx);
    if (expectedPeriodEnd && row.current_period_end !== expectedPeriodEnd) return 'stale';
    const step = renewalStep(tx.catalog, stateOf(row), tx.at);
    if (step.kind === 'not_due') return 'not_due';
    if (step.kind === 'to_free') {
      await dropToFree(tx, row, 'cancelled');
      return 'free';
    }
    const plan = findPlan(tx.catalog, step.planId)!;
    const inv = await issueInvoice(tx, {
      kind: 'renewal',
      lines: step.lines,
      periodStart: step.periodStart,
      periodEnd: step.periodEnd,
      pay: 'attempt',
      description: `${plan.name} plan (${step.interval}) renewal`,
    });
    const paid = inv.status === 'paid';
    await repo.updateSubscription(tx.s, {
      plan_id: step.planId,
      interval: step.interval,
      status: paid ? 'active' : 'past_due',
      current_period_start: step.periodStart.toISOString(),
      current_period_end: step.periodEnd.toISOString(),
      period_price: step.periodPrice,
      storage_units: step.storageUnits,
      pending_plan_id: null,
      pending_interval: null,
      pending_storage_units: null,
      trial_end: null,
      past_due_since: paid ? null : tx.atIso,
      updated_at: tx.atIso,
    });
    await scheduleRenewal(tx, step.periodEnd, step.interval);
    // A downgrade scheduled for the period end takes effect now.
    if (step.planId !== row.plan_id)
      await runPlanHooks(tx, { fromPlanId: row.plan_id, toPlanId: step.planId, reason: 'downgraded', storageUnits: step.storageUnits });
    const details = { planId: step.planId, interval: step.interval, invoiceId: inv.id, total: step.total, periodEnd: step.periodEnd.toISOString() };
    if (paid) {
      await logEvent(tx, 'subscription.renewed', details);
      await audit(tx, row, 'subscription_renewed', details);
      return 'renewed';
    }
    const retryAt = new Date(tx.at.getTime() + RETRY_DAYS[0] * DAY_MS);
    await tx.ctx.deps.jobs.enqueue(tx.trx, RETRY_JOB, { invoiceId: inv.id, attempt: 1, failedAt: tx.atIso }, { portalId, runAt: retryAt });
    await logEvent(tx, 'subscription.renewal_failed', { ...details, nextRetry: retryAt.toISOString() });
    await audit(tx, row, 'subscription_payment_failed', { ...details, nextRetry: retryAt.toISOString() });
    await mailAdmins(tx, paymentFailedMail(tx, inv, retryAt), BILLING_NOTICES.paymentFailed(inv, retryAt));
    return 'past_due';
  });
}

/** Pays a past-due subscription's open invoice (a retry, or a new card); true when the portal is back in good standing. */
export async function settleOpenInvoice(tx: BillingTx, row: SubscriptionRow, inv: InvoiceRow): Promise<boolean> {
  if (!(await retryInvoice(tx, inv))) return false;
  await repo.updateSubscription(tx.s, { status: 'active', past_due_since: null, updated_at: tx.atIso });
  await logEvent(tx, 'subscription.recovered', { invoiceId: inv.id });
  await audit(tx, row, 'subscription_recovered', { invoiceId: inv.id });
  return true;
}

export async function retryRenewal(deps: AppDeps, portalId: string, p: { invoiceId: string; attempt: number; failedAt: string }): Promise<string> {
  return inBillingTx(systemContext(deps, portalId), async (tx) => {
    if (!(await repo.findSubscription(tx.s))) return 'settled';
    const row = await lockedSubscription(tx);
    const inv = await repo.findInvoice(tx.s, p.invoiceId);
    if (!inv || inv.status !== 'open' || row.status !== 'past_due') return 'settled';
    if (await settleOpenInvoice(tx, row, inv)) return 'paid';
    const nextDay = RETRY_DAYS[p.attempt];
    if (nextDay !== undefined) {
      const next = new Date(Date.parse(p.failedAt) + nextDay * DAY_MS);
      await tx.ctx.deps.jobs.enqueue(tx.trx, RETRY_JOB, { ...p, attempt: p.attempt + 1 }, { portalId, runAt: next });
      await logEvent(tx, 'subscription.retry_failed', { invoiceId: inv.id, attempt: p.attempt, nextRetry: next.toISOString() });
      await mailAdmins(tx, paymentFailedMail(tx, inv, next), BILLING_NOTICES.paymentFailed(inv, next));
      return 'past_due';
    }
    await logEvent(tx, 'subscription.retry_failed', { invoiceId: inv.id, attempt: p.attempt, nextRetry: null });
    await voidInvoice(tx, inv);
    await dropToFree(tx, row, 'payment_failed');
    await mailAdmins(tx, paymentFailedMail(tx, inv, null), BILLING_NOTICES.paymentFailed(inv, null));
    return 'free';
  });
}

export async function remindRenewal(deps: AppDeps, portalId: string, periodEnd: string): Promise<string> {
  return inBillingTx(systemContext(deps, portalId), async (tx) => {
    const row = await repo.findSubscription(tx.s);
    if (!row || row.current_period_end !== periodEnd || row.status !== 'active' || row.cancel_at_period_end === 1) return 'stale';
    const step = renewalStep(tx.catalog, stateOf(row), new Date(periodEnd));
    if (step.kind !== 'renew' || step.interval !== 'annual') return 'stale';
    const planName = findPlan(tx.catalog, step.planId)!.name;
    await mailAdmins(
      tx,
      renewalReminderMail(tx, planName, new Date(periodEnd), step.total, tx.catalog.currency),
      BILLING_NOTICES.renewsSoon(row.id, { planName, date: new Date(periodEnd), amount: step.total, currency: tx.catalog.currency }),
    );
    await logEvent(tx, 'subscription.renewal_reminder_sent', { periodEnd, total: step.total });
    return 'sent';
  });
}

// Self-hosted (BILLING=off): nothing renews, charges or mails; `skit billing enable` starts every portal afresh.
const forPortal =
  <P>(fn: (deps: AppDeps, portalId: string, payload: P) => Promise<unknown>): JobHandler<P> =>
  async (deps, job) => {
    if (job.portalId && billingEnabled(deps)) await fn(deps, job.portalId, job.payload);
  };

export const billingJobHandlers: Record<string, JobHandler> = {
  [RENEW_JOB]: forPortal<{ periodEnd: string }>((deps, portalId, p) => renewSubscription(deps, portalId, p.periodEnd)),
  [RETRY_JOB]: forPortal<{ invoiceId: string; attempt: number; failedAt: string }>((deps, portalId, p) => retryRenewal(deps, portalId, p)),
  [REMIND_JOB]: forPortal<{ periodEnd: string }>((deps, portalId, p) => remindRenewal(deps, portalId, p.periodEnd)),
};
