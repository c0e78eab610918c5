import { actorUserId } from '../../kernel/context.js';
import { notify } from '../../kernel/notify.js';
import { findPortalById, listAdmins } from '../accounts/index.js';
import { BILLING_NOTICES, type BillingNotice } from './billing.notices.js';
import { type MailMessage, queueMail } from '../mail/index.js';
import type { BillingTx } from './billing.tx.js';
import type { InvoiceRow } from '../../db/tables/billing.js';
import type { InvoiceLine } from './changes.js';
import { formatMoney } from './plans.js';
import { isoDay } from './periods.js';

/**
 * Billing mail (BIL-7), to the portal's owner and admins, queued in the change's transaction;
 * with a notice, they are also told in the app (kind `billing`; not the admin who acted).
 */
export async function mailAdmins(tx: BillingTx, msg: (portalName: string) => Omit<MailMessage, 'to'>, notice?: BillingNotice): Promise<void> {
  const portal = await findPortalById(tx.trx, tx.ctx.portalId);
  const admins = await listAdmins(tx.trx, tx.ctx.portalId);
  const m = msg(portal?.name ?? 'your portal');
  for (const a of admins) await queueMail(tx.ctx.deps, tx.trx, tx.ctx.portalId, { ...m, to: a.email });
  if (notice) {
    const actor = actorUserId(tx.ctx);
    const drafts = admins.filter((a) => a.id !== actor).map((a) => ({ userId: a.id, kind: 'billing' as const, ...notice, mailedByCause: true }));
    await notify(tx.ctx, tx.trx, drafts);
  }
}

export const invoiceLink = (tx: BillingTx, id: string) => `${tx.ctx.deps.config.BASE_URL}/app/settings/billing/invoices/${id}`;

function lineText(l: InvoiceLine, currency: string): string {
  return `  ${l.description}${l.quantity > 1 ? ` (× ${l.quantity})` : ''}: ${formatMoney(l.amount, currency)}`;
}

export function receiptMail(tx: BillingTx, inv: InvoiceRow) {
  return (portal: string): Omit<MailMessage, 'to'> => ({
    subject: `Receipt ${inv.number} for ${portal}: ${formatMoney(inv.total, inv.currency)} paid`,
    text: [
      `Thank you. We received ${formatMoney(inv.total, inv.currency)} for ${portal} on ${isoDay(new Date(inv.paid_at ?? inv.issued_at))}.`,
      '',
      `Invoice ${inv.number}`,
      ...(JSON.parse(inv.lines) as InvoiceLine[]).map((l) => lineText(l, inv.currency)),
      `  Total: ${formatMoney(inv.total, inv.currency)}`,
      '',
      `View or print it: ${invoiceLink(tx, inv.id)}`,
    ].join('\n'),
  });
}

export function creditNoteMail(tx: BillingTx, note: InvoiceRow) {
  return (portal: string): Omit<MailMessage, 'to'> => ({
    subject: `Refund ${note.number} for ${portal}: ${formatMoney(-note.total, note.currency)}`,
    text: [
      `We refunded ${formatMoney(-note.total, note.currency)} to your card for ${portal}.`,
      'It usually shows on your statement within 5–10 days.',
      '',
      `Credit note ${note.number}: ${invoiceLink(tx, note.id)}`,
    ].join('\n'),
  });
}

export function paymentFailedMail(tx: BillingTx, inv: InvoiceRow, nextRetry: Date | null) {
  return (portal: string): Omit<MailMessage, 'to'> => ({
    subject: `Payment failed for ${portal}: invoice ${inv.number}`,
    text: [
      `We could not charge your card ${formatMoney(inv.total, inv.currency)} for invoice ${inv.number}.`,
      nextRetry
        ? `We will try again on ${isoDay(nextRetry)}. Update your card in Settings → Billing to pay now.`
        : 'This was the last try: your portal is now on the Free plan. Nothing was deleted; choose a plan again at any time to get everything back.',
      '',
      `Invoice: ${invoiceLink(tx, inv.id)}`,
      `Billing settings: ${tx.ctx.deps.config.BASE_URL}/app/settings/billing`,
    ].join('\n'),
  });
}

export function renewalReminderMail(tx: BillingTx, planName: string, date: Date, amount: number, currency: string) {
  return (portal: string): Omit<MailMessage, 'to'> => ({
    subject: `${portal}: your annual ${planName} plan renews on ${isoDay(date)}`,
    text: [
      `Your annual ${planName} plan for ${portal} renews on ${isoDay(date)} for ${formatMoney(amount, currency)}.`,
      'Nothing to do if you want to keep it. To change or cancel, go to Settings → Billing before that date.',
      '',
      `${tx.ctx.deps.config.BASE_URL}/app/settings/billing`,
    ].join('\n'),
  });
}

export function planChangedMail(tx: BillingTx, change: { from: string; to: string; effectiveAt: Date; immediate: boolean }) {
  return (portal: string): Omit<MailMessage, 'to'> => ({
    subject: change.immediate ? `${portal} is now on the ${change.to} plan` : `${portal} moves to the ${change.to} plan on ${isoDay(change.effectiveAt)}`,
    text: [
      change.immediate
        ? `${portal} changed from ${change.from} to ${change.to} on ${isoDay(change.effectiveAt)}.`
        : `${portal} stays on ${change.from} until ${isoDay(change.effectiveAt)}, then moves to ${change.to}. You can undo this in Settings → Billing until then.`,
      'No data is ever deleted by a plan change.',
      '',
      `${tx.ctx.deps.config.BASE_URL}/app/settings/billing`,
    ].join('\n'),
  });
}

/** A plan change, by mail and in the app, to the owner and admins. */
export async function tellPlanChange(tx: BillingTx, subscriptionId: string, change: { from: string; to: string; effectiveAt: Date; immediate: boolean }) {
  await mailAdmins(tx, planChangedMail(tx, change), BILLING_NOTICES.planChanged(subscriptionId, change));
}
