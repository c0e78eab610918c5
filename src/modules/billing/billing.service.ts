import type { Executor } from '../../db/scope.js';
import type { Config } from '../../kernel/config.js';
import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { listUsers, setSeatPolicy } from '../accounts/index.js';
import { getUsage, setStorageQuotaPolicy } from '../drive/index.js';
import * as repo from './billing.repo.js';
import { catalogOf, FEATURES, type Feature, type Plan } from './catalog.js';
import { isPaid } from './changes.js';
import { featureMessage, findPlan, freePlan, seatLimitMessage, storageLimitMessage } from './plans.js';
import { toSubscriptionOut } from './subscription.state.js';

/**
 * What other modules ask billing: the portal's plan, whether a feature is in
 * it, and the seat and storage limits it sets (BIL-7 of the issue: limits are
 * enforced by the server, 402 with the plan that would allow it).
 */

/** Hosted (BILLING=on) or self-hosted (BILLING=off, LIF-6): without billing there are no plans, limits or invoices. */
export const billingEnabled = (deps: { config: Config }): boolean => deps.config.BILLING === 'on';

/** What every portal has in self-hosted mode: every feature, no seat or storage limit. */
export const SELF_HOSTED_PLAN: Plan = {
  id: 'self_hosted',
  name: 'Self-hosted',
  prices: { monthly: { amount: 0 }, annual: { amount: 0 } },
  limits: { seats: null, storageBytes: null },
  features: [...FEATURES],
  trialDays: 0,
};

/** The plan whose limits and features apply now (Free without a paid subscription). Pass your transaction if you are in one. */
export async function portalPlan(ctx: PortalContext, executor: Executor = ctx.deps.db): Promise<Plan> {
  if (!billingEnabled(ctx.deps)) return SELF_HOSTED_PLAN;
  const catalog = catalogOf(ctx.deps);
  const row = await repo.findSubscription(scopeOf(ctx, executor));
  if (!row || !isPaid({ planId: row.plan_id, status: row.status })) return freePlan(catalog);
  return findPlan(catalog, row.plan_id) ?? freePlan(catalog);
}

/** Throws 402 PLAN_FEATURE_REQUIRED, naming the plan that includes it, unless the portal's plan has `feature`. */
export async function requireFeature(ctx: PortalContext, feature: Feature, executor: Executor = ctx.deps.db): Promise<void> {
  const plan = await portalPlan(ctx, executor);
  if (plan.features.includes(feature)) return;
  throw new AppError('PLAN_FEATURE_REQUIRED', featureMessage(catalogOf(ctx.deps), plan, feature), { feature, planId: plan.id });
}

/** The portal's storage allowance: the plan's, plus paid extra storage. null: no limit. */
export async function storageQuotaBytes(ctx: PortalContext, executor: Executor = ctx.deps.db): Promise<number | null> {
  const catalog = catalogOf(ctx.deps);
  const plan = await portalPlan(ctx, executor);
  if (plan.limits.storageBytes === null) return null;
  const row = await repo.findSubscription(scopeOf(ctx, executor));
  const units = row && isPaid({ planId: row.plan_id, status: row.status }) ? row.storage_units : 0;
  return plan.limits.storageBytes + units * catalog.addons.storage.unitBytes;
}

export async function assertSeatAvailable(ctx: PortalContext, extra: number): Promise<void> {
  const plan = await portalPlan(ctx);
  if (plan.limits.seats === null) return;
  const active = (await listUsers(ctx.deps.db, ctx.portalId)).filter((u) => u.status === 'active').length;
  if (active + extra <= plan.limits.seats) return;
  throw new AppError('PLAN_SEAT_LIMIT', seatLimitMessage(catalogOf(ctx.deps), plan, active + extra), {
    planId: plan.id,
    seats: plan.limits.seats,
    activeUsers: active,
  });
}

export async function assertCanStore(ctx: PortalContext, extraBytes: number): Promise<void> {
  const quota = await storageQuotaBytes(ctx);
  if (quota === null) return;
  const { usedBytes } = await getUsage(ctx);
  if (usedBytes + extraBytes <= quota) return;
  const plan = await portalPlan(ctx);
  throw new AppError('PLAN_STORAGE_LIMIT', storageLimitMessage(catalogOf(ctx.deps), plan, quota, usedBytes + extraBytes), {
    planId: plan.id,
    quotaBytes: quota,
    usedBytes,
  });
}

/** Installs the plan limits into the modules that enforce them (called when billing's routes register). */
export function installPlanLimits(): void {
  setSeatPolicy({ assertSeatAvailable });
  setStorageQuotaPolicy({ quotaBytes: (ctx) => storageQuotaBytes(ctx), assertCanStore });
}

export async function getSubscription(ctx: PortalContext) {
  return toSubscriptionOut(catalogOf(ctx.deps), await repo.findSubscription(scopeOf(ctx)));
}

export async function getPaymentMethod(ctx: PortalContext) {
  const pm = await repo.findPaymentMethod(scopeOf(ctx));
  return { paymentMethod: pm ? { brand: pm.brand, last4: pm.last4, expMonth: pm.exp_month, expYear: pm.exp_year, addedAt: pm.created_at } : null };
}

export async function listBillingEvents(ctx: PortalContext, q: { limit: number; cursor?: string; type?: string }) {
  const { page, nextCursor } = await repo.listEvents(scopeOf(ctx), q);
  return {
    items: page.map((e) => ({ id: e.id, type: e.type, payload: JSON.parse(e.payload) as Record<string, unknown>, createdAt: e.created_at })),
    nextCursor,
  };
}
