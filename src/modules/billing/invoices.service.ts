import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { findPortalById } from '../accounts/index.js';
import * as repo from './billing.repo.js';
import { creditNoteMail, mailAdmins, receiptMail } from './billing.mail.js';
import { BILLING_NOTICES } from './billing.notices.js';
import type { InvoiceKind, InvoiceRow } from '../../db/tables/billing.js';
import { logEvent, type BillingTx } from './billing.tx.js';
import { catalogOf } from './catalog.js';
import type { InvoiceLine } from './changes.js';
import { renderInvoiceHtml } from './invoice-html.js';
import { CardDeclined, paymentProvider } from './payments.js';
import { renewalStep } from './renewal.js';
import { stateOf } from './subscription.state.js';
import { newId } from '../../kernel/ids.js';

export function toInvoiceOut(r: InvoiceRow) {
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    status: r.status,
    total: Number(r.total),
    currency: r.currency,
    lines: JSON.parse(r.lines) as InvoiceLine[],
    periodStart: r.period_start,
    periodEnd: r.period_end,
    issuedAt: r.issued_at,
    paidAt: r.paid_at,
    refersTo: r.refers_to,
  };
}

export const declined = (err: CardDeclined) =>
  new AppError('CARD_DECLINED', `${err.message} Nothing was charged and nothing changed. Try another card.`, { declineCode: err.declineCode });

/** Charges the card on file; null when there is none or the bank says no (the reason is logged as an event). */
async function tryCharge(tx: BillingTx, invoiceId: string, amount: number, description: string): Promise<{ ref: string } | { failure: CardDeclined | null }> {
  const pm = await repo.findPaymentMethod(tx.s);
  if (!pm) return { failure: null };
  const currency = tx.catalog.currency;
  try {
    const { id } = await paymentProvider().charge({ token: pm.token, amount, currency, description, idempotencyKey: invoiceId });
    tx.charges.push({ id, amount, currency });
    await logEvent(tx, 'charge.succeeded', { invoiceId, amount, currency, chargeId: id, card: `${pm.brand} ${pm.last4}` });
    return { ref: id };
  } catch (err) {
    if (!(err instanceof CardDeclined)) throw err;
    await logEvent(tx, 'charge.failed', { invoiceId, amount, currency, declineCode: err.declineCode, card: `${pm.brand} ${pm.last4}` });
    return { failure: err };
  }
}

export interface IssueInput {
  kind: Exclude<InvoiceKind, 'credit_note'>;
  lines: InvoiceLine[];
  periodStart: Date;
  periodEnd: Date;
  /** required: a refused card refuses the change (402, nothing changes); attempt: the invoice stays open. */
  pay: 'required' | 'attempt';
  description: string;
}

/**
 * Issues an invoice and charges it. The number is taken last, inside the same
 * transaction, so an invoice that is not issued never consumed one.
 */
export async function issueInvoice(tx: BillingTx, input: IssueInput): Promise<InvoiceRow> {
  const total = input.lines.reduce((s, l) => s + l.amount, 0);
  const id = newId();
  let status: 'paid' | 'open' = 'paid';
  let ref: string | null = null;
  if (total > 0) {
    const res = await tryCharge(tx, id, total, input.description);
    if ('ref' in res) ref = res.ref;
    else if (input.pay === 'attempt') status = 'open';
    else if (res.failure) throw declined(res.failure);
    else throw new AppError('PAYMENT_METHOD_REQUIRED', 'Add a card first: paid plans and add-ons are charged to the card on file.');
  }
  const row: InvoiceRow = {
    id,
    portal_id: tx.ctx.portalId,
    number: await repo.nextInvoiceNumber(tx.trx),
    kind: input.kind,
    status,
    currency: tx.catalog.currency,
    total,
    lines: JSON.stringify(input.lines),
    period_start: input.periodStart.toISOString(),
    period_end: input.periodEnd.toISOString(),
    issued_at: tx.atIso,
    paid_at: status === 'paid' ? tx.atIso : null,
    voided_at: null,
    payment_ref: ref,
    refers_to: null,
    created_at: tx.atIso,
  };
  const { portal_id: _p, ...values } = row;
  await repo.insertInvoice(tx.s, values);
  await logEvent(tx, 'invoice.issued', { invoiceId: id, number: row.number, kind: row.kind, total, status });
  if (status === 'paid' && total > 0) await mailAdmins(tx, receiptMail(tx, row), BILLING_NOTICES.invoicePaid(row));
  return row;
}

/** Tries an open invoice again; true when it is now paid. */
export async function retryInvoice(tx: BillingTx, inv: InvoiceRow): Promise<boolean> {
  const res = await tryCharge(tx, `${inv.id}:${tx.atIso}`, Number(inv.total), `Invoice ${inv.number}`);
  if (!('ref' in res)) return false;
  await repo.updateInvoice(tx.s, inv.id, { status: 'paid', paid_at: tx.atIso, payment_ref: res.ref });
  await logEvent(tx, 'invoice.paid', { invoiceId: inv.id, number: inv.number });
  const paid = { ...inv, status: 'paid' as const, paid_at: tx.atIso };
  await mailAdmins(tx, receiptMail(tx, paid), BILLING_NOTICES.invoicePaid(paid));
  return true;
}

export async function voidInvoice(tx: BillingTx, inv: InvoiceRow): Promise<void> {
  await repo.updateInvoice(tx.s, inv.id, { status: 'void', voided_at: tx.atIso });
  await logEvent(tx, 'invoice.voided', { invoiceId: inv.id, number: inv.number });
}

/** A refund: money back to the card of the invoice it refers to, as a numbered credit note. */
export async function issueCreditNote(
  tx: BillingTx,
  input: { amount: number; description: string; periodStart: Date; periodEnd: Date },
): Promise<InvoiceRow | null> {
  if (input.amount <= 0) return null;
  const paid = await repo.lastPaidInvoice(tx.s);
  const id = newId();
  const currency = tx.catalog.currency;
  const { id: refundId } = await paymentProvider().refund({ chargeId: paid?.payment_ref ?? null, amount: input.amount, currency, idempotencyKey: id });
  const row: InvoiceRow = {
    id,
    portal_id: tx.ctx.portalId,
    number: await repo.nextInvoiceNumber(tx.trx),
    kind: 'credit_note',
    status: 'paid',
    currency,
    total: -input.amount,
    lines: JSON.stringify([
      {
        description: input.description,
        amount: -input.amount,
        quantity: 1,
        periodStart: input.periodStart.toISOString(),
        periodEnd: input.periodEnd.toISOString(),
      },
    ]),
    period_start: input.periodStart.toISOString(),
    period_end: input.periodEnd.toISOString(),
    issued_at: tx.atIso,
    paid_at: tx.atIso,
    voided_at: null,
    payment_ref: refundId,
    refers_to: paid?.id ?? null,
    created_at: tx.atIso,
  };
  const { portal_id: _p, ...values } = row;
  await repo.insertInvoice(tx.s, values);
  await logEvent(tx, 'credit_note.issued', { invoiceId: id, number: row.number, amount: input.amount, refersTo: row.refers_to, refundId });
  await mailAdmins(tx, creditNoteMail(tx, row), BILLING_NOTICES.creditNote(row));
  return row;
}

// --- Reads ---------------------------------------------------------------------------------------

export async function listInvoices(ctx: PortalContext, q: { limit: number; cursor?: string }) {
  const { page, nextCursor } = await repo.listInvoices(scopeOf(ctx), q);
  return { items: page.map(toInvoiceOut), nextCursor };
}

export async function getInvoice(ctx: PortalContext, id: string) {
  const row = await repo.findInvoice(scopeOf(ctx), id);
  if (!row) throw notFound('Invoice');
  return toInvoiceOut(row);
}

export async function invoiceHtml(ctx: PortalContext, id: string): Promise<string> {
  const inv = await getInvoice(ctx, id);
  const portal = await findPortalById(ctx.deps.db, ctx.portalId);
  return renderInvoiceHtml(inv, { name: portal?.name ?? '', slug: portal?.slug ?? '' });
}

/** What the next renewal will charge, and when (0 with no date on Free; 0 when the plan ends at the period end). */
export async function upcomingInvoice(ctx: PortalContext) {
  const catalog = catalogOf(ctx.deps);
  const row = await repo.findSubscription(scopeOf(ctx));
  const none = { total: 0, currency: catalog.currency, lines: [] as InvoiceLine[], date: null as string | null };
  if (!row || !row.current_period_end || row.status === 'free' || row.status === 'paused') return none;
  const state = stateOf(row);
  const step = renewalStep(catalog, { ...state, status: state.status === 'past_due' ? 'active' : state.status }, new Date(row.current_period_end));
  if (step.kind !== 'renew') return { ...none, date: row.current_period_end };
  return { total: step.total, currency: catalog.currency, lines: step.lines, date: row.current_period_end };
}
