import { type Catalog, type Feature, featureLabels, formatBytes, formatMoney, type Plan } from '../billing/index.js';

/**
 * What leaving a plan changes (LIF-1/LIF-2), as a pure function of the
 * portal's usage and the target plan. The preview shows exactly this, and the
 * period-end job applies exactly this, so the applied result equals the preview.
 */

export interface UsageUser {
  id: string;
  name: string;
  email: string;
  role: 'owner' | 'admin' | 'member';
  status: 'active' | 'deactivated';
  lastActiveAt: string | null;
}

export interface UsageFile {
  id: string;
  name: string;
  sizeBytes: number;
  createdAt: string;
}

export interface PortalUsage {
  users: UsageUser[];
  /** Every stored file (trash included), oldest first, in the order the drive keeps them. */
  files: UsageFile[];
  /** Extra storage units billed with the plan when it ends. */
  storageUnits: number;
  telephonyBalance: number;
  /** Records of paid-only features, per feature and kind, e.g. { telephony: { calls: 12 } }. */
  paidRecords: Partial<Record<Feature, Record<string, number>>>;
}

export interface DowngradeTarget {
  catalog: Catalog;
  from: Plan;
  to: Plan;
  /** Users the admin chose to keep when the seats run short. */
  keepUserIds?: readonly string[];
  /** Billing's refund for the cancel (annual plans: the unused whole months). */
  refund: number;
  effectiveAt: Date;
}

export interface DowngradeImpact {
  fromPlanId: string;
  planId: string;
  planName: string;
  featuresLost: { feature: Feature; label: string }[];
  seats: { limit: number | null; active: number };
  usersOverLimit: { id: string; name: string; email: string }[];
  storage: { usedBytes: number; quotaBytes: number | null };
  inaccessibleFiles: { count: number; bytes: number; items: { id: string; name: string; sizeBytes: number; createdAt: string }[] };
  readOnly: Record<string, number>;
  addonsEnded: { kind: 'storage' | 'telephony_credits'; description: string }[];
  telephonyBalanceForfeited: { amount: number; currency: string };
  refund: { amount: number; currency: string };
  effectiveAt: string;
}

const roleRank = { owner: 0, admin: 2, member: 3 } as const;

/** Most recently active first; never-active last; then by name and id, so the order is total. */
function byRecentActivity(a: UsageUser, b: UsageUser): number {
  const la = a.lastActiveAt ?? '';
  const lb = b.lastActiveAt ?? '';
  if (la !== lb) return la < lb ? 1 : -1;
  return a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Who keeps a seat when the plan has fewer than there are active users: the
 * owner, then the users the admin chose (in their order), then admins, then
 * members, each by most recent activity. Nobody is deleted; the rest are
 * deactivated. Already deactivated users stay as they are.
 */
export function seatsToKeep(users: readonly UsageUser[], limit: number | null, keepUserIds: readonly string[] = []): { kept: UsageUser[]; over: UsageUser[] } {
  const active = users.filter((u) => u.status === 'active');
  const chosen = new Map(keepUserIds.map((id, i) => [id, i]));
  const rank = (u: UsageUser) => (u.role === 'owner' ? 0 : chosen.has(u.id) ? 1 : roleRank[u.role]);
  const ordered = [...active].sort((a, b) => rank(a) - rank(b) || (rank(a) === 1 ? chosen.get(a.id)! - chosen.get(b.id)! : byRecentActivity(a, b)));
  if (limit === null || ordered.length <= limit) return { kept: ordered, over: [] };
  return { kept: ordered.slice(0, limit), over: ordered.slice(limit) };
}

/** Why a choice of users to keep cannot be honoured, or null. */
export function keepChoiceProblem(users: readonly UsageUser[], limit: number | null, keepUserIds: readonly string[]): string | null {
  const active = new Map(users.filter((u) => u.status === 'active').map((u) => [u.id, u]));
  const unknown = keepUserIds.filter((id) => !active.has(id));
  if (unknown.length > 0) return `names ${unknown.length === 1 ? 'a user who is' : 'users who are'} not active in this portal`;
  if (new Set(keepUserIds).size !== keepUserIds.length) return 'names a user twice';
  if (limit === null) return null;
  const owner = [...active.values()].find((u) => u.role === 'owner');
  const seatsTaken = new Set([...keepUserIds, ...(owner ? [owner.id] : [])]).size;
  if (seatsTaken > limit)
    return `the plan has ${limit} seat${limit === 1 ? '' : 's'}, and the owner always keeps one: choose at most ${owner ? limit - 1 : limit} other user${limit - 1 === 1 ? '' : 's'}`;
  return null;
}

/**
 * Files that stay available under a quota: the oldest ones, in order, while
 * their total fits; every file after the first that does not fit is
 * unavailable (listed, never deleted) until the portal is under quota.
 * The drive applies the same rule at read time (src/modules/drive/availability.ts).
 */
export function filesOverQuota(files: readonly UsageFile[], quotaBytes: number | null): UsageFile[] {
  if (quotaBytes === null) return [];
  let running = 0;
  for (let i = 0; i < files.length; i++) {
    running += files[i]!.sizeBytes;
    if (running > quotaBytes) return files.slice(i);
  }
  return [];
}

/** The storage a plan allows, with the extra storage that stays billed with it (add-ons end on Free). */
export function quotaOf(catalog: Catalog, plan: Plan, storageUnits: number): number | null {
  if (plan.limits.storageBytes === null) return null;
  const units = plan.id === 'free' ? 0 : storageUnits;
  return plan.limits.storageBytes + units * catalog.addons.storage.unitBytes;
}

export function downgradeImpact(usage: PortalUsage, target: DowngradeTarget): DowngradeImpact {
  const { catalog, from, to } = target;
  const currency = catalog.currency;
  const lost = from.features.filter((f) => !to.features.includes(f));
  const { over } = seatsToKeep(usage.users, to.limits.seats, target.keepUserIds);
  const quota = quotaOf(catalog, to, usage.storageUnits);
  const unavailable = filesOverQuota(usage.files, quota);
  const readOnly: Record<string, number> = {};
  for (const feature of lost) {
    for (const [kind, n] of Object.entries(usage.paidRecords[feature] ?? {})) if (n > 0) readOnly[kind] = (readOnly[kind] ?? 0) + n;
  }
  const addonsEnded: DowngradeImpact['addonsEnded'] = [];
  if (to.id === 'free' && usage.storageUnits > 0) {
    const size = formatBytes(catalog.addons.storage.unitBytes * usage.storageUnits);
    addonsEnded.push({ kind: 'storage', description: `Extra storage: ${usage.storageUnits} unit${usage.storageUnits === 1 ? '' : 's'} (${size})` });
  }
  const losesTelephony = !to.features.includes('telephony');
  const forfeited = losesTelephony ? Math.max(0, usage.telephonyBalance) : 0;
  if (forfeited > 0) addonsEnded.push({ kind: 'telephony_credits', description: `Telephony credit: ${formatMoney(forfeited, currency)} left, forfeited` });
  return {
    fromPlanId: from.id,
    planId: to.id,
    planName: to.name,
    featuresLost: lost.map((feature) => ({ feature, label: featureLabels[feature] ?? feature })),
    seats: { limit: to.limits.seats, active: usage.users.filter((u) => u.status === 'active').length },
    usersOverLimit: over.map((u) => ({ id: u.id, name: u.name, email: u.email })),
    storage: { usedBytes: usage.files.reduce((s, f) => s + f.sizeBytes, 0), quotaBytes: quota },
    inaccessibleFiles: {
      count: unavailable.length,
      bytes: unavailable.reduce((s, f) => s + f.sizeBytes, 0),
      items: unavailable.map((f) => ({ id: f.id, name: f.name, sizeBytes: f.sizeBytes, createdAt: f.createdAt })),
    },
    readOnly,
    addonsEnded,
    telephonyBalanceForfeited: { amount: forfeited, currency },
    refund: { amount: target.refund, currency },
    effectiveAt: target.effectiveAt.toISOString(),
  };
}

/** True when the impact changes nothing a customer would notice. */
export const impactIsEmpty = (i: DowngradeImpact): boolean =>
  i.featuresLost.length === 0 && i.usersOverLimit.length === 0 && i.inaccessibleFiles.count === 0 && i.addonsEnded.length === 0;
