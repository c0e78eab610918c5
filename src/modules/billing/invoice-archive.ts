import type { Executor } from '../../db/scope.js';
import { portalScope } from '../../db/scope.js';
import type { InvoiceArchiveRow, InvoiceRow } from '../../db/tables/billing.js';
import type { AppDeps } from '../../kernel/context.js';
import { keyset, toPage } from '../../kernel/pagination.js';
import type { InvoiceLine } from './changes.js';
import { renderInvoiceHtml, SELLER } from './invoice-html.js';
import { toInvoiceOut } from './invoices.service.js';

/**
 * The invoice archive (ADR 0025): accounting law (e.g. ten years in Germany, §147 AO,
 * §257 HGB) requires the seller to keep every invoice it issued, also after the
 * customer's portal is erased. Portal erasure copies each invoice here first — what was
 * printed on it and nothing else: number, dates, seller and buyer as printed, lines,
 * amounts, tax and the rendered document — and keeps it until the end of the year of
 * issue plus INVOICE_RETENTION_YEARS. Only operators read it; the daily housekeeping
 * purges what is past its retention.
 */

export const INVOICE_ARCHIVE_TABLE = 'invoice_archive';

/** Kept until the end of the year of issue plus `years` (the legal period starts at the end of that calendar year). */
export function retainUntil(issuedAt: string, years: number): string {
  const year = new Date(issuedAt).getUTCFullYear();
  return new Date(Date.UTC(year + 1 + years, 0, 1)).toISOString();
}

export interface ArchiveSummary {
  /** Invoices of the portal in the archive. */
  count: number;
  /** The last day one of them is kept (exclusive: purged from this instant on), or null with none. */
  until: string | null;
  years: number;
}

/**
 * Copies every invoice of the portal into the archive, in the caller's transaction.
 * Idempotent: an invoice archived already is left as it is (an erase that crashed and
 * runs again, or its last pass). With INVOICE_RETENTION_YEARS=0 nothing is kept.
 */
export async function archivePortalInvoices(
  deps: AppDeps,
  trx: Executor,
  portal: { id: string; name: string; slug: string },
  deletionReference: string,
): Promise<ArchiveSummary> {
  const years = deps.config.INVOICE_RETENTION_YEARS;
  if (years === 0) return { count: 0, until: null, years };
  const invoices = await portalScope(trx, portal.id).selectFrom('invoices').selectAll().orderBy('issued_at').orderBy('id').execute();
  if (invoices.length > 0) {
    const numbers = new Map(invoices.map((i) => [i.id, i.number]));
    const archivedAt = deps.clock.now().toISOString();
    const buyer = { name: portal.name, slug: portal.slug };
    const rows = invoices.map((inv) => toArchiveRow(inv, { buyer, numbers, archivedAt, deletionReference, years }));
    for (const row of rows) {
      await trx
        .insertInto('invoice_archive')
        .values(row)
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
  }
  return summaryOf(trx, portal.id, years);
}

function toArchiveRow(
  inv: InvoiceRow,
  c: { buyer: { name: string; slug: string }; numbers: Map<string, string>; archivedAt: string; deletionReference: string; years: number },
): InvoiceArchiveRow {
  const lines = JSON.parse(inv.lines) as InvoiceLine[];
  return {
    id: inv.id,
    portal_id: inv.portal_id,
    number: inv.number,
    kind: inv.kind,
    status: inv.status,
    issued_at: inv.issued_at,
    period_start: inv.period_start,
    period_end: inv.period_end,
    paid_at: inv.paid_at,
    currency: inv.currency,
    total: Number(inv.total),
    // Prices exclude tax and invoices print no tax line today: the tax as printed is 0.
    tax_total: 0,
    lines: JSON.stringify(lines),
    refers_to_number: inv.refers_to ? (c.numbers.get(inv.refers_to) ?? null) : null,
    seller: JSON.stringify(SELLER),
    buyer: JSON.stringify(c.buyer),
    document: renderInvoiceHtml(toInvoiceOut(inv), c.buyer),
    deletion_reference: c.deletionReference,
    archived_at: c.archivedAt,
    retain_until: retainUntil(inv.issued_at, c.years),
  };
}

async function summaryOf(db: Executor, portalId: string, years: number): Promise<ArchiveSummary> {
  const r = await portalScope(db, portalId)
    .selectFrom('invoice_archive')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('retain_until').as('until')])
    .executeTakeFirstOrThrow();
  return { count: Number(r.n), until: (r.until as string | null) ?? null, years };
}

// --- The operator's reads ------------------------------------------------------------------------

export function toArchivedInvoiceOut(r: InvoiceArchiveRow) {
  return {
    id: r.id,
    portalId: r.portal_id,
    number: r.number,
    kind: r.kind,
    status: r.status,
    issuedAt: r.issued_at,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    paidAt: r.paid_at,
    currency: r.currency,
    total: Number(r.total),
    taxTotal: Number(r.tax_total),
    lines: JSON.parse(r.lines) as InvoiceLine[],
    refersToNumber: r.refers_to_number,
    seller: JSON.parse(r.seller) as { name: string },
    buyer: JSON.parse(r.buyer) as { name: string; slug: string },
    deletionReference: r.deletion_reference,
    archivedAt: r.archived_at,
    retainUntil: r.retain_until,
  };
}

export type ArchivedInvoiceOut = ReturnType<typeof toArchivedInvoiceOut>;

/** Archived invoices, newest archived first; one erased portal's with `portalId`. */
export async function listArchivedInvoices(deps: AppDeps, q: { limit: number; cursor?: string; portalId?: string }) {
  let query = deps.db.selectFrom('invoice_archive').selectAll();
  if (q.portalId) query = query.where('portal_id', '=', q.portalId);
  query = keyset(query, { column: 'archived_at', direction: 'desc' }, 'id', q.cursor, q.limit);
  const { page, nextCursor } = toPage(await query.execute(), q.limit, (r) => ({ v: r.archived_at, id: r.id }));
  return { items: page.map(toArchivedInvoiceOut), nextCursor };
}

/** One archived invoice with its document, or undefined. */
export async function findArchivedInvoice(deps: AppDeps, id: string): Promise<InvoiceArchiveRow | undefined> {
  return deps.db.selectFrom('invoice_archive').selectAll().where('id', '=', id).executeTakeFirst();
}

// --- The daily purge -----------------------------------------------------------------------------

export interface PurgedInvoices {
  portalId: string;
  numbers: string[];
}

/**
 * Removes archived invoices whose retention ended by `now`, in batches, each batch in
 * one transaction with `onPurged` (the caller's audit entry) so that no invoice goes
 * unrecorded. Running it again removes nothing more. Returns how many went.
 */
export async function purgeExpiredInvoices(
  deps: AppDeps,
  now: Date,
  batch: number,
  onPurged: (trx: Executor, purged: PurgedInvoices[]) => Promise<void>,
): Promise<number> {
  const cutoff = now.toISOString();
  let total = 0;
  for (;;) {
    const n = await deps.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('invoice_archive')
        .select(['id', 'portal_id', 'number'])
        .where('retain_until', '<=', cutoff)
        .orderBy('retain_until')
        .orderBy('id')
        .limit(batch)
        .execute();
      if (rows.length === 0) return 0;
      await trx
        .deleteFrom('invoice_archive')
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      const byPortal = new Map<string, string[]>();
      for (const r of rows) byPortal.set(r.portal_id, [...(byPortal.get(r.portal_id) ?? []), r.number]);
      await onPurged(
        trx,
        [...byPortal].map(([portalId, numbers]) => ({ portalId, numbers: numbers.sort() })),
      );
      return rows.length;
    });
    total += n;
    if (n < batch) return total;
  }
}
