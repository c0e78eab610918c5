/**
 * The console's business figures as pure functions of plain numbers (LIF-7):
 * monthly recurring revenue, the plan mix, and "this month".
 */

export type Interval = 'monthly' | 'annual';

export interface RevenueLine {
  interval: Interval;
  /** What is paid per period (one portal, or a group of them), minor units. */
  recurringAmount: number;
}

/**
 * Monthly recurring revenue in whole minor units: monthly amounts in full,
 * annual ones as amount / 12. The annual sum is divided once and rounded, so
 * the total does not drift with the number of annual portals.
 */
export function monthlyRecurringRevenue(lines: RevenueLine[]): number {
  let monthly = 0;
  let annual = 0;
  for (const l of lines) {
    if (l.interval === 'annual') annual += l.recurringAmount;
    else monthly += l.recurringAmount;
  }
  return monthly + Math.round(annual / 12);
}

/** One portal's share of the MRR. */
export const portalMrr = (line: RevenueLine): number => monthlyRecurringRevenue([line]);

/** The first instant of the UTC calendar month `at` falls in. */
export function monthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

export interface PlanGroup {
  planId: string;
  planName: string;
  status: string;
  portals: number;
}

export interface PlanMixRow {
  planId: string;
  planName: string;
  portals: number;
  /** Of which: in a trial or a comp, behind on payment, paused. */
  trialing: number;
  pastDue: number;
  paused: number;
}

/**
 * Portals per plan. Every portal without a paid subscription is on Free, so
 * Free is what is left of the total; paid plans come in catalog order.
 */
export function planMix(groups: PlanGroup[], totalPortals: number, free: { id: string; name: string }, order: string[]): PlanMixRow[] {
  const rows = new Map<string, PlanMixRow>();
  for (const g of groups) {
    const row = rows.get(g.planId) ?? { planId: g.planId, planName: g.planName, portals: 0, trialing: 0, pastDue: 0, paused: 0 };
    row.portals += g.portals;
    if (g.status === 'trialing') row.trialing += g.portals;
    if (g.status === 'past_due') row.pastDue += g.portals;
    if (g.status === 'paused') row.paused += g.portals;
    rows.set(g.planId, row);
  }
  const paid = [...rows.values()].filter((r) => r.planId !== free.id);
  const onPaid = paid.reduce((s, r) => s + r.portals, 0);
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  paid.sort((a, b) => rank(a.planId) - rank(b.planId) || a.planId.localeCompare(b.planId));
  return [{ planId: free.id, planName: free.name, portals: Math.max(0, totalPortals - onPaid), trialing: 0, pastDue: 0, paused: 0 }, ...paid];
}
