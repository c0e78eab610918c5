import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../billing/index.js';
import { downgradeImpact, filesOverQuota, keepChoiceProblem, seatsToKeep, type PortalUsage, type UsageFile, type UsageUser } from './impact.js';

/** The same small catalog as the API tests (billing.testkit.ts), without starting a server. */
const catalog = parseCatalog(
  {
    currency: 'USD',
    plans: [
      { id: 'free', name: 'Free', prices: { monthly: { amount: 0 }, annual: { amount: 0 } }, limits: { seats: 3, storageBytes: 10_000 }, features: [] },
      {
        id: 'team',
        name: 'Team',
        prices: { monthly: { amount: 1000 }, annual: { amount: 10000 } },
        limits: { seats: 5, storageBytes: 50_000 },
        features: ['automations'],
      },
      {
        id: 'business',
        name: 'Business',
        prices: { monthly: { amount: 3000 }, annual: { amount: 30000 } },
        limits: { seats: null, storageBytes: 200_000 },
        features: ['automations', 'telephony', 'booking_pages_team', 'auto_scheduling'],
      },
    ],
    addons: {
      storage: { unitBytes: 10_000, monthly: { amount: 200 } },
      telephonyCredits: { unitCredit: 500, price: { amount: 500 }, perMinute: { amount: 10 } },
    },
  },
  'test',
);
const plan = (id: string) => catalog.plans.find((p) => p.id === id)!;

const user = (id: string, role: UsageUser['role'], lastActiveAt: string | null, status: UsageUser['status'] = 'active'): UsageUser => ({
  id,
  name: `User ${id}`,
  email: `${id}@example.test`,
  role,
  status,
  lastActiveAt,
});
const file = (id: string, sizeBytes: number): UsageFile => ({ id, name: `${id}.bin`, sizeBytes, createdAt: `2026-01-01T00:00:00.${id.padStart(3, '0')}Z` });

const arbUsers = fc
  .uniqueArray(
    fc.record({
      id: fc.uuid(),
      role: fc.constantFrom('admin' as const, 'member' as const),
      active: fc.boolean(),
      last: fc.option(fc.integer({ min: 0, max: 1e6 })),
    }),
    {
      selector: (u) => u.id,
      maxLength: 12,
    },
  )
  .map((rest) => [
    user('owner', 'owner', '2026-01-01T00:00:00.000Z'),
    ...rest.map((u) =>
      user(u.id, u.role, u.last === null ? null : new Date(Date.UTC(2026, 0, 1) + u.last * 1000).toISOString(), u.active ? 'active' : 'deactivated'),
    ),
  ]);

describe('who keeps a seat', () => {
  it('keeps the owner, then admins, then the most recently active members', () => {
    const users = [
      user('m-old', 'member', '2026-01-01T00:00:00.000Z'),
      user('m-new', 'member', '2026-03-01T00:00:00.000Z'),
      user('a', 'admin', null),
      user('o', 'owner', null),
    ];
    const { kept, over } = seatsToKeep(users, 3);
    expect(kept.map((u) => u.id)).toEqual(['o', 'a', 'm-new']);
    expect(over.map((u) => u.id)).toEqual(['m-old']);
  });

  it('keeps whom the admin chose, before anyone else but the owner', () => {
    const users = [user('m1', 'member', null), user('m2', 'member', null), user('a', 'admin', '2026-05-01T00:00:00.000Z'), user('o', 'owner', null)];
    expect(seatsToKeep(users, 2, ['m2']).kept.map((u) => u.id)).toEqual(['o', 'm2']);
  });

  it('changes nothing while the seats suffice, and never counts deactivated users', () => {
    const users = [user('o', 'owner', null), user('gone', 'member', null, 'deactivated'), user('m', 'member', null)];
    expect(seatsToKeep(users, 2).over).toEqual([]);
    expect(seatsToKeep(users, null).over).toEqual([]);
  });

  it('always fills exactly the seats, owner and valid choices included, and deactivates only active users (property)', () => {
    fc.assert(
      fc.property(arbUsers, fc.integer({ min: 1, max: 8 }), fc.infiniteStream(fc.boolean()), (users, limit, picks) => {
        const active = users.filter((u) => u.status === 'active');
        const chosen = active
          .filter((u) => u.role !== 'owner' && picks.next().value)
          .map((u) => u.id)
          .slice(0, limit - 1);
        expect(keepChoiceProblem(users, limit, chosen)).toBeNull();
        const { kept, over } = seatsToKeep(users, limit, chosen);
        expect(kept).toHaveLength(Math.min(limit, active.length));
        expect(new Set([...kept, ...over].map((u) => u.id))).toEqual(new Set(active.map((u) => u.id)));
        expect(kept.map((u) => u.id)).toContain('owner');
        for (const id of chosen) expect(kept.map((u) => u.id)).toContain(id);
        // Unchosen admins are never deactivated while an unchosen member keeps a seat.
        const free = (u: UsageUser) => !chosen.includes(u.id) && u.role !== 'owner';
        if (over.some((u) => free(u) && u.role === 'admin')) expect(kept.some((u) => free(u) && u.role === 'member')).toBe(false);
      }),
    );
  });

  it('refuses choices that cannot be seated or name someone unknown', () => {
    const users = [user('o', 'owner', null), user('a', 'admin', null), user('m', 'member', null), user('x', 'member', null, 'deactivated')];
    expect(keepChoiceProblem(users, 2, ['a', 'm'])).toContain('choose at most 1 other user');
    expect(keepChoiceProblem(users, 3, ['x'])).toContain('not active');
    expect(keepChoiceProblem(users, 3, ['a', 'a'])).toContain('twice');
    expect(keepChoiceProblem(users, 2, ['o', 'a'])).toBeNull();
  });
});

describe('files over the quota', () => {
  it('keeps the oldest files that fit; from the first that does not fit on, all are unavailable', () => {
    const files = [file('1', 4000), file('2', 4000), file('3', 4000), file('4', 1000)];
    expect(filesOverQuota(files, 10_000).map((f) => f.id)).toEqual(['3', '4']);
    expect(filesOverQuota(files, 13_000)).toEqual([]);
    expect(filesOverQuota(files, null)).toEqual([]);
  });

  it('leaves available a prefix that fits, as long as possible (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 30 }), fc.integer({ min: 0, max: 60_000 }), (sizes, quota) => {
        const files = sizes.map((s, i) => file(String(i), s));
        const over = filesOverQuota(files, quota);
        const available = files.slice(0, files.length - over.length);
        expect(over).toEqual(files.slice(available.length));
        const used = available.reduce((s, f) => s + f.sizeBytes, 0);
        expect(used).toBeLessThanOrEqual(quota);
        if (over.length > 0) expect(used + over[0]!.sizeBytes).toBeGreaterThan(quota);
        if (sizes.reduce((a, b) => a + b, 0) <= quota) expect(over).toEqual([]);
      }),
    );
  });
});

describe('the impact', () => {
  const usage = (over: Partial<PortalUsage> = {}): PortalUsage => ({
    users: [user('o', 'owner', null)],
    files: [],
    storageUnits: 0,
    telephonyBalance: 0,
    paidRecords: {},
    ...over,
  });
  const target = (from: string, to: string) => ({ catalog, from: plan(from), to: plan(to), refund: 0, effectiveAt: new Date('2026-02-01T00:00:00Z') });

  it('loses the features the target lacks, and their records become read-only', () => {
    const i = downgradeImpact(usage({ paidRecords: { telephony: { calls: 4 }, automations: { automation_rules: 2 } } }), target('business', 'team'));
    expect(i.featuresLost.map((f) => f.feature)).toEqual(['telephony', 'booking_pages_team', 'auto_scheduling']);
    expect(i.readOnly).toEqual({ calls: 4 });
  });

  it('ends extra storage on Free, and the telephony credit wherever telephony ends', () => {
    const onFree = downgradeImpact(usage({ storageUnits: 2, telephonyBalance: 750 }), target('business', 'free'));
    expect(onFree.addonsEnded.map((a) => a.kind)).toEqual(['storage', 'telephony_credits']);
    expect(onFree.telephonyBalanceForfeited).toEqual({ amount: 750, currency: 'USD' });
    expect(onFree.storage.quotaBytes).toBe(10_000);
    const onTeam = downgradeImpact(usage({ storageUnits: 2, telephonyBalance: 750 }), target('business', 'team'));
    expect(onTeam.addonsEnded.map((a) => a.kind)).toEqual(['telephony_credits']);
    expect(onTeam.storage.quotaBytes).toBe(50_000 + 2 * 10_000);
  });

  it('is a function of usage and plan: the same inputs give the same impact (property)', () => {
    fc.assert(
      fc.property(arbUsers, fc.array(fc.integer({ min: 0, max: 9000 }), { maxLength: 10 }), fc.integer({ min: 0, max: 5000 }), (users, sizes, balance) => {
        const u = usage({ users, files: sizes.map((s, i) => file(String(i), s)), telephonyBalance: balance });
        expect(downgradeImpact(u, target('business', 'free'))).toEqual(downgradeImpact(structuredClone(u), target('business', 'free')));
      }),
    );
  });
});
