import { recordAudit } from '../audit/index.js';
import { AppError } from '../../kernel/errors.js';
import * as repo from './billing.repo.js';
import { lockedSubscription, logEvent, type BillingTx } from './billing.tx.js';
import { declined } from './invoices.service.js';
import { CardDeclined, paymentProvider, type CardInput } from './payments.js';
import { settleOpenInvoice } from './renewals.service.js';
import { newId } from '../../kernel/ids.js';

const expired = () =>
  new AppError('VALIDATION_FAILED', 'expYear the card has expired', {
    fields: [
      { path: 'expYear', message: 'the card has expired' },
      { path: 'expMonth', message: 'the card has expired' },
    ],
  });

/**
 * Saves the card as the provider's token (never the number or the CVC). A
 * declined card changes nothing. A past-due portal's open invoice is paid with
 * the new card at once.
 */
export async function savePaymentMethod(tx: BillingTx, card: CardInput) {
  const y = tx.at.getUTCFullYear();
  const m = tx.at.getUTCMonth() + 1;
  if (card.expYear < y || (card.expYear === y && card.expMonth < m)) throw expired();
  let attached;
  try {
    attached = await paymentProvider().attachCard(card);
  } catch (err) {
    if (err instanceof CardDeclined) throw declined(err);
    throw err;
  }
  const row = await lockedSubscription(tx);
  await repo.replacePaymentMethod(tx.s, {
    id: newId(),
    token: attached.token,
    brand: attached.brand,
    last4: attached.last4,
    exp_month: attached.expMonth,
    exp_year: attached.expYear,
    created_at: tx.atIso,
  });
  const shown = { brand: attached.brand, last4: attached.last4, expMonth: attached.expMonth, expYear: attached.expYear };
  await logEvent(tx, 'payment_method.saved', shown);
  await recordAudit(tx.ctx, { action: 'billing.payment_method_saved', targetType: 'payment_method', details: shown }, tx.trx);
  if (row.status === 'past_due') {
    const inv = await repo.openInvoice(tx.s);
    if (inv) await settleOpenInvoice(tx, row, inv);
  }
  return { paymentMethod: { ...shown, addedAt: tx.atIso } };
}
