import { z } from 'zod';
import { emailSchema, passwordSchema } from '../accounts/index.js';
import { lineOut } from '../billing/index.js';
import { pageQuery } from '../../kernel/pagination.js';

const money = z.number().int();
const instant = z.string();
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** A day (2026-03-01, meaning 00:00 UTC that day) or an instant (2026-03-01T12:00:00Z). */
export const untilInput = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], { message: 'must be a date such as 2026-03-01 or an instant such as 2026-03-01T12:00:00Z' })
  .transform((v) => new Date(v.length === 10 ? `${v}T00:00:00.000Z` : v));

// --- Instance and operator accounts -----------------------------------------------------------

export const instanceOut = z
  .object({
    billing: z.boolean().describe('false: self-hosted (BILLING=off), no plans, limits or billing screens'),
    signup: z.enum(['open', 'closed']),
    signupAvailable: z.boolean().describe('whether the sign-up page may create a portal now (closed installs still let the first one be claimed)'),
  })
  .meta({ id: 'Instance' });

export const operatorOut = z
  .object({ id: z.string(), email: z.string(), name: z.string(), status: z.enum(['active', 'disabled']), createdAt: instant, lastLoginAt: instant.nullable() })
  .meta({ id: 'Operator' });

export const loginBody = z.object({ email: emailSchema, password: z.string().min(1, { message: 'is required' }).max(200) });
export const setPasswordBody = z.object({ token: z.string().min(10).max(200), password: passwordSchema });
export const changePasswordBody = z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema });

// --- The console ----------------------------------------------------------------------------------

export const portalParams = z.object({ id: z.string().min(1).max(100) });
export const exportParams = z.object({ id: z.string().min(1).max(100), exportId: z.string().min(1).max(100) });
export const portalsQuery = pageQuery.extend({ q: z.string().trim().max(100).optional() });
export const auditQuery = pageQuery.extend({ portalId: z.string().max(100).optional(), action: z.string().max(100).optional() });

const planOfPortal = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['free', 'trialing', 'active', 'past_due', 'paused']),
  interval: z.enum(['monthly', 'annual']),
  currentPeriodEnd: instant.nullable(),
  trialEnd: instant.nullable().describe('the end of a trial, or of a plan granted for free'),
  cancelAtPeriodEnd: z.boolean(),
  pendingPlanId: z.string().nullable(),
  pastDueSince: instant.nullable(),
});

export const operatorPortalOut = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    status: z.enum(['active', 'deleting']),
    createdAt: instant,
    lastActivityAt: instant.nullable(),
    seats: z.object({ used: z.number().int(), limit: z.number().int().nullable() }),
    storage: z.object({ usedBytes: z.number().int(), quotaBytes: z.number().int().nullable() }),
    plan: planOfPortal.nullable().describe('null when billing is off (self-hosted)'),
    mrr: money.describe('what this portal adds to monthly recurring revenue, minor units'),
  })
  .meta({ id: 'OperatorPortal' });

const exportOut = z.object({
  id: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  progress: z.number(),
  createdAt: instant,
  finishedAt: instant.nullable(),
  expiresAt: instant.nullable(),
  bytes: z.number().int().nullable(),
  sha256: z.string().nullable(),
  downloadUrl: z.string().nullable(),
  error: z.string().nullable(),
});
export const operatorExportOut = exportOut.meta({ id: 'OperatorExport' });

export const auditEntryOut = z
  .object({
    id: z.string(),
    action: z.string(),
    operator: z.object({ id: z.string(), email: z.string().nullable() }).nullable().describe('null: the command line'),
    portal: z.object({ id: z.string().nullable(), slug: z.string() }).nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
    ip: z.string().nullable(),
    createdAt: instant,
  })
  .meta({ id: 'OperatorAuditEntry' });

export const portalDetailOut = z
  .object({
    portal: operatorPortalOut,
    records: z.number().int().describe('how many records the portal holds, all kinds together (never the records)'),
    users: z.object({ active: z.number().int(), total: z.number().int() }),
    billingEvents: z.array(z.object({ id: z.string(), type: z.string(), payload: z.record(z.string(), z.unknown()), createdAt: instant })),
    exports: z.array(exportOut),
    actions: z.array(auditEntryOut),
  })
  .meta({ id: 'OperatorPortalDetail' });

export const overviewOut = z
  .object({
    billing: z.boolean(),
    currency: z.string(),
    asOf: instant,
    portals: z.object({ total: z.number().int(), newThisMonth: z.number().int() }),
    planMix: z.array(
      z.object({
        planId: z.string(),
        planName: z.string(),
        portals: z.number().int(),
        trialing: z.number().int(),
        pastDue: z.number().int(),
        paused: z.number().int(),
      }),
    ),
    mrr: z
      .object({ amount: money, payingPortals: z.number().int() })
      .describe('monthly recurring revenue: monthly plans in full, annual ones as amount/12, minor units'),
    thisMonth: z.object({
      from: instant,
      newPortals: z.number().int(),
      cancelled: z.number().int(),
      downgraded: z.number().int(),
      paused: z.number().int(),
      retentionOffersTaken: z.number().int(),
      deleted: z.number().int(),
      failedPayments: z.number().int(),
    }),
    plans: z
      .array(z.object({ id: z.string(), name: z.string(), monthly: money, annual: money, seats: z.number().int().nullable() }))
      .describe('the plans that can be granted'),
  })
  .meta({ id: 'OperatorOverview' });

export const cancellationOut = z
  .object({
    id: z.string(),
    portal: z.object({ id: z.string(), slug: z.string().nullable(), name: z.string().nullable() }),
    kind: z.enum(['cancellation', 'retention_offer']),
    mode: z.enum(['cancel', 'downgrade']).nullable(),
    fromPlanId: z.string().nullable(),
    targetPlanId: z.string().nullable(),
    reason: z.string().nullable(),
    retentionOfferTaken: z.boolean(),
    offerDeclined: z.string().nullable().describe('the retention offer shown beside "Cancel anyway" and not taken'),
    status: z.string(),
    pauseMonths: z.number().int().nullable(),
    effectiveAt: instant.nullable(),
    createdAt: instant,
  })
  .meta({ id: 'OperatorCancellation' });

export const failedPaymentOut = z
  .object({
    id: z.string(),
    portal: z.object({ id: z.string(), slug: z.string().nullable(), name: z.string().nullable() }),
    at: instant,
    invoiceId: z.string().nullable(),
    amount: money,
    currency: z.string(),
    declineCode: z.string().nullable(),
    card: z.string().nullable(),
    subscriptionStatus: z.string().describe("the portal's status now: past_due while retried, active once paid, free after the last retry"),
  })
  .meta({ id: 'OperatorFailedPayment' });

export const pages = {
  portals: page(operatorPortalOut),
  cancellations: page(cancellationOut),
  failedPayments: page(failedPaymentOut),
  audit: page(auditEntryOut),
};

// --- Actions ---------------------------------------------------------------------------------------

export const trialBody = z.object({ until: untilInput, note: z.string().trim().max(500).optional() });
export const grantBody = z.object({ planId: z.string().min(1).max(40), until: untilInput, note: z.string().trim().max(500).optional() });
const operatorReason = z.string().trim().min(3, { message: "say why (it is shown in the portal's audit log)" }).max(500);
export const exportBody = z.object({ reason: operatorReason });
export const exportDownloadQuery = z.object({ reason: operatorReason.describe("Why you download it; shown with your name in the portal's audit log") });
export const deleteBody = z.object({ confirmSlug: z.string().trim().min(1).max(60), reason: z.string().trim().max(500).optional() });
export const deleteOut = z.object({ reference: z.string(), status: z.string(), requestedAt: instant });
export const subscriptionAfterOut = z.object({ portal: operatorPortalOut });

// --- The invoice archive (ADR 0025) ------------------------------------------------------------------

export const archivedInvoiceOut = z
  .object({
    id: z.string(),
    portalId: z.string().describe('The erased portal the invoice was issued to'),
    number: z.string(),
    kind: z.enum(['subscription', 'proration', 'renewal', 'addon', 'credits', 'credit_note']),
    status: z.enum(['draft', 'open', 'paid', 'void']),
    issuedAt: instant,
    periodStart: instant,
    periodEnd: instant,
    paidAt: instant.nullable(),
    currency: z.string(),
    total: money.describe('minor units, as printed'),
    taxTotal: money.describe('minor units, the tax printed on the invoice'),
    lines: z.array(lineOut),
    refersToNumber: z.string().nullable().describe('For a credit note: the invoice it refunds'),
    seller: z.object({ name: z.string() }),
    buyer: z.object({ name: z.string(), slug: z.string() }).describe('The billing details printed on the invoice'),
    deletionReference: z.string().describe('The portal deletion (DEL-…) that archived it'),
    archivedAt: instant,
    retainUntil: instant.describe('Purged by the daily housekeeping from this instant on'),
  })
  .meta({ id: 'ArchivedInvoice' });

export const archiveQuery = pageQuery.extend({ portalId: z.string().max(100).optional() });
export const archivedInvoiceParams = z.object({ id: z.string().min(1).max(100) });
export const archivedInvoicesPage = page(archivedInvoiceOut);
