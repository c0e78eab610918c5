import type { Executor } from '../../db/scope.js';
import type { PortalContext } from '../../kernel/context.js';
import { listUsers } from '../accounts/index.js';
import type { Feature } from '../billing/index.js';
import { filesInStorageOrder } from '../drive/index.js';
import { getBalance } from '../telephony/index.js';
import type { PortalUsage } from './impact.js';

/**
 * The portal's usage that a downgrade is measured against: users, stored
 * files, the telephony balance and the records of paid-only features. Read
 * through each module's own functions, inside the caller's transaction.
 */

export type PaidRecordCounter = (ctx: PortalContext, executor: Executor) => Promise<Record<string, number>>;

const counters = new Map<Feature, Set<PaidRecordCounter>>();

/**
 * A module whose records belong to a paid-only feature registers how many it
 * keeps, by kind (e.g. automations: { automation_rules: 3 }), so that the
 * downgrade preview can list them as becoming read-only. Wired in src/server/compose.ts.
 */
export function registerPaidRecords(feature: Feature, counter: PaidRecordCounter): void {
  const set = counters.get(feature) ?? new Set();
  set.add(counter);
  counters.set(feature, set);
}

export async function portalUsage(ctx: PortalContext, executor: Executor, storageUnits: number): Promise<PortalUsage> {
  const users = await listUsers(executor, ctx.portalId);
  const paidRecords: PortalUsage['paidRecords'] = {};
  for (const [feature, set] of counters) {
    const merged: Record<string, number> = {};
    for (const count of set) Object.assign(merged, await count(ctx, executor));
    paidRecords[feature] = merged;
  }
  return {
    users: users.map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role, status: u.status, lastActiveAt: u.last_active_at })),
    files: await filesInStorageOrder(ctx, executor),
    storageUnits,
    telephonyBalance: (await getBalance(ctx, executor)).balance.amount,
    paidRecords,
  };
}
