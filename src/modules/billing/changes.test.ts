import { describe, expect, it } from 'vitest';
import { classifyChange, quoteChange, type SubscriptionState } from './changes.js';
import { defaultCatalog } from './catalog.js';

const sub = (over: Partial<SubscriptionState> = {}): SubscriptionState => ({
  planId: 'team',
  interval: 'monthly',
  status: 'active',
  periodStart: new Date('2026-03-01T00:00:00Z'),
  periodEnd: new Date('2026-04-01T00:00:00Z'),
  anchorDay: 1,
  periodPrice: 1500,
  storageUnits: 0,
  hadTrial: false,
  ...over,
});

describe('which changes apply now and which at the period end', () => {
  it.each([
    ['free', 'monthly', 'team', 'monthly', 'start'],
    ['team', 'monthly', 'business', 'monthly', 'upgrade'],
    ['team', 'monthly', 'team', 'annual', 'upgrade'],
    ['team', 'monthly', 'business', 'annual', 'upgrade'],
    ['business', 'monthly', 'team', 'monthly', 'downgrade'],
    ['team', 'annual', 'team', 'monthly', 'downgrade'],
    ['team', 'annual', 'business', 'monthly', 'downgrade'],
    ['business', 'monthly', 'team', 'annual', 'downgrade'],
    ['team', 'monthly', 'free', 'monthly', 'cancel'],
    ['team', 'monthly', 'team', 'monthly', 'unchanged'],
  ] as const)('%s %s → %s %s is %s', (fromPlan, fromInterval, toPlan, toInterval, kind) => {
    const current = fromPlan === 'free' ? sub({ planId: 'free', status: 'free' }) : sub({ planId: fromPlan, interval: fromInterval });
    expect(classifyChange(defaultCatalog, current, { planId: toPlan, interval: toInterval })).toBe(kind);
  });
});

describe('quotes', () => {
  const at = new Date('2026-03-11T08:00:00Z');

  it('starts a plan with its full price for one period', () => {
    const q = quoteChange(
      defaultCatalog,
      sub({ planId: 'free', status: 'free', periodStart: null, periodEnd: null }),
      { planId: 'business', interval: 'annual' },
      at,
    );
    expect(q).toMatchObject({ kind: 'start', chargeNow: 39000, credit: 0, refund: 0, newPeriod: { start: at, end: new Date('2027-03-11T08:00:00Z') } });
    expect(q.nextInvoice).toMatchObject({ date: new Date('2027-03-11T08:00:00Z'), total: 39000 });
  });

  it('credits the unused days of the month toward a new year', () => {
    const q = quoteChange(defaultCatalog, sub(), { planId: 'team', interval: 'annual' }, at);
    // 20 of 31 days of $15 left: $9.67 credit toward $150.
    expect(q).toMatchObject({ kind: 'upgrade', credit: 967, chargeNow: 15000 - 967 });
    expect(q.lines.reduce((s, l) => s + l.amount, 0)).toBe(q.chargeNow);
  });

  it('bills extra storage with the renewal', () => {
    const q = quoteChange(defaultCatalog, sub({ storageUnits: 2 }), { planId: 'business', interval: 'monthly' }, at);
    expect(q.nextInvoice.total).toBe(3900 + 2 * 400);
    expect(q.nextInvoice.lines.map((l) => l.description)).toEqual(['Business plan (monthly)', 'Extra storage, 2 × 10 GB (monthly)']);
  });

  it('starts a trial without a charge when the plan has one, once per portal', () => {
    const catalog = { ...defaultCatalog, plans: defaultCatalog.plans.map((p) => (p.id === 'team' ? { ...p, trialDays: 14 } : p)) };
    const free = sub({ planId: 'free', status: 'free', periodStart: null, periodEnd: null });
    const q = quoteChange(catalog, free, { planId: 'team', interval: 'monthly' }, at);
    expect(q).toMatchObject({ kind: 'start', chargeNow: 0, trialEnd: new Date('2026-03-25T08:00:00Z') });
    expect(q.nextInvoice).toMatchObject({ date: new Date('2026-03-25T08:00:00Z'), total: 1500 });
    expect(quoteChange(catalog, { ...free, hadTrial: true }, { planId: 'team', interval: 'monthly' }, at)).toMatchObject({ trialEnd: null, chargeNow: 1500 });
  });
});
