import type { FastifyInstance } from 'fastify';
import { ConfigError } from '../../kernel/config.js';
import { systemContext, type AppDeps } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { installIsEmpty, listPortals, SIGNUP_CLOSED_MESSAGE } from '../accounts/index.js';
import { billingEnabled, catalogOf, DAY_MS, findPlan, FREE_PLAN_ID, grantPlan, inBillingTx, resetToFree } from '../billing/index.js';
import { setAsideForBillingSwitch } from '../lifecycle/index.js';
import { recordOperatorAudit, type OperatorMeta } from './operator-audit.service.js';
import * as repo from './operators.repo.js';
import { DEFAULT_GRANT_DAYS } from './grant.js';

/**
 * The two ways to run SchedulingKit (LIF-6):
 * - hosted (BILLING=on): plans, limits, invoices;
 * - self-hosted (BILLING=off): every feature, no seat or storage limit, no
 *   billing screens or mail; the billing routes answer 404 BILLING_DISABLED.
 * Billing itself decides "no limits" (billing.service `portalPlan`); here are
 * the route gate, the sign-up gate (SIGNUP=closed) and the switch between the
 * modes, which keeps every record.
 */

/** The routes that are billing: plans, the billing pages, the test clock, the telephony balance and its top-up. */
export const BILLING_ROUTE_PREFIXES = [
  '/api/plans',
  '/api/billing',
  '/api/test-clock',
  '/api/telephony/balance',
  '/api/telephony/ledger',
  '/api/telephony/settings',
];

export const isBillingRoute = (url: string): boolean => BILLING_ROUTE_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`));

export const BILLING_MODE_KEY = 'billing_mode';

export function installInstanceGates(app: FastifyInstance, deps: AppDeps): void {
  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url ?? '';
    if (!billingEnabled(deps) && isBillingRoute(url)) {
      throw new AppError('BILLING_DISABLED', 'Billing is off on this server (self-hosted): every feature is included, with no plans, limits or invoices.');
    }
    if (url === '/api/auth/signup' && request.method === 'POST' && !(await signupAvailable(deps))) {
      throw new AppError('SIGNUP_CLOSED', SIGNUP_CLOSED_MESSAGE);
    }
  });
}

/** Whether a visitor may sign up: always with SIGNUP=open; with SIGNUP=closed only to claim an empty install. */
export async function signupAvailable(deps: AppDeps): Promise<boolean> {
  return deps.config.SIGNUP === 'open' || (await installIsEmpty(deps));
}

/** GET /api/instance: what the web app needs to know before anyone signs in. */
export async function instanceInfo(deps: AppDeps) {
  return { billing: billingEnabled(deps), signup: deps.config.SIGNUP, signupAvailable: await signupAvailable(deps) };
}

export interface SwitchResult {
  planId: string;
  until: string | null;
  portals: number;
}

/**
 * Turns billing on for an install that ran self-hosted: every portal is put
 * on `planId` — Free, or a paid plan free of charge for `days` (after which it
 * goes to Free unless an admin keeps the plan) — and the mode is recorded.
 * Every record stays. `skit billing enable --plan`, or DEFAULT_PLAN at start.
 */
export async function enableBilling(deps: AppDeps, input: { planId: string; days?: number }, meta: OperatorMeta): Promise<SwitchResult> {
  const catalog = catalogOf(deps);
  const plan = findPlan(catalog, input.planId);
  if (!plan) {
    throw new AppError('VALIDATION_FAILED', `plan must be one of ${catalog.plans.map((p) => p.id).join(', ')}`, {
      fields: [{ path: 'plan', message: 'is not a plan of the catalog' }],
    });
  }
  const days = input.days ?? DEFAULT_GRANT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    throw new AppError('VALIDATION_FAILED', 'days must be a whole number of days from 1 to 3650', { fields: [{ path: 'days', message: 'must be 1 to 3650' }] });
  }
  const hosted = { ...deps, config: { ...deps.config, BILLING: 'on' as const } };
  const portals = (await listPortals(deps)).filter((p) => p.status === 'active');
  let until: Date | null = null;
  for (const p of portals) {
    const ctx = systemContext(hosted, p.id);
    await inBillingTx(ctx, async (tx) => {
      await setAsideForBillingSwitch(ctx, tx.trx);
      if (plan.id === FREE_PLAN_ID) await resetToFree(tx);
      else {
        until = new Date(tx.at.getTime() + days * DAY_MS);
        await grantPlan(tx, { planId: plan.id, until, afterwards: 'free' });
      }
    });
  }
  await deps.db.transaction().execute(async (trx) => {
    await repo.putSetting(trx, BILLING_MODE_KEY, 'on', deps.clock.now().toISOString());
    await recordOperatorAudit(
      deps,
      meta,
      { action: 'instance.billing_enabled', details: { planId: plan.id, days: plan.id === FREE_PLAN_ID ? null : days, portals: portals.length } },
      trx,
    );
  });
  return { planId: plan.id, until: until ? (until as Date).toISOString() : null, portals: portals.length };
}

export async function recordedBillingMode(deps: AppDeps): Promise<'on' | 'off' | null> {
  return (await repo.getSetting(deps.db, BILLING_MODE_KEY)) as 'on' | 'off' | null;
}

/**
 * At start: remembers the mode the install runs in. Going self-hosted needs
 * nothing (billing answers "every feature" from now on). Going back to hosted
 * needs the plan every portal starts on: DEFAULT_PLAN, else the server refuses
 * to start, saying how to choose one.
 */
export async function reconcileBillingMode(deps: AppDeps): Promise<void> {
  const recorded = await recordedBillingMode(deps);
  const now = deps.clock.now().toISOString();
  const meta: OperatorMeta = { operator: null, ip: null, userAgent: 'server start' };
  if (!billingEnabled(deps)) {
    if (recorded === 'off') return;
    await deps.db.transaction().execute(async (trx) => {
      await repo.putSetting(trx, BILLING_MODE_KEY, 'off', now);
      await recordOperatorAudit(deps, meta, { action: 'instance.billing_disabled', details: { previously: recorded ?? 'on' } }, trx);
    });
    deps.log.info('billing is off (self-hosted): every portal has every feature and no limits; billing records are kept');
    return;
  }
  if (recorded === 'on') return;
  if (recorded === null) {
    await repo.putSetting(deps.db, BILLING_MODE_KEY, 'on', now);
    return;
  }
  if (!deps.config.DEFAULT_PLAN) {
    throw new ConfigError(
      'Invalid configuration:\n  BILLING: this install ran with BILLING=off. To turn billing on, name the plan every portal starts on:\n' +
        '    skit billing enable --plan team   (or set DEFAULT_PLAN=team for this start)',
    );
  }
  const res = await enableBilling(deps, { planId: deps.config.DEFAULT_PLAN }, meta);
  deps.log.info(res, 'billing is on again: every portal was put on the default plan');
}
