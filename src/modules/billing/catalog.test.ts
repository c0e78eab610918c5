import { describe, expect, it } from 'vitest';
import { startTestServer } from '../../test/harness.js';
import { signupPortal } from '../../test/factories.js';
import { defaultCatalog, parseCatalog } from './catalog.js';
import { seatLimitMessage, featureMessage, findPlan } from './plans.js';
import { testCatalog, writePlansFile } from './billing.testkit.js';
import { loadConfig } from '../../kernel/config.js';

describe('the built-in catalog (BIL-1)', () => {
  it('has Free and at least two paid plans, each cheaper by the year than by twelve months', () => {
    const c = parseCatalog(defaultCatalog, 'built in');
    expect(c.plans[0]!.id).toBe('free');
    const paid = c.plans.filter((p) => p.id !== 'free');
    expect(paid.length).toBeGreaterThanOrEqual(2);
    for (const p of paid) expect(p.prices.annual.amount).toBeLessThan(12 * p.prices.monthly.amount);
  });

  it('says which plan would allow more', () => {
    expect(seatLimitMessage(defaultCatalog, findPlan(defaultCatalog, 'free')!, 6)).toBe('Your Free plan includes 5 seats. Upgrade to Team for up to 25.');
    expect(seatLimitMessage(defaultCatalog, findPlan(defaultCatalog, 'free')!, 30)).toBe('Your Free plan includes 5 seats. Upgrade to Business for up to 100.');
    expect(featureMessage(defaultCatalog, findPlan(defaultCatalog, 'team')!, 'telephony')).toBe(
      'Telephony is not included in your Team plan. Upgrade to Business to use it.',
    );
  });
});

describe('PLANS_FILE validation', () => {
  const bad = (mutate: (c: any) => void) => {
    const c = structuredClone(testCatalog) as any;
    mutate(c);
    return c;
  };

  it.each([
    ['a fractional amount', (c: any) => (c.plans[1].prices.monthly.amount = 9.99), 'plans.1.prices.monthly.amount'],
    ['a missing free plan', (c: any) => (c.plans = c.plans.slice(1)), 'plans: must include the free-forever plan'],
    ['an unknown feature', (c: any) => (c.plans[1].features = ['teleportation']), 'plans.1.features.0'],
    ['a lowercase currency', (c: any) => (c.currency = 'usd'), 'currency'],
    ['a free plan that costs money', (c: any) => (c.plans[0].prices.annual.amount = 100), 'plans.0.prices: the free plan costs 0'],
    ['two plans with one id', (c: any) => (c.plans[2].id = 'team'), 'plans.2.id'],
  ])('names the field of %s', (_what, mutate, expected) => {
    expect(() => parseCatalog(bad(mutate), 'in PLANS_FILE x.json')).toThrow(expected);
  });

  it('stops the server at boot, naming the file and the bad field', async () => {
    const file = writePlansFile(bad((c) => (c.plans[1].limits.seats = 0)));
    await expect(startTestServer({ env: { PLANS_FILE: file } })).rejects.toThrow(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s\\S]*plans\\.1\\.limits\\.seats`),
    );
  });

  it('stops the server at boot for a file that is not JSON', async () => {
    const file = writePlansFile('{ "currency": ');
    await expect(startTestServer({ env: { PLANS_FILE: file } })).rejects.toThrow(/is not valid JSON/);
  });

  it('serves a custom file as the catalog, and its limits apply', async () => {
    const custom = bad((c) => {
      c.currency = 'EUR';
      c.plans[0].name = 'Gratis';
      c.plans[0].limits.seats = 1;
    });
    const server = await startTestServer({ env: { PLANS_FILE: writePlansFile(custom) } });
    try {
      const res = await server.client().get('/api/plans');
      expect(res.body).toMatchObject({ currency: 'EUR', plans: [{ id: 'free', name: 'Gratis', limits: { seats: 1 } }, { id: 'team' }, { id: 'business' }] });
      const { client } = await signupPortal(server);
      const invite = await client.post('/api/users/invites', { email: 'second@example.test', role: 'member' });
      expect(invite.status).toBe(402);
      expect(invite.body.error.message).toBe('Your Gratis plan includes 1 seat. Upgrade to Team for up to 5.');
    } finally {
      await server.close();
    }
  });
});

describe('TEST_CLOCK', () => {
  it('is refused in production', () => {
    expect(() => loadConfig({ TEST_CLOCK: '1', NODE_ENV: 'production' })).toThrow(/TEST_CLOCK: must be off when NODE_ENV=production/);
    expect(loadConfig({ TEST_CLOCK: '1', NODE_ENV: 'development' }).TEST_CLOCK).toBe(true);
  });

  it('answers 404 when it is off', async () => {
    const server = await startTestServer();
    try {
      const { client } = await signupPortal(server);
      const res = await client.post('/api/test-clock/advance', { days: 30 });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
      expect((await client.get('/api/test-clock')).body.enabled).toBe(false);
    } finally {
      await server.close();
    }
  });
});
