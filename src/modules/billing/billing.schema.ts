import { z } from 'zod';
import { FEATURES } from './catalog.js';
import { luhnValid } from './payments.js';

const interval = z.enum(['monthly', 'annual']);
const money = z.number().int();
const isoInstant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant such as 2026-01-31T09:00:00Z' });

const priceOut = z.object({ amount: money });
export const planOut = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().optional(),
    prices: z.object({ monthly: priceOut, annual: priceOut }),
    limits: z.object({ seats: z.number().int().nullable(), storageBytes: z.number().int().nullable() }),
    features: z.array(z.enum(FEATURES)),
    trialDays: z.number().int(),
  })
  .meta({ id: 'Plan' });

export const catalogOut = z
  .object({
    currency: z.string(),
    plans: z.array(planOut),
    addons: z.object({
      storage: z.object({ unitBytes: z.number().int(), monthly: priceOut }),
      telephonyCredits: z.object({ unitCredit: money, price: priceOut, perMinute: priceOut }),
    }),
    featureLabels: z.record(z.string(), z.string()),
    pricing: z.string().describe('How prices apply, for the pricing page'),
  })
  .meta({ id: 'PlanCatalog' });

export const subscriptionOut = z
  .object({
    planId: z.string(),
    planName: z.string(),
    interval,
    status: z.enum(['free', 'trialing', 'active', 'past_due', 'paused']),
    currentPeriodStart: z.string().nullable(),
    currentPeriodEnd: z.string().nullable(),
    cancelAtPeriodEnd: z.boolean(),
    pendingPlanId: z.string().nullable(),
    pendingInterval: interval.nullable(),
    trialEnd: z.string().nullable(),
    pastDueSince: z.string().nullable(),
    storageUnits: z.number().int(),
    pendingStorageUnits: z.number().int().nullable(),
  })
  .meta({ id: 'Subscription' });

export const planChoiceBody = z.object({
  planId: z.string().min(1, { message: 'is required' }).max(40),
  interval: interval.default('monthly'),
});

export const lineOut = z
  .object({
    description: z.string(),
    amount: money,
    quantity: z.number().int(),
    periodStart: z.string().optional(),
    periodEnd: z.string().optional(),
  })
  .meta({ id: 'InvoiceLine' });

export const previewOut = z
  .object({
    kind: z.enum(['start', 'upgrade', 'downgrade', 'cancel', 'unchanged']),
    planId: z.string(),
    interval,
    currency: z.string(),
    effectiveAt: z.string(),
    chargeNow: money,
    credit: money,
    refund: money,
    lines: z.array(lineOut),
    trialEnd: z.string().nullable(),
    nextInvoice: z.object({ date: z.string().nullable(), total: money, lines: z.array(lineOut) }),
    refundPolicy: z.string(),
    paymentMethodRequired: z.boolean(),
  })
  .meta({ id: 'ChangePreview' });

export const cardBody = z.object({
  cardNumber: z
    .string()
    .transform((v) => v.replace(/[\s-]/g, ''))
    .pipe(z.string().refine(luhnValid, { message: 'is not a valid card number' })),
  expMonth: z.coerce.number().int().min(1, { message: 'must be 1–12' }).max(12, { message: 'must be 1–12' }),
  expYear: z.coerce.number().int().min(2000, { message: 'must be a four-digit year' }).max(2100, { message: 'must be a four-digit year' }),
  cvc: z.string().regex(/^\d{3,4}$/, { message: 'must be 3 or 4 digits' }),
});

export const paymentMethodOut = z
  .object({
    paymentMethod: z.object({ brand: z.string(), last4: z.string(), expMonth: z.number().int(), expYear: z.number().int(), addedAt: z.string() }).nullable(),
  })
  .meta({ id: 'PaymentMethod' });

export const invoiceOut = z
  .object({
    id: z.string(),
    number: z.string(),
    kind: z.enum(['subscription', 'proration', 'renewal', 'addon', 'credits', 'credit_note']),
    status: z.enum(['draft', 'open', 'paid', 'void']),
    total: money,
    currency: z.string(),
    lines: z.array(lineOut),
    periodStart: z.string(),
    periodEnd: z.string(),
    issuedAt: z.string(),
    paidAt: z.string().nullable(),
    refersTo: z.string().nullable().describe('For a credit note: the invoice it refunds'),
  })
  .meta({ id: 'Invoice' });

export const upcomingOut = z
  .object({ total: money, currency: z.string(), lines: z.array(lineOut), date: z.string().nullable() })
  .meta({ id: 'UpcomingInvoice' });

export const addonBody = z.object({
  kind: z.enum(['storage', 'telephony_credits']),
  quantity: z.number().int().min(1, { message: 'must be at least 1' }).max(1000, { message: 'must be at most 1000' }),
});

export const addonOut = z
  .object({
    kind: z.enum(['storage', 'telephony_credits']),
    quantity: z.number().int(),
    subscription: subscriptionOut.optional(),
    balance: z.object({ amount: money, currency: z.string() }).optional(),
  })
  .meta({ id: 'AddonPurchase' });

export const eventOut = z
  .object({ id: z.string(), type: z.string(), payload: z.record(z.string(), z.unknown()), createdAt: z.string() })
  .meta({ id: 'BillingEvent' });
export const eventsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  type: z.string().max(80).optional(),
});

export const advanceBody = z
  .object({
    days: z.number().min(0, { message: 'must not be negative' }).max(3660).optional(),
    to: isoInstant.optional(),
  })
  .refine((b) => (b.days === undefined) !== (b.to === undefined), { message: 'give either days or to', path: ['days'] });

export const clockOut = z.object({ enabled: z.boolean(), now: z.string() });
export const advanceOut = z.object({ now: z.string(), jobsRun: z.number().int() });

export const idParams = z.object({ id: z.string().min(1).max(100) });
export const idempotencyHeaders = z.looseObject({
  'idempotency-key': z.string().optional().describe('Repeat a request safely: the same key returns the first result and charges nothing again'),
});
