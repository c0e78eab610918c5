import { actorUserId, scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { recordAudit } from '../audit/index.js';
import {
  type BillingTx,
  cancelPastDue,
  type Catalog,
  catalogOf,
  changeSubscription,
  findPlan,
  FREE_PLAN_ID,
  getSubscription,
  isPaid,
  lockedSubscription,
  logEvent,
  BILLING_NOTICES,
  mailAdmins,
  type Plan,
  previewChange,
  tierOf,
} from '../billing/index.js';
import { downgradeImpact, keepChoiceProblem, type DowngradeImpact } from './impact.js';
import { cancelConfirmedMail, cancelWithdrawnMail } from './lifecycle.mail.js';
import * as repo from './lifecycle.repo.js';
import type { CancellationMode, CancellationRow } from '../../db/tables/lifecycle.js';
import { endPauseNow } from './pause.service.js';
import { portalUsage } from './usage.js';
import { newId } from '../../kernel/ids.js';

/**
 * The cancel flow (LIF-1): an exact preview of what leaving the plan changes,
 * the confirmation (the plan stays until the period end), and changing one's
 * mind until then. The change itself is billing's (a cancel or a downgrade
 * scheduled for the period end); this module adds the impact, the admin's
 * choices, the reference and the mail.
 */

const ITEMS_SHOWN = 200;

function badField(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${path} ${message}`, { fields: [{ path, message }] });
}

/** The plan being left and the plan chosen, refusing anything that is not a way down. */
function plansFor(catalog: Catalog, sub: { planId: string; status: string }, planId: string | undefined, mode: CancellationMode | 'preview') {
  if (!isPaid({ planId: sub.planId, status: sub.status as never }))
    throw new AppError('CONFLICT', 'The portal is on the Free plan: there is no paid plan to cancel.');
  if (sub.status === 'paused')
    throw new AppError('CONFLICT', 'The plan is paused. Resume it first (nothing is charged until the period end), then cancel or downgrade.');
  const from = findPlan(catalog, sub.planId);
  const to = findPlan(catalog, planId ?? FREE_PLAN_ID);
  if (!from) throw new AppError('CONFLICT', 'The current plan is no longer offered; it ends at the period end anyway.');
  if (!to) throw badField('planId', `must be one of ${catalog.plans.map((p) => p.id).join(', ')}`);
  if (mode === 'cancel' && to.id !== FREE_PLAN_ID)
    throw badField('planId', 'must be "free" (or left out) to cancel the paid plan; use mode "downgrade" for a cheaper paid plan');
  if (tierOf(catalog, to.id) >= tierOf(catalog, from.id)) throw badField('planId', `must be a plan below ${from.name}`);
  return { from, to };
}

function capItems(i: DowngradeImpact): DowngradeImpact {
  return { ...i, inaccessibleFiles: { ...i.inaccessibleFiles, items: i.inaccessibleFiles.items.slice(0, ITEMS_SHOWN) } };
}

/** The impact of moving to `planId` at the period end, with the seats kept as chosen (GET /api/billing/downgrade-impact). */
export async function previewDowngrade(ctx: PortalContext, q: { planId?: string; keepUserIds?: string[] }): Promise<DowngradeImpact> {
  const catalog = catalogOf(ctx.deps);
  const sub = await getSubscription(ctx);
  const { from, to } = plansFor(catalog, sub, q.planId, 'preview');
  // Unpaid: cancelling ends the plan now, with nothing more to pay (see confirmCancellation).
  const quote = sub.status === 'past_due' ? pastDueQuote(ctx, to) : await previewChange(ctx, { planId: to.id, interval: sub.interval });
  const usage = await portalUsage(ctx, ctx.deps.db, sub.pendingStorageUnits ?? sub.storageUnits);
  const keep = q.keepUserIds ?? [];
  const problem = keepChoiceProblem(usage.users, to.limits.seats, keep);
  if (problem) throw badField('keepUserIds', problem);
  return capItems(downgradeImpact(usage, { catalog, from, to, keepUserIds: keep, refund: quote.refund, effectiveAt: new Date(quote.effectiveAt) }));
}

function pastDueQuote(ctx: PortalContext, to: Plan) {
  if (to.id !== FREE_PLAN_ID) throw new AppError('PAYMENT_REQUIRED', 'The last invoice is unpaid. Pay it to move to another paid plan, or cancel to Free now.');
  return { refund: 0, effectiveAt: ctx.deps.clock.now(ctx.portalId).toISOString() };
}

export interface CancelInput {
  mode: CancellationMode;
  planId?: string;
  reason?: string;
  keepUserIds?: string[];
}

const sameChoice = (row: CancellationRow, input: CancelInput, planId: string) =>
  row.mode === input.mode &&
  row.target_plan_id === planId &&
  (row.reason ?? null) === (input.reason ?? null) &&
  (row.keep_user_ids ?? null) === (input.keepUserIds?.length ? JSON.stringify(input.keepUserIds) : null);

/** Confirms a cancel or downgrade for the period end (POST /api/billing/subscription/cancel). Confirming the same choice again changes nothing. */
export async function confirmCancellation(tx: BillingTx, input: CancelInput) {
  const { ctx, catalog } = tx;
  const row = await lockedSubscription(tx);
  const { from, to } = plansFor(catalog, { planId: row.plan_id, status: row.status }, input.planId, input.mode);
  const s = scopeOf(ctx, tx.trx);
  const existing = await repo.scheduledCancellation(s);
  if (existing && sameChoice(existing, input, to.id) && (row.cancel_at_period_end === 1 || row.pending_plan_id === to.id)) {
    return { reference: existing.reference, effectiveAt: existing.effective_at, mode: existing.mode, planId: existing.target_plan_id };
  }
  const units = row.pending_storage_units ?? row.storage_units;
  const usage = await portalUsage(ctx, tx.trx, units);
  const keep = input.keepUserIds ?? [];
  const problem = keepChoiceProblem(usage.users, to.limits.seats, keep);
  if (problem) throw badField('keepUserIds', problem);

  const pastDue = row.status === 'past_due';
  if (pastDue) pastDueQuote(ctx, to);
  const sub = pastDue ? null : await changeSubscription(tx, { planId: to.id, interval: row.interval }, { notify: false });
  const effectiveAt = new Date(sub?.currentPeriodEnd ?? tx.atIso);
  const refund = to.id === FREE_PLAN_ID && !pastDue ? Number((await lockedSubscription(tx)).pending_refund) : 0;
  const impact = downgradeImpact(usage, { catalog, from, to, keepUserIds: keep, refund, effectiveAt });
  if (existing) await repo.setCancellationStatus(s, existing.id, 'withdrawn', tx.atIso);
  const cancellation: Omit<CancellationRow, 'portal_id'> = {
    id: newId(),
    reference: repo.newReference('CXL'),
    mode: input.mode,
    from_plan_id: from.id,
    target_plan_id: to.id,
    reason: input.reason?.trim() || null,
    keep_user_ids: keep.length > 0 ? JSON.stringify(keep) : null,
    offer_shown: retentionOfferFor(row.status),
    status: 'scheduled',
    effective_at: effectiveAt.toISOString(),
    requested_by: actorUserId(ctx),
    created_at: tx.atIso,
    updated_at: tx.atIso,
  };
  await repo.insertCancellation(s, cancellation);
  const details = {
    reference: cancellation.reference,
    mode: input.mode,
    from: from.id,
    planId: to.id,
    effectiveAt: cancellation.effective_at,
    reason: cancellation.reason,
    refund,
  };
  await logEvent(tx, 'lifecycle.cancellation_confirmed', { ...details, offerDeclined: cancellation.offer_shown });
  await recordAudit(ctx, { action: 'lifecycle.cancellation_scheduled', targetType: 'cancellation', targetId: cancellation.id, details }, tx.trx);
  // Unpaid: the plan ends now; the period-end rules apply at once and their mail confirms it, with the reference.
  if (pastDue) await cancelPastDue(tx);
  else
    await mailAdmins(
      tx,
      cancelConfirmedMail(tx, { reference: cancellation.reference, fromName: from.name, toName: to.name, effectiveAt, impact }),
      BILLING_NOTICES.planChanged(row.id, { from: from.name, to: to.name, effectiveAt, immediate: false }),
    );
  return { reference: cancellation.reference, effectiveAt: cancellation.effective_at, mode: input.mode, planId: to.id };
}

/** The one retention offer shown beside "Cancel anyway": a pause, when the plan can be paused. */
export function retentionOfferFor(status: string): 'pause' | null {
  return status === 'active' ? 'pause' : null;
}

/**
 * Changes one's mind (POST /api/billing/subscription/resume): withdraws a
 * scheduled cancel or downgrade until the period end, or ends a pause early.
 * With nothing to undo it changes nothing.
 */
export async function resumePlan(tx: BillingTx): Promise<{ resumed: 'pause' | 'cancellation' | null }> {
  const { ctx } = tx;
  if (await endPauseNow(tx, 'admin')) return { resumed: 'pause' };
  const row = await lockedSubscription(tx);
  const s = scopeOf(ctx, tx.trx);
  const existing = await repo.scheduledCancellation(s);
  const pendingChange = row.cancel_at_period_end === 1 || row.pending_plan_id !== null;
  if (!pendingChange || !isPaid({ planId: row.plan_id, status: row.status })) {
    if (existing) await repo.setCancellationStatus(s, existing.id, 'withdrawn', tx.atIso);
    return { resumed: null };
  }
  const sub = await changeSubscription(tx, { planId: row.plan_id, interval: row.interval }, { notify: false });
  const reference = existing?.reference ?? null;
  if (existing) await repo.setCancellationStatus(s, existing.id, 'withdrawn', tx.atIso);
  await logEvent(tx, 'lifecycle.cancellation_withdrawn', { reference, planId: row.plan_id });
  await recordAudit(
    ctx,
    { action: 'lifecycle.cancellation_withdrawn', targetType: 'cancellation', targetId: existing?.id, details: { reference, planId: row.plan_id } },
    tx.trx,
  );
  const plan: Plan | undefined = findPlan(tx.catalog, row.plan_id);
  if (reference) await mailAdmins(tx, cancelWithdrawnMail(tx, { reference, planName: plan?.name ?? row.plan_id, periodEnd: sub.currentPeriodEnd }));
  return { resumed: 'cancellation' };
}
