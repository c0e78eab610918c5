import { scopeOf } from '../../kernel/context.js';
import { deactivateUsersForPlan, listUsers, reactivateUsersForPlan } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { type BillingTx, findPlan, freePlan, logEvent, mailAdmins, type Plan, type PlanTransition, tierOf } from '../billing/index.js';
import { forfeitBalance } from '../telephony/index.js';
import { downgradeImpact, keepChoiceProblem, type DowngradeImpact } from './impact.js';
import { downgradeDoneMail } from './lifecycle.mail.js';
import * as repo from './lifecycle.repo.js';
import { portalUsage } from './usage.js';
import { newId } from '../../kernel/ids.js';

/**
 * The plan change at the period end (LIF-2) and its undo on upgrade (LIF-3),
 * run by billing inside the transaction that changes the plan (see
 * billing/plan-hooks.ts), so both happen together or not at all.
 *
 * Down: the same impact function as the preview decides who is deactivated
 * and what is forfeited; files over the quota need no change here, the drive
 * serves them by the same rule. Up: the users the downgrade deactivated come
 * back, as many as the new plan seats; files and features follow the plan.
 */

const STORED_ITEMS = 200;

export async function applyPlanTransition(tx: BillingTx, change: PlanTransition): Promise<{ notified?: boolean }> {
  const from = findPlan(tx.catalog, change.fromPlanId) ?? freePlan(tx.catalog);
  const to = findPlan(tx.catalog, change.toPlanId) ?? freePlan(tx.catalog);
  const step = tierOf(tx.catalog, to.id) - tierOf(tx.catalog, from.id);
  if (step < 0) return applyDowngrade(tx, change, from, to);
  if (step > 0) await restoreDowngrades(tx, to);
  return {};
}

async function applyDowngrade(tx: BillingTx, change: PlanTransition, from: Plan, to: Plan): Promise<{ notified: boolean }> {
  const { ctx } = tx;
  const s = scopeOf(ctx, tx.trx);
  const scheduled = await repo.scheduledCancellation(s);
  const cancellation = scheduled && scheduled.target_plan_id === to.id ? scheduled : undefined;
  const usage = await portalUsage(ctx, tx.trx, change.storageUnits);
  // The admin's choice of users to keep, as far as it still holds (someone may have left since).
  const chosen = (JSON.parse(cancellation?.keep_user_ids ?? '[]') as string[]).filter((id) => usage.users.some((u) => u.id === id && u.status === 'active'));
  const keep = keepChoiceProblem(usage.users, to.limits.seats, chosen) ? [] : chosen;
  const impact = downgradeImpact(usage, { catalog: tx.catalog, from, to, keepUserIds: keep, refund: change.refund ?? 0, effectiveAt: tx.at });

  const deactivated = await deactivateUsersForPlan(
    ctx,
    tx.trx,
    impact.usersOverLimit.map((u) => u.id),
    tx.atIso,
    { reason: 'seat_limit', planId: to.id },
  );
  const forfeited = impact.telephonyBalanceForfeited.amount > 0 ? await forfeitBalance(tx) : 0;
  const stored: DowngradeImpact = {
    ...impact,
    inaccessibleFiles: { ...impact.inaccessibleFiles, items: impact.inaccessibleFiles.items.slice(0, STORED_ITEMS) },
  };
  const id = newId();
  await repo.insertDowngrade(s, {
    id,
    cancellation_id: cancellation?.id ?? null,
    from_plan_id: from.id,
    to_plan_id: to.id,
    reason: change.reason,
    impact: JSON.stringify(stored),
    deactivated_user_ids: JSON.stringify(deactivated),
    forfeited_amount: forfeited,
    applied_at: tx.atIso,
    restored_at: null,
  });
  if (scheduled) await repo.setCancellationStatus(s, scheduled.id, cancellation ? 'applied' : 'withdrawn', tx.atIso);
  const details = {
    downgradeId: id,
    reference: cancellation?.reference ?? null,
    from: from.id,
    planId: to.id,
    reason: change.reason,
    usersDeactivated: deactivated,
    filesUnavailable: impact.inaccessibleFiles.count,
    bytesUnavailable: impact.inaccessibleFiles.bytes,
    featuresReadOnly: impact.featuresLost.map((f) => f.feature),
    addonsEnded: impact.addonsEnded.map((a) => a.kind),
    telephonyBalanceForfeited: forfeited,
  };
  await logEvent(tx, 'lifecycle.downgrade_applied', details);
  await recordAudit(ctx, { action: 'lifecycle.downgrade_applied', targetType: 'downgrade', targetId: id, details }, tx.trx);
  await mailAdmins(tx, downgradeDoneMail(tx, { fromName: from.name, impact, reference: cancellation?.reference ?? null }));
  return { notified: true };
}

/** Undoes what earlier downgrades changed, newest first, within the seats of the plan now taken (LIF-3). */
async function restoreDowngrades(tx: BillingTx, to: Plan): Promise<void> {
  const { ctx } = tx;
  const s = scopeOf(ctx, tx.trx);
  const pending = await repo.unrestoredDowngrades(s);
  const scheduled = await repo.scheduledCancellation(s);
  if (scheduled) await repo.setCancellationStatus(s, scheduled.id, 'withdrawn', tx.atIso);
  if (pending.length === 0) return;
  let active = (await listUsers(tx.trx, ctx.portalId)).filter((u) => u.status === 'active').length;
  for (const row of pending) {
    const ids = JSON.parse(row.deactivated_user_ids) as string[];
    const room = to.limits.seats === null ? ids.length : Math.max(0, to.limits.seats - active);
    const restored = await reactivateUsersForPlan(ctx, tx.trx, ids.slice(0, room), row.applied_at, { reason: 'upgrade', planId: to.id, downgradeId: row.id });
    active += restored.length;
    // Fully undone unless seats ran out; a later, bigger plan brings back the rest.
    if (room >= ids.length) await repo.markRestored(s, row.id, tx.atIso);
    const details = { downgradeId: row.id, planId: to.id, usersReactivated: restored, complete: room >= ids.length };
    await logEvent(tx, 'lifecycle.downgrade_restored', details);
    await recordAudit(ctx, { action: 'lifecycle.downgrade_restored', targetType: 'downgrade', targetId: row.id, details }, tx.trx);
  }
}
