import { z } from 'zod';

const money = z.number().int();

export const balanceOut = z.object({ balance: z.object({ amount: money, currency: z.string() }) }).meta({ id: 'TelephonyBalance' });

export const callBody = z.object({
  phone: z
    .string()
    .trim()
    .min(3, { message: 'is required' })
    .max(40)
    .regex(/^\+?[\d\s().\-/]+$/, { message: 'must be a phone number such as +49 30 1234567' }),
  direction: z.enum(['inbound', 'outbound']),
  durationSeconds: z.number().int().min(0, { message: 'must not be negative' }).max(86_400, { message: 'must be at most a day' }),
  contactId: z.string().min(1).max(100).nullish(),
  startedAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant' }).optional(),
});

export const callOut = z
  .object({
    id: z.string(),
    phone: z.string(),
    direction: z.enum(['inbound', 'outbound']),
    durationSeconds: z.number().int(),
    billedMinutes: z.number().int(),
    cost: z.object({ amount: money, currency: z.string() }),
    contactId: z.string().nullable(),
    userId: z.string().nullable(),
    startedAt: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Call' });

export const callsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  contactId: z.string().min(1).max(100).optional(),
});

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

const autoTopUp = z.object({
  enabled: z.boolean(),
  thresholdAmount: money.min(0, { message: 'must not be negative' }),
  topUpQuantity: z.number().int().min(1, { message: 'must be at least 1' }).max(100, { message: 'must be at most 100' }),
});

export const settingsBody = z.object({ autoTopUp });
export const settingsOut = z
  .object({
    autoTopUp,
    rates: z.object({ perMinute: money, unitCredit: money, unitPrice: money, currency: z.string() }),
  })
  .meta({ id: 'TelephonySettings' });

export const ledgerEntryOut = z
  .object({
    id: z.string(),
    kind: z.enum(['purchase', 'auto_top_up', 'call', 'adjustment', 'forfeit']),
    amount: money,
    currency: z.string(),
    callId: z.string().nullable(),
    invoiceId: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'TelephonyLedgerEntry' });
