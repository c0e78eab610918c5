import type { AppDeps } from '../../kernel/context.js';
import { notFound } from '../../kernel/errors.js';
import { findArchivedInvoice, listArchivedInvoices, toArchivedInvoiceOut } from '../billing/index.js';
import type { OperatorRequest } from './actions.service.js';
import { recordOperatorAudit, type OperatorMeta } from './operator-audit.service.js';

/**
 * The invoices of erased portals, kept for the legal period (ADR 0025): operators
 * list them and download their documents, for an auditor or the tax office. Each
 * access is written to the operators' audit log (the portal's own log is gone).
 */

const metaOf = (r: OperatorRequest): OperatorMeta => ({ operator: { id: r.auth.operator.id, email: r.auth.operator.email }, ip: r.ip, userAgent: r.userAgent });

export async function listArchiveAction(deps: AppDeps, r: OperatorRequest, q: { limit: number; cursor?: string; portalId?: string }) {
  const out = await listArchivedInvoices(deps, q);
  await recordOperatorAudit(deps, metaOf(r), {
    action: 'operator.invoice_archive_listed',
    details: { portalId: q.portalId ?? null, invoices: out.items.map((i) => i.number) },
  });
  return out;
}

export async function downloadArchivedInvoiceAction(deps: AppDeps, r: OperatorRequest, id: string): Promise<{ html: string; filename: string }> {
  const row = await findArchivedInvoice(deps, id);
  if (!row) throw notFound('Archived invoice');
  const inv = toArchivedInvoiceOut(row);
  await recordOperatorAudit(deps, metaOf(r), {
    action: 'operator.archived_invoice_downloaded',
    portal: { id: inv.portalId, slug: inv.buyer.slug },
    details: { invoiceId: inv.id, number: inv.number, deletionReference: inv.deletionReference },
  });
  return { html: row.document, filename: `${inv.number}.html` };
}
