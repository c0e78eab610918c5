import { recordAudit } from '../audit/index.js';
import { AppError } from '../../kernel/errors.js';
import * as repo from './billing.repo.js';
import { requireFeature } from './billing.service.js';
import { lockedSubscription, logEvent, type BillingTx } from './billing.tx.js';
import { isPaid, storageAddonAmount } from './changes.js';
import { issueInvoice } from './invoices.service.js';
import { daysLeft } from './periods.js';
import { formatMoney, FREE_PLAN_ID, plansByPrice } from './plans.js';
import { prorate } from './proration.js';
import { toSubscriptionOut } from './subscription.state.js';

/**
 * Add-ons (BIL-5). Extra storage is recurring, billed with the subscription:
 * adding units charges the days left of the period, removing them takes
 * effect at the period end. Telephony credits are prepaid and charged at once;
 * the telephony module keeps the balance.
 */

function paidPlanRequired(tx: BillingTx): AppError {
  const cheapest = plansByPrice(tx.catalog).find((p) => p.id !== FREE_PLAN_ID);
  return new AppError('PLAN_FEATURE_REQUIRED', `Extra storage is billed with a paid plan.${cheapest ? ` Upgrade to ${cheapest.name} to add it.` : ''}`, {
    feature: 'extra_storage',
  });
}

export async function addStorage(tx: BillingTx, quantity: number) {
  const row = await lockedSubscription(tx);
  if (!isPaid({ planId: row.plan_id, status: row.status }) || !row.current_period_start || !row.current_period_end) throw paidPlanRequired(tx);
  if (row.status === 'past_due') throw new AppError('PAYMENT_REQUIRED', 'The last invoice is unpaid. Update your card to pay it first.');
  const start = new Date(row.current_period_start);
  const end = new Date(row.current_period_end);
  if (row.status !== 'trialing') {
    const { unused, total } = daysLeft(start, end, tx.at);
    const amount = prorate(storageAddonAmount(tx.catalog, quantity, row.interval), unused, total);
    const gb = tx.catalog.addons.storage.unitBytes / 1e9;
    await issueInvoice(tx, {
      kind: 'addon',
      lines: [
        {
          description: `Extra storage, ${quantity} × ${gb} GB (${row.interval}), ${unused} of ${total} days left`,
          amount,
          quantity,
          periodStart: tx.atIso,
          periodEnd: row.current_period_end,
        },
      ],
      periodStart: tx.at,
      periodEnd: end,
      pay: 'required',
      description: `Extra storage × ${quantity}`,
    });
  }
  const units = row.storage_units + quantity;
  await repo.updateSubscription(tx.s, { storage_units: units, pending_storage_units: null, updated_at: tx.atIso });
  await logEvent(tx, 'addon.storage_added', { quantity, units });
  await recordAudit(tx.ctx, { action: 'billing.storage_addon_added', targetType: 'subscription', targetId: row.id, details: { quantity, units } }, tx.trx);
  return toSubscriptionOut(tx.catalog, await repo.findSubscription(tx.s));
}

export async function removeStorage(tx: BillingTx) {
  const row = await lockedSubscription(tx);
  if (row.storage_units > 0 && row.pending_storage_units !== 0) {
    await repo.updateSubscription(tx.s, { pending_storage_units: 0, updated_at: tx.atIso });
    await logEvent(tx, 'addon.storage_removal_scheduled', { units: row.storage_units, effectiveAt: row.current_period_end });
    await recordAudit(
      tx.ctx,
      {
        action: 'billing.storage_addon_removal_scheduled',
        targetType: 'subscription',
        targetId: row.id,
        details: { units: row.storage_units, effectiveAt: row.current_period_end },
      },
      tx.trx,
    );
  }
  return toSubscriptionOut(tx.catalog, await repo.findSubscription(tx.s));
}

/** Charges `quantity` units of telephony credit now; returns the credit they add. Used by the telephony module. */
export async function chargeForCredits(tx: BillingTx, quantity: number, reason: 'purchase' | 'auto_top_up'): Promise<{ invoiceId: string; credit: number }> {
  await requireFeature(tx.ctx, 'telephony', tx.trx);
  await lockedSubscription(tx);
  const { unitCredit, price } = tx.catalog.addons.telephonyCredits;
  const credit = unitCredit * quantity;
  const inv = await issueInvoice(tx, {
    kind: 'credits',
    lines: [
      {
        description: `Telephony credits, ${quantity} × ${formatMoney(unitCredit, tx.catalog.currency)}${reason === 'auto_top_up' ? ' (auto top-up)' : ''}`,
        amount: price.amount * quantity,
        quantity,
      },
    ],
    periodStart: tx.at,
    periodEnd: tx.at,
    pay: 'required',
    description: `Telephony credits × ${quantity}`,
  });
  await logEvent(tx, 'addon.telephony_credits_purchased', { quantity, credit, invoiceId: inv.id, reason });
  await recordAudit(
    tx.ctx,
    { action: 'billing.telephony_credits_purchased', targetType: 'invoice', targetId: inv.id, details: { quantity, credit, reason } },
    tx.trx,
  );
  return { invoiceId: inv.id, credit };
}

/** What a prepaid credit purchase returns: the new balance, as the module that keeps it shows it. */
export interface PrepaidCredits {
  balance: { amount: number; currency: string };
}
type CreditPurchase = (tx: BillingTx, quantity: number) => Promise<PrepaidCredits>;
let creditPurchase: CreditPurchase | null = null;

/** The module that keeps prepaid credits (telephony) sells them through billing's add-on route; wired in src/server/compose.ts. */
export function sellPrepaidCredits(purchase: CreditPurchase): void {
  creditPurchase = purchase;
}

export async function buyPrepaidCredits(tx: BillingTx, quantity: number): Promise<PrepaidCredits> {
  if (!creditPurchase) throw new AppError('SERVICE_UNAVAILABLE', 'Telephony credits are not sold on this server');
  return creditPurchase(tx, quantity);
}
