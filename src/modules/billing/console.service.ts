import type { AppDeps } from '../../kernel/context.js';
import { keyset, toPage } from '../../kernel/pagination.js';
import { catalogOf, type Interval } from './catalog.js';
import type { SubscriptionStatus } from './changes.js';
import { monthsIn } from './periods.js';
import { findPlan, FREE_PLAN_ID } from './plans.js';

/**
 * Cross-portal reads for the operator console (LIF-7): plans, statuses and
 * money of every portal, never a portal's records. A portal without a
 * subscription row is on Free.
 */

export interface PortalBilling {
  planId: string;
  planName: string;
  status: SubscriptionStatus;
  interval: Interval;
  currentPeriodEnd: string | null;
  trialEnd: string | null;
  cancelAtPeriodEnd: boolean;
  pendingPlanId: string | null;
  pastDueSince: string | null;
  /** What the portal pays per period now (plan and extra storage), minor units; 0 on Free, in a trial or a comp. */
  recurringAmount: number;
  seatLimit: number | null;
}

/** Statuses in which a portal pays: they make up monthly recurring revenue. */
export const REVENUE_STATUSES: SubscriptionStatus[] = ['active', 'past_due'];

export async function billingOfPortals(deps: AppDeps, portalIds: string[]): Promise<Map<string, PortalBilling>> {
  const catalog = catalogOf(deps);
  const rows = portalIds.length ? await deps.db.selectFrom('subscriptions').selectAll().where('portal_id', 'in', portalIds).execute() : [];
  const byPortal = new Map(rows.map((r) => [r.portal_id, r]));
  const free = findPlan(catalog, FREE_PLAN_ID)!;
  const out = new Map<string, PortalBilling>();
  for (const id of portalIds) {
    const r = byPortal.get(id);
    if (!r || r.status === 'free') {
      out.set(id, {
        planId: free.id,
        planName: free.name,
        status: 'free',
        interval: 'monthly',
        currentPeriodEnd: null,
        trialEnd: null,
        cancelAtPeriodEnd: false,
        pendingPlanId: null,
        pastDueSince: null,
        recurringAmount: 0,
        seatLimit: free.limits.seats,
      });
      continue;
    }
    const plan = findPlan(catalog, r.plan_id);
    const paying = REVENUE_STATUSES.includes(r.status);
    out.set(id, {
      planId: r.plan_id,
      planName: plan?.name ?? r.plan_id,
      status: r.status,
      interval: r.interval,
      currentPeriodEnd: r.current_period_end,
      trialEnd: r.trial_end,
      cancelAtPeriodEnd: r.cancel_at_period_end === 1,
      pendingPlanId: r.pending_plan_id,
      pastDueSince: r.past_due_since,
      recurringAmount: paying ? Number(r.period_price) + r.storage_units * catalog.addons.storage.monthly.amount * monthsIn(r.interval) : 0,
      seatLimit: plan?.limits.seats ?? null,
    });
  }
  return out;
}

export interface SubscriptionGroup {
  planId: string;
  planName: string;
  interval: Interval;
  status: SubscriptionStatus;
  portals: number;
  /** Sum of what these portals pay per period (plan and extra storage), minor units; 0 unless they pay. */
  recurringAmount: number;
}

/** Every non-Free subscription, grouped by plan, interval and status: the plan mix and the revenue. */
export async function subscriptionGroups(deps: AppDeps): Promise<{ currency: string; groups: SubscriptionGroup[] }> {
  const catalog = catalogOf(deps);
  const rows = await deps.db
    .selectFrom('subscriptions')
    .select((eb) => [
      'plan_id',
      'interval',
      'status',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number | string>('period_price').as('price'),
      eb.fn.sum<number | string>('storage_units').as('units'),
    ])
    .where('status', '!=', 'free')
    .groupBy(['plan_id', 'interval', 'status'])
    .execute();
  return {
    currency: catalog.currency,
    groups: rows.map((r) => ({
      planId: r.plan_id,
      planName: findPlan(catalog, r.plan_id)?.name ?? r.plan_id,
      interval: r.interval,
      status: r.status,
      portals: Number(r.n),
      recurringAmount: REVENUE_STATUSES.includes(r.status)
        ? Number(r.price ?? 0) + Number(r.units ?? 0) * catalog.addons.storage.monthly.amount * monthsIn(r.interval)
        : 0,
    })),
  };
}

/** Renewal charges that failed, newest first, across portals (the billing event log's `charge.failed`). */
export async function failedCharges(deps: AppDeps, q: { limit: number; cursor?: string; since?: string }) {
  let query = deps.db.selectFrom('billing_events').selectAll().where('type', '=', 'charge.failed');
  if (q.since) query = query.where('created_at', '>=', q.since);
  query = keyset(query, { column: 'created_at', direction: 'desc' }, 'id', q.cursor, q.limit);
  const { page, nextCursor } = toPage(await query.execute(), q.limit, (r) => ({ v: r.created_at, id: r.id }));
  return {
    nextCursor,
    items: page.map((e) => {
      const p = JSON.parse(e.payload) as { invoiceId?: string; amount?: number; currency?: string; declineCode?: string; card?: string };
      return {
        id: e.id,
        portalId: e.portal_id,
        at: e.created_at,
        invoiceId: p.invoiceId ?? null,
        amount: Number(p.amount ?? 0),
        currency: p.currency ?? catalogOf(deps).currency,
        declineCode: p.declineCode ?? null,
        card: p.card ?? null,
      };
    }),
  };
}

export async function countFailedCharges(deps: AppDeps, since: string): Promise<number> {
  const r = await deps.db
    .selectFrom('billing_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('type', '=', 'charge.failed')
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The plans an operator can grant (every paid plan of the catalog). */
export function grantablePlans(deps: AppDeps) {
  return catalogOf(deps)
    .plans.filter((p) => p.id !== FREE_PLAN_ID)
    .map((p) => ({ id: p.id, name: p.name, monthly: p.prices.monthly.amount, annual: p.prices.annual.amount, seats: p.limits.seats }));
}
