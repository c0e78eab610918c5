// Row types of the billing module's tables (see src/db/types.ts for the conventions).

export type SubscriptionStatus = 'free' | 'trialing' | 'active' | 'past_due' | 'paused';
export type Interval = 'monthly' | 'annual';

/** One per portal that ever touched billing; a portal without one is on Free. */
export interface SubscriptionRow {
  id: string;
  portal_id: string;
  plan_id: string;
  interval: Interval;
  status: SubscriptionStatus;
  current_period_start: string | null;
  current_period_end: string | null;
  /** Day of month periods renew on (1–31), kept through short months. */
  anchor_day: number | null;
  /** What the current period's plan costs, minor units. */
  period_price: number;
  cancel_at_period_end: number;
  pending_plan_id: string | null;
  pending_interval: Interval | null;
  /** Refund (annual cancel) issued as a credit note when the cancel takes effect. */
  pending_refund: number;
  trial_end: string | null;
  had_trial: number;
  storage_units: number;
  pending_storage_units: number | null;
  past_due_since: string | null;
  created_at: string;
  updated_at: string;
}

/** The card on file, as the payment provider's token: never the number or the CVC. */
export interface PaymentMethodRow {
  id: string;
  portal_id: string;
  token: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  created_at: string;
}

export type InvoiceKind = 'subscription' | 'proration' | 'renewal' | 'addon' | 'credits' | 'credit_note';
export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'void';

export interface InvoiceRow {
  id: string;
  portal_id: string;
  /** Gapless, one global sequence: SK-000001. */
  number: string;
  kind: InvoiceKind;
  status: InvoiceStatus;
  currency: string;
  total: number;
  /** JSON: InvoiceLine[]. */
  lines: string;
  period_start: string;
  period_end: string;
  issued_at: string;
  paid_at: string | null;
  voided_at: string | null;
  /** The provider's charge (or refund) reference. */
  payment_ref: string | null;
  /** For a credit note: the invoice it refunds. */
  refers_to: string | null;
  created_at: string;
}

/** Not a tenant table: the one global invoice number sequence. */
export interface BillingCounterRow {
  name: string;
  value: number;
}

/** Append-only. */
export interface BillingEventRow {
  id: string;
  portal_id: string;
  type: string;
  /** JSON. */
  payload: string;
  created_at: string;
}

export interface IdempotencyKeyRow {
  portal_id: string;
  key: string;
  request_hash: string;
  status_code: number;
  /** JSON of the first response. */
  response: string;
  created_at: string;
}

/**
 * An erased portal's invoice, kept for the legal period (INVOICE_RETENTION_YEARS) and
 * readable by operators only (ADR 0025): what was printed on it and nothing else.
 * `portal_id` is the erased portal's id, the archive's tenant key. Portal erasure leaves
 * this table alone; the daily housekeeping purges rows past `retain_until`.
 */
export interface InvoiceArchiveRow {
  /** The invoice's own id. */
  id: string;
  portal_id: string;
  number: string;
  kind: InvoiceKind;
  status: InvoiceStatus;
  issued_at: string;
  period_start: string;
  period_end: string;
  paid_at: string | null;
  currency: string;
  /** Minor units, tax included as printed. */
  total: number;
  /** Minor units: the tax printed on the invoice (0: the invoice shows no tax). */
  tax_total: number;
  /** JSON: InvoiceLine[], as printed. */
  lines: string;
  /** For a credit note: the number of the invoice it refunds. */
  refers_to_number: string | null;
  /** JSON: { name } of the seller, as printed. */
  seller: string;
  /** JSON: { name, slug } of the buyer (the portal), as printed. */
  buyer: string;
  /** The rendered invoice document (HTML), as the portal's admins could download it. */
  document: string;
  /** The portal deletion (DEL-…) that archived it. */
  deletion_reference: string;
  archived_at: string;
  retain_until: string;
}

export interface BillingTables {
  subscriptions: SubscriptionRow;
  payment_methods: PaymentMethodRow;
  invoices: InvoiceRow;
  billing_counters: BillingCounterRow;
  billing_events: BillingEventRow;
  idempotency_keys: IdempotencyKeyRow;
  invoice_archive: InvoiceArchiveRow;
}
