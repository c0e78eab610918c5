import type { Executor, PortalScope } from '../../db/scope.js';
import { actorUserId, scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { keyset, toPage } from '../../kernel/pagination.js';
import { phoneDigits } from '../../kernel/text.js';
import { recordAudit } from '../audit/index.js';
import {
  billingEnabled,
  type BillingTx,
  catalogOf,
  chargeForCredits,
  formatMoney,
  inBillingTx,
  lockedSubscription,
  logEvent,
  requireFeature,
} from '../billing/index.js';
import { crmRecordExists } from '../crm/index.js';
import type { LedgerKind, TelephonyCallRow, TelephonySettingsRow } from '../../db/tables/telephony.js';
import { billedMinutes } from './rating.js';
import { newId } from '../../kernel/ids.js';

/**
 * Telephony (TEL-1): a prepaid credit balance kept as a ledger, calls logged
 * by PBX integrations and charged per started minute, and auto top-up (off
 * until an admin turns it on). Charging the card is billing's job.
 */

async function balanceOf(s: PortalScope): Promise<number> {
  const row = await s
    .selectFrom('telephony_ledger')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.val(0)).as('balance'))
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

export async function getBalance(ctx: PortalContext, executor: Executor = ctx.deps.db) {
  return { balance: { amount: await balanceOf(scopeOf(ctx, executor)), currency: catalogOf(ctx.deps).currency } };
}

async function addEntry(s: PortalScope, e: { kind: LedgerKind; amount: number; currency: string; callId?: string; invoiceId?: string; at: string }) {
  await s
    .insertInto('telephony_ledger', {
      id: newId(),
      kind: e.kind,
      amount: e.amount,
      currency: e.currency,
      call_id: e.callId ?? null,
      invoice_id: e.invoiceId ?? null,
      created_at: e.at,
    })
    .execute();
}

/** Buys `quantity` units of credit with the card on file (billing charges it) and adds them to the balance. */
export async function buyCredits(tx: BillingTx, quantity: number, reason: 'purchase' | 'auto_top_up' = 'purchase') {
  const { credit, invoiceId } = await chargeForCredits(tx, quantity, reason);
  await addEntry(tx.s, { kind: reason, amount: credit, currency: tx.catalog.currency, invoiceId, at: tx.atIso });
  return getBalance(tx.ctx, tx.trx);
}

const defaultSettings = { auto_top_up_enabled: 0, threshold_amount: 0, top_up_quantity: 1 };

async function settingsOf(s: PortalScope): Promise<Pick<TelephonySettingsRow, 'auto_top_up_enabled' | 'threshold_amount' | 'top_up_quantity'>> {
  return (await s.selectFrom('telephony_settings').selectAll().executeTakeFirst()) ?? defaultSettings;
}

function settingsOut(ctx: PortalContext, r: Pick<TelephonySettingsRow, 'auto_top_up_enabled' | 'threshold_amount' | 'top_up_quantity'>) {
  const c = catalogOf(ctx.deps);
  return {
    autoTopUp: { enabled: r.auto_top_up_enabled === 1, thresholdAmount: Number(r.threshold_amount), topUpQuantity: r.top_up_quantity },
    rates: {
      perMinute: c.addons.telephonyCredits.perMinute.amount,
      unitCredit: c.addons.telephonyCredits.unitCredit,
      unitPrice: c.addons.telephonyCredits.price.amount,
      currency: c.currency,
    },
  };
}

export async function getSettings(ctx: PortalContext) {
  return settingsOut(ctx, await settingsOf(scopeOf(ctx)));
}

export async function updateSettings(ctx: PortalContext, input: { autoTopUp: { enabled: boolean; thresholdAmount: number; topUpQuantity: number } }) {
  const at = ctx.deps.clock.now(ctx.portalId).toISOString();
  const values = {
    auto_top_up_enabled: input.autoTopUp.enabled ? 1 : 0,
    threshold_amount: input.autoTopUp.thresholdAmount,
    top_up_quantity: input.autoTopUp.topUpQuantity,
    updated_at: at,
  };
  await inBillingTx(ctx, async (tx) => {
    await tx.s
      .insertInto('telephony_settings', values)
      .onConflict((oc) => oc.column('portal_id').doUpdateSet(values))
      .execute();
    await logEvent(tx, 'telephony.settings_changed', { autoTopUp: input.autoTopUp });
    await recordAudit(ctx, { action: 'telephony.settings_changed', targetType: 'telephony_settings', details: input.autoTopUp }, tx.trx);
  });
  return getSettings(ctx);
}

export interface CallInput {
  phone: string;
  direction: 'inbound' | 'outbound';
  durationSeconds: number;
  contactId?: string | null;
  startedAt?: string;
}

export function toCallOut(r: TelephonyCallRow) {
  return {
    id: r.id,
    phone: r.phone,
    direction: r.direction,
    durationSeconds: r.duration_seconds,
    billedMinutes: r.billed_minutes,
    cost: { amount: Number(r.cost), currency: r.currency },
    contactId: r.contact_id,
    userId: r.user_id,
    startedAt: r.started_at,
    createdAt: r.created_at,
  };
}

/** Logs a call and deducts it from the balance; 402 INSUFFICIENT_CREDIT (and nothing logged) when the balance does not cover it. */
export async function recordCall(tx: BillingTx, input: CallInput) {
  const { ctx } = tx;
  await requireFeature(ctx, 'telephony', tx.trx);
  if (input.contactId && !(await crmRecordExists(ctx, 'contact', input.contactId, tx.trx))) {
    throw new AppError('INVALID_REFERENCE', 'contactId does not name a contact in this portal', {
      fields: [{ path: 'contactId', message: 'is not a contact in this portal' }],
    });
  }
  // Balance changes of one portal run one at a time (billing's per-portal lock).
  await lockedSubscription(tx);
  // Self-hosted (BILLING=off): calls are logged, never metered, charged or topped up.
  const metered = billingEnabled(ctx.deps);
  const rate = metered ? tx.catalog.addons.telephonyCredits.perMinute.amount : 0;
  const minutes = billedMinutes(input.durationSeconds);
  const cost = minutes * rate;
  const settings = await settingsOf(tx.s);
  let balance = await balanceOf(tx.s);
  if (balance < cost && metered && settings.auto_top_up_enabled === 1) balance = (await buyCredits(tx, settings.top_up_quantity, 'auto_top_up')).balance.amount;
  if (balance < cost) {
    const fmt = (n: number) => formatMoney(n, tx.catalog.currency);
    throw new AppError(
      'INSUFFICIENT_CREDIT',
      `This call costs ${fmt(cost)} (${minutes} min × ${fmt(rate)}) and the telephony balance is ${fmt(balance)}. Buy credits in Settings → Billing.`,
      {
        cost,
        balance,
      },
    );
  }
  const row: TelephonyCallRow = {
    id: newId(),
    portal_id: ctx.portalId,
    phone: input.phone.trim(),
    phone_digits: phoneDigits(input.phone),
    direction: input.direction,
    duration_seconds: input.durationSeconds,
    billed_minutes: minutes,
    cost,
    currency: tx.catalog.currency,
    contact_id: input.contactId ?? null,
    user_id: actorUserId(ctx),
    started_at: input.startedAt ? new Date(input.startedAt).toISOString() : tx.atIso,
    created_at: tx.atIso,
  };
  const { portal_id: _p, ...values } = row;
  await tx.s.insertInto('telephony_calls', values).execute();
  if (cost > 0) await addEntry(tx.s, { kind: 'call', amount: -cost, currency: row.currency, callId: row.id, at: tx.atIso });
  if (metered) await logEvent(tx, 'telephony.call_charged', { callId: row.id, minutes, cost });
  if (metered && settings.auto_top_up_enabled === 1 && balance - cost < Number(settings.threshold_amount)) await autoTopUp(tx, settings.top_up_quantity);
  return toCallOut(row);
}

/** Tops up after a call; a refused card does not undo the call, it is logged for the admins to see. */
async function autoTopUp(tx: BillingTx, quantity: number): Promise<void> {
  try {
    await buyCredits(tx, quantity, 'auto_top_up');
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 402) throw err;
    await logEvent(tx, 'telephony.auto_top_up_failed', { code: err.code, message: err.message });
  }
}

export async function listCalls(ctx: PortalContext, q: { limit: number; cursor?: string; contactId?: string }) {
  let query = scopeOf(ctx).selectFrom('telephony_calls').selectAll();
  if (q.contactId) query = query.where('contact_id', '=', q.contactId);
  query = keyset(query, { column: 'started_at', direction: 'desc' }, 'id', q.cursor, q.limit);
  const { page, nextCursor } = toPage(await query.execute(), q.limit, (r) => ({ v: r.started_at, id: r.id }));
  return { items: page.map(toCallOut), nextCursor };
}

export async function listLedger(ctx: PortalContext, q: { limit: number; cursor?: string }) {
  const query = keyset(scopeOf(ctx).selectFrom('telephony_ledger').selectAll(), { column: 'created_at', direction: 'desc' }, 'id', q.cursor, q.limit);
  const { page, nextCursor } = toPage(await query.execute(), q.limit, (r) => ({ v: r.created_at, id: r.id }));
  return {
    items: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      amount: Number(r.amount),
      currency: r.currency,
      callId: r.call_id,
      invoiceId: r.invoice_id,
      createdAt: r.created_at,
    })),
    nextCursor,
  };
}

/** Ends the prepaid balance when a downgrade takes telephony away (LIF-2): one `forfeit` entry brings it to 0. Returns the amount forfeited. */
export async function forfeitBalance(tx: BillingTx): Promise<number> {
  const balance = await balanceOf(tx.s);
  if (balance <= 0) return 0;
  await addEntry(tx.s, { kind: 'forfeit', amount: -balance, currency: tx.catalog.currency, at: tx.atIso });
  await logEvent(tx, 'telephony.balance_forfeited', { amount: balance });
  return balance;
}

/** How many telephony records the portal keeps (read-only without the feature), by kind. */
export async function telephonyRecordCounts(ctx: PortalContext, executor: Executor = ctx.deps.db): Promise<Record<string, number>> {
  const row = await scopeOf(ctx, executor)
    .selectFrom('telephony_calls')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { calls: Number(row.n) };
}
