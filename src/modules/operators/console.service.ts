import { systemContext, type AppDeps } from '../../kernel/context.js';
import { notFound } from '../../kernel/errors.js';
import { countPortals, listPortalDirectory, listUsers, portalDirectoryEntry, type PortalDirectoryEntry, portalsByIds } from '../accounts/index.js';
import {
  billingEnabled,
  billingOfPortals,
  catalogOf,
  countFailedCharges,
  failedCharges,
  findPlan,
  FREE_PLAN_ID,
  grantablePlans,
  listBillingEvents,
  subscriptionGroups,
} from '../billing/index.js';
import { getUsage } from '../drive/index.js';
import { deletionPreview, lifecycleCountsSince, listCancellationOutcomes } from '../lifecycle/index.js';
import { listExports } from '../portability/index.js';
import { listOperatorAudit } from './operator-audit.service.js';
import { monthlyRecurringRevenue, monthStart, planMix, portalMrr } from './metrics.js';

/**
 * What operators see (LIF-7): portals with plan, seats, storage, status and
 * activity; the business totals; cancellations and failed payments. Counts
 * and billing only: nothing here reads a portal's records.
 */

export const exportDownloadPath = (portalId: string, exportId: string) => `/api/operator/portals/${portalId}/exports/${exportId}/download`;

async function summaries(deps: AppDeps, entries: PortalDirectoryEntry[]) {
  const billing = billingEnabled(deps)
    ? await billingOfPortals(
        deps,
        entries.map((e) => e.id),
      )
    : null;
  const out = [];
  for (const e of entries) {
    const b = billing?.get(e.id);
    const usage = await getUsage(systemContext(deps, e.id));
    out.push({
      ...e,
      seats: { used: e.activeUsers, limit: b ? b.seatLimit : null },
      storage: { usedBytes: usage.usedBytes, quotaBytes: usage.quotaBytes },
      plan: b
        ? {
            id: b.planId,
            name: b.planName,
            status: b.status,
            interval: b.interval,
            currentPeriodEnd: b.currentPeriodEnd,
            trialEnd: b.trialEnd,
            cancelAtPeriodEnd: b.cancelAtPeriodEnd,
            pendingPlanId: b.pendingPlanId,
            pastDueSince: b.pastDueSince,
          }
        : null,
      mrr: b ? portalMrr({ interval: b.interval, recurringAmount: b.recurringAmount }) : 0,
    });
  }
  return out;
}

export async function listConsolePortals(deps: AppDeps, q: { limit: number; cursor?: string; q?: string }) {
  const { items, nextCursor } = await listPortalDirectory(deps, q);
  return { items: await summaries(deps, items), nextCursor };
}

export async function consolePortal(deps: AppDeps, portalId: string) {
  const entry = await portalDirectoryEntry(deps, portalId);
  if (!entry || entry.status !== 'active') throw notFound('Portal');
  return (await summaries(deps, [entry]))[0]!;
}

/** One portal: its summary, how many records it holds, its billing events, the exports and the operators' actions on it. */
export async function consolePortalDetail(deps: AppDeps, portalId: string) {
  const portal = await consolePortal(deps, portalId);
  const ctx = systemContext(deps, portalId);
  const users = await listUsers(deps.db, portalId);
  const exports = await listExports(ctx, { limit: 10 });
  return {
    portal,
    records: (await deletionPreview(ctx)).records,
    users: { active: users.filter((u) => u.status === 'active').length, total: users.length },
    billingEvents: billingEnabled(deps) ? (await listBillingEvents(ctx, { limit: 20 })).items : [],
    exports: exports.items.map((x) => ({ ...x, downloadUrl: x.downloadUrl ? exportDownloadPath(portalId, x.id) : null })),
    actions: (await listOperatorAudit(deps, { limit: 20, portalId })).items,
  };
}

export async function consoleOverview(deps: AppDeps) {
  const now = deps.clock.now();
  const from = monthStart(now).toISOString();
  const catalog = catalogOf(deps);
  const portals = await countPortals(deps, from);
  const life = await lifecycleCountsSince(deps, from);
  const billing = billingEnabled(deps);
  const { currency, groups } = billing ? await subscriptionGroups(deps) : { currency: catalog.currency, groups: [] };
  const paying = groups.filter((g) => g.recurringAmount > 0);
  const free = findPlan(catalog, FREE_PLAN_ID)!;
  return {
    billing,
    currency,
    asOf: now.toISOString(),
    portals: { total: portals.total, newThisMonth: portals.createdSince },
    planMix: billing
      ? planMix(
          groups,
          portals.total,
          free,
          catalog.plans.map((p) => p.id),
        )
      : [],
    mrr: { amount: monthlyRecurringRevenue(paying), payingPortals: paying.reduce((s, g) => s + g.portals, 0) },
    thisMonth: {
      from,
      newPortals: portals.createdSince,
      cancelled: life.cancelled,
      downgraded: life.downgraded,
      paused: life.paused,
      retentionOffersTaken: life.retentionOffersTaken,
      deleted: life.deleted,
      failedPayments: billing ? await countFailedCharges(deps, from) : 0,
    },
    plans: billing ? grantablePlans(deps) : [],
  };
}

const portalRef = (names: Map<string, { slug: string; name: string }>, id: string) => ({
  id,
  slug: names.get(id)?.slug ?? null,
  name: names.get(id)?.name ?? null,
});

export async function consoleCancellations(deps: AppDeps, q: { limit: number; cursor?: string }) {
  const { items, nextCursor } = await listCancellationOutcomes(deps, q);
  const names = await portalsByIds(
    deps,
    items.map((i) => i.portalId),
  );
  return {
    nextCursor,
    items: items.map(({ portalId, ...i }) => ({ ...i, portal: portalRef(names, portalId), retentionOfferTaken: i.kind === 'retention_offer' })),
  };
}

export async function consoleFailedPayments(deps: AppDeps, q: { limit: number; cursor?: string }) {
  const { items, nextCursor } = await failedCharges(deps, q);
  const ids = items.map((i) => i.portalId);
  const names = await portalsByIds(deps, ids);
  const billing = await billingOfPortals(deps, [...new Set(ids)]);
  return {
    nextCursor,
    items: items.map(({ portalId, ...i }) => ({ ...i, portal: portalRef(names, portalId), subscriptionStatus: billing.get(portalId)?.status ?? 'free' })),
  };
}
