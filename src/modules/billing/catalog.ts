import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, type Config } from '../../kernel/config.js';

/**
 * The plan catalog (BIL-1): the one source for the pricing page, the limits the
 * server enforces and every amount billing charges. Built in below; an operator
 * replaces it with PLANS_FILE, validated at boot.
 */

const amount = z
  .number({ message: 'must be a number' })
  .int({ message: 'must be a whole number of minor units (cents)' })
  .min(0, { message: 'must not be negative' });
const price = z.object({ amount });

export const FEATURES = ['automations', 'telephony', 'booking_pages_team', 'auto_scheduling'] as const;
export type Feature = (typeof FEATURES)[number];

export const planSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, { message: 'must be lowercase letters, digits, - or _ (e.g. "team")' }),
  name: z.string().trim().min(1, { message: 'is required' }).max(60),
  description: z.string().max(300).optional(),
  prices: z.object({ monthly: price, annual: price }),
  limits: z.object({
    seats: z.number().int().min(1, { message: 'must be at least 1' }).nullable().describe('null: no limit'),
    storageBytes: z.number().int().min(0).nullable().describe('null: no limit'),
  }),
  features: z.array(z.enum(FEATURES, { message: `must be one of ${FEATURES.join(', ')}` })),
  /** Days of free trial when a portal first takes this plan; 0: none. */
  trialDays: z.number().int().min(0).max(90).default(0),
});

export const addonsSchema = z.object({
  storage: z.object({
    unitBytes: z.number().int().min(1),
    /** Per unit and month, billed with the subscription. */
    monthly: price,
  }),
  telephonyCredits: z.object({
    /** Credit one unit adds to the balance. */
    unitCredit: amount,
    price,
    /** Deducted per started minute of a call. */
    perMinute: price,
  }),
});

export const catalogSchema = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as "USD"' }),
    plans: z.array(planSchema).min(1, { message: 'must list at least the free plan' }),
    addons: addonsSchema.optional(),
  })
  .superRefine((c, ctx) => {
    const free = c.plans.findIndex((p) => p.id === 'free');
    if (free < 0) ctx.addIssue({ code: 'custom', path: ['plans'], message: 'must include the free-forever plan with id "free"' });
    else if (c.plans[free]!.prices.monthly.amount !== 0 || c.plans[free]!.prices.annual.amount !== 0) {
      ctx.addIssue({ code: 'custom', path: ['plans', free, 'prices'], message: 'the free plan costs 0' });
    }
    const seen = new Set<string>();
    c.plans.forEach((p, i) => {
      if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: ['plans', i, 'id'], message: `"${p.id}" is used by two plans` });
      seen.add(p.id);
    });
  });

export type Plan = z.output<typeof planSchema>;
export type Addons = z.output<typeof addonsSchema>;
export interface Catalog {
  currency: string;
  plans: Plan[];
  addons: Addons;
}
export type { Interval } from '../../db/tables/billing.js';

const GB = 1_000_000_000;

export const defaultAddons: Addons = {
  storage: { unitBytes: 10 * GB, monthly: { amount: 400 } },
  telephonyCredits: { unitCredit: 1000, price: { amount: 1000 }, perMinute: { amount: 3 } },
};

/** The built-in catalog: flat prices per portal, annual = 10 months. */
export const defaultCatalog: Catalog = {
  currency: 'USD',
  plans: [
    {
      id: 'free',
      name: 'Free',
      description: 'For small teams getting started.',
      prices: { monthly: { amount: 0 }, annual: { amount: 0 } },
      limits: { seats: 5, storageBytes: 5 * GB },
      features: [],
      trialDays: 0,
    },
    {
      id: 'team',
      name: 'Team',
      description: 'For growing teams: automations and team booking pages.',
      prices: { monthly: { amount: 1500 }, annual: { amount: 15000 } },
      limits: { seats: 25, storageBytes: 100 * GB },
      features: ['automations', 'booking_pages_team'],
      trialDays: 0,
    },
    {
      id: 'business',
      name: 'Business',
      description: 'Everything, with telephony and auto-scheduling.',
      prices: { monthly: { amount: 3900 }, annual: { amount: 39000 } },
      limits: { seats: 100, storageBytes: 1000 * GB },
      features: ['automations', 'booking_pages_team', 'auto_scheduling', 'telephony'],
      trialDays: 0,
    },
  ],
  addons: defaultAddons,
};

export function parseCatalog(raw: unknown, source: string): Catalog {
  const parsed = catalogSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new ConfigError(`Invalid plan catalog ${source}:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, addons: parsed.data.addons ?? defaultAddons };
}

/** Reads and validates a PLANS_FILE; a bad file stops the process naming the file and the field. */
export function loadCatalogFile(file: string): Catalog {
  const full = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(full, 'utf8');
  } catch (err) {
    throw new ConfigError(`PLANS_FILE ${full} cannot be read: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`PLANS_FILE ${full} is not valid JSON: ${(err as Error).message}`);
  }
  return parseCatalog(json, `in PLANS_FILE ${full}`);
}

const loaded = new WeakMap<Config, Catalog>();

/** The process's catalog: PLANS_FILE when set, else the built-in one. Read once per config. */
export function catalogOf(deps: { config: Config }): Catalog {
  let c = loaded.get(deps.config);
  if (!c) {
    c = deps.config.PLANS_FILE ? loadCatalogFile(deps.config.PLANS_FILE) : defaultCatalog;
    loaded.set(deps.config, c);
  }
  return c;
}
