import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { PortalScope } from '../../db/scope.js';
import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { appendEvent, lockSubscription } from './billing.repo.js';
import type { SubscriptionRow } from '../../db/tables/billing.js';
import { catalogOf, type Catalog } from './catalog.js';
import { paymentProvider } from './payments.js';

/** One billing change: one transaction, one instant, the catalog, and the charges made so far. */
export interface BillingTx {
  ctx: PortalContext;
  trx: Transaction<DB>;
  s: PortalScope;
  at: Date;
  atIso: string;
  catalog: Catalog;
  /** Charges taken in this transaction: refunded if it does not commit. */
  charges: { id: string; amount: number; currency: string }[];
}

/**
 * Runs a billing change in one transaction. A card charged inside a transaction
 * that then fails is refunded, so a customer never pays for a change that did
 * not happen.
 */
export async function inBillingTx<T>(ctx: PortalContext, fn: (tx: BillingTx) => Promise<T>): Promise<T> {
  const charges: BillingTx['charges'] = [];
  try {
    return await ctx.deps.db.transaction().execute(async (trx) => {
      const at = ctx.deps.clock.now(ctx.portalId);
      return fn({ ctx, trx, s: scopeOf(ctx, trx), at, atIso: at.toISOString(), catalog: catalogOf(ctx.deps), charges });
    });
  } catch (err) {
    for (const c of charges) {
      try {
        await paymentProvider().refund({ chargeId: c.id, amount: c.amount, currency: c.currency, idempotencyKey: `rollback:${c.id}` });
      } catch (refundErr) {
        ctx.deps.log.error({ err: refundErr, chargeId: c.id, portalId: ctx.portalId }, 'billing: could not refund a charge of a rolled-back change');
      }
    }
    throw err;
  }
}

export function lockedSubscription(tx: BillingTx): Promise<SubscriptionRow> {
  return lockSubscription(tx.s, tx.ctx.deps.database.dialect, tx.atIso);
}

/** Appends to the append-only billing event log (BIL-6). */
export function logEvent(tx: BillingTx, type: string, payload: Record<string, unknown>): Promise<void> {
  return appendEvent(tx.s, type, payload, tx.atIso);
}
