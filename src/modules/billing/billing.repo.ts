import { sql } from 'kysely';
import type { Executor, PortalScope } from '../../db/scope.js';
import { keyset, toPage } from '../../kernel/pagination.js';
import type { BillingEventRow, InvoiceRow, PaymentMethodRow, SubscriptionRow } from '../../db/tables/billing.js';
import { newId } from '../../kernel/ids.js';

/** Queries on the billing module's tables, portal-scoped. */

export function freeSubscriptionRow(at: string): Omit<SubscriptionRow, 'portal_id'> {
  return {
    id: newId(),
    plan_id: 'free',
    interval: 'monthly',
    status: 'free',
    current_period_start: null,
    current_period_end: null,
    anchor_day: null,
    period_price: 0,
    cancel_at_period_end: 0,
    pending_plan_id: null,
    pending_interval: null,
    pending_refund: 0,
    trial_end: null,
    had_trial: 0,
    storage_units: 0,
    pending_storage_units: null,
    past_due_since: null,
    created_at: at,
    updated_at: at,
  };
}

export async function findSubscription(s: PortalScope): Promise<SubscriptionRow | undefined> {
  return s.selectFrom('subscriptions').selectAll().executeTakeFirst();
}

/**
 * The portal's subscription row, created on first use and locked for the rest
 * of the transaction on PostgreSQL: billing changes of one portal run one at a
 * time (SQLite runs one write transaction at a time anyway).
 */
export async function lockSubscription(s: PortalScope, dialect: 'sqlite' | 'postgres', at: string): Promise<SubscriptionRow> {
  await s
    .insertInto('subscriptions', freeSubscriptionRow(at))
    .onConflict((oc) => oc.column('portal_id').doNothing())
    .execute();
  let q = s.selectFrom('subscriptions').selectAll();
  if (dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirstOrThrow();
}

export async function updateSubscription(s: PortalScope, values: Partial<Omit<SubscriptionRow, 'portal_id' | 'id'>>): Promise<void> {
  await s.updateTable('subscriptions', values).execute();
}

export async function findPaymentMethod(s: PortalScope): Promise<PaymentMethodRow | undefined> {
  return s.selectFrom('payment_methods').selectAll().executeTakeFirst();
}

export async function replacePaymentMethod(s: PortalScope, row: Omit<PaymentMethodRow, 'portal_id'>): Promise<void> {
  await s.deleteFrom('payment_methods').execute();
  await s.insertInto('payment_methods', row).execute();
}

/**
 * Takes the next invoice number. The counter row stays locked until the
 * transaction ends, so numbers are handed out in commit order, and a rollback
 * gives its number back: the sequence has no gaps.
 */
export async function nextInvoiceNumber(executor: Executor): Promise<string> {
  const row = await executor
    .updateTable('billing_counters')
    .set({ value: sql<number>`value + 1` })
    .where('name', '=', 'invoice_number')
    .returning('value')
    .executeTakeFirstOrThrow();
  return `SK-${String(Number(row.value)).padStart(6, '0')}`;
}

export async function insertInvoice(s: PortalScope, row: Omit<InvoiceRow, 'portal_id'>): Promise<void> {
  await s.insertInto('invoices', row).execute();
}

export async function updateInvoice(
  s: PortalScope,
  id: string,
  values: Partial<Pick<InvoiceRow, 'status' | 'paid_at' | 'voided_at' | 'payment_ref'>>,
): Promise<void> {
  await s.updateTable('invoices', values).where('id', '=', id).execute();
}

export async function findInvoice(s: PortalScope, id: string): Promise<InvoiceRow | undefined> {
  return s.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lastPaidInvoice(s: PortalScope): Promise<InvoiceRow | undefined> {
  return s
    .selectFrom('invoices')
    .selectAll()
    .where('status', '=', 'paid')
    .where('kind', 'in', ['subscription', 'renewal', 'proration'])
    .where('total', '>', 0)
    .orderBy('issued_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function openInvoice(s: PortalScope): Promise<InvoiceRow | undefined> {
  return s.selectFrom('invoices').selectAll().where('status', '=', 'open').orderBy('issued_at', 'desc').limit(1).executeTakeFirst();
}

export async function listInvoices(s: PortalScope, opts: { limit: number; cursor?: string }) {
  const q = keyset(s.selectFrom('invoices').selectAll(), { column: 'issued_at', direction: 'desc' }, 'id', opts.cursor, opts.limit);
  return toPage(await q.execute(), opts.limit, (r) => ({ v: r.issued_at, id: r.id }));
}

export async function appendEvent(s: PortalScope, type: string, payload: Record<string, unknown>, at: string): Promise<void> {
  await s.insertInto('billing_events', { id: newId(), type, payload: JSON.stringify(payload), created_at: at }).execute();
}

export async function listEvents(s: PortalScope, opts: { limit: number; cursor?: string; type?: string }) {
  let q = s.selectFrom('billing_events').selectAll();
  if (opts.type) q = q.where('type', '=', opts.type);
  q = keyset(q, { column: 'created_at', direction: 'desc' }, 'id', opts.cursor, opts.limit);
  return toPage<BillingEventRow>(await q.execute(), opts.limit, (r) => ({ v: r.created_at, id: r.id }));
}
