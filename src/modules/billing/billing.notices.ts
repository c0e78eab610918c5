import type { NotificationSubject } from '../../kernel/notify.js';
import type { InvoiceRow } from '../../db/tables/billing.js';
import { isoDay } from './periods.js';
import { formatMoney } from './plans.js';

/**
 * What the portal's owner and admins read in the app about billing (kind `billing`), at
 * the same points as the billing mail (billing.mail.ts). Plain English, in one place:
 * issue 15 translates it.
 */
export interface BillingNotice {
  title: string;
  body: string;
  /** A path in the app. */
  url: string;
  subject: NotificationSubject;
}

export const BILLING_URL = '/app/settings/billing';
const invoiceUrl = (id: string) => `${BILLING_URL}/invoices/${id}`;

export const BILLING_NOTICES = {
  paymentFailed: (inv: InvoiceRow, nextRetry: Date | null): BillingNotice => ({
    title: `Payment failed: invoice ${inv.number}`,
    body: nextRetry
      ? `We could not charge ${formatMoney(inv.total, inv.currency)}. We try again on ${isoDay(nextRetry)}; update the card in Settings → Billing to pay now.`
      : `We could not charge ${formatMoney(inv.total, inv.currency)}. That was the last try: the portal is now on the Free plan. Nothing was deleted.`,
    url: invoiceUrl(inv.id),
    subject: { entity: 'invoice', id: inv.id },
  }),
  invoicePaid: (inv: InvoiceRow): BillingNotice => ({
    title: `Invoice ${inv.number} issued: ${formatMoney(inv.total, inv.currency)} paid`,
    body: 'The receipt is in Settings → Billing.',
    url: invoiceUrl(inv.id),
    subject: { entity: 'invoice', id: inv.id },
  }),
  creditNote: (note: InvoiceRow): BillingNotice => ({
    title: `Refund ${note.number}: ${formatMoney(-note.total, note.currency)}`,
    body: 'Refunded to the card; it usually shows on the statement within 5–10 days.',
    url: invoiceUrl(note.id),
    subject: { entity: 'invoice', id: note.id },
  }),
  renewsSoon: (subscriptionId: string, p: { planName: string; date: Date; amount: number; currency: string }): BillingNotice => ({
    title: `Your annual ${p.planName} plan renews on ${isoDay(p.date)}`,
    body: `It renews for ${formatMoney(p.amount, p.currency)}. To change or cancel, go to Settings → Billing before that date.`,
    url: BILLING_URL,
    subject: { entity: 'subscription', id: subscriptionId },
  }),
  planChanged: (subscriptionId: string, c: { from: string; to: string; effectiveAt: Date; immediate: boolean }): BillingNotice => ({
    title: c.immediate ? `The portal is now on the ${c.to} plan` : `The portal moves to the ${c.to} plan on ${isoDay(c.effectiveAt)}`,
    body: c.immediate
      ? `Changed from ${c.from} to ${c.to} on ${isoDay(c.effectiveAt)}. No data is deleted by a plan change.`
      : `It stays on ${c.from} until ${isoDay(c.effectiveAt)}. You can undo this in Settings → Billing until then.`,
    url: BILLING_URL,
    subject: { entity: 'subscription', id: subscriptionId },
  }),
};
