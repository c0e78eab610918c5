import type { InvoiceLine } from './changes.js';
import { formatMoney } from './plans.js';
import { isoDay } from './periods.js';
import { escapeHtml } from '../../kernel/text.js';

/** A print-ready HTML invoice (or credit note): self-contained, no scripts, no external assets. */

interface InvoiceView {
  number: string;
  kind: string;
  status: string;
  total: number;
  currency: string;
  lines: InvoiceLine[];
  periodStart: string;
  periodEnd: string;
  issuedAt: string;
  paidAt: string | null;
}

/** Who issues the invoices, as printed on them (and kept in the invoice archive). */
export const SELLER = { name: 'SchedulingKit' };

export function renderInvoiceHtml(inv: InvoiceView, portal: { name: string; slug: string }): string {
  const title = inv.kind === 'credit_note' ? 'Credit note' : 'Invoice';
  const money = (n: number) => escapeHtml(formatMoney(n, inv.currency));
  const rows = inv.lines
    .map(
      (l) =>
        `<tr><td>${escapeHtml(l.description)}${l.periodStart && l.periodEnd ? `<div class="muted">${isoDay(new Date(l.periodStart))} – ${isoDay(new Date(l.periodEnd))}</div>` : ''}</td>` +
        `<td class="num">${l.quantity}</td><td class="num">${money(l.amount)}</td></tr>`,
    )
    .join('\n');
  const status =
    inv.status === 'paid' ? `Paid ${inv.paidAt ? isoDay(new Date(inv.paidAt)) : ''}` : inv.status === 'open' ? 'Due' : inv.status === 'void' ? 'Void' : 'Draft';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title} ${escapeHtml(inv.number)}</title>
<style>
  body { font: 14px/1.5 system-ui, sans-serif; color: #111; max-width: 760px; margin: 40px auto; padding: 0 24px; }
  h1 { font-size: 24px; margin: 0; }
  .muted { color: #555; font-size: 12px; }
  header { display: flex; justify-content: space-between; align-items: flex-start; margin-bottom: 32px; }
  table { width: 100%; border-collapse: collapse; margin-top: 16px; }
  th, td { text-align: left; padding: 8px 4px; border-bottom: 1px solid #ddd; vertical-align: top; }
  .num { text-align: right; white-space: nowrap; }
  tfoot td { font-weight: 700; border-bottom: none; }
  .status { display: inline-block; padding: 2px 8px; border: 1px solid #999; border-radius: 4px; }
  @media print { body { margin: 0; } .noprint { display: none; } }
</style>
</head>
<body>
<header>
  <div>
    <h1>${title} ${escapeHtml(inv.number)}</h1>
    <div class="muted">Issued ${isoDay(new Date(inv.issuedAt))} · Period ${isoDay(new Date(inv.periodStart))} – ${isoDay(new Date(inv.periodEnd))}</div>
  </div>
  <div class="status">${escapeHtml(status)}</div>
</header>
<p><strong>Billed to</strong><br>${escapeHtml(portal.name)}<br><span class="muted">Portal ${escapeHtml(portal.slug)}</span></p>
<p><strong>From</strong><br>${escapeHtml(SELLER.name)}</p>
<table>
  <thead><tr><th>Description</th><th class="num">Qty</th><th class="num">Amount</th></tr></thead>
  <tbody>
${rows}
  </tbody>
  <tfoot><tr><td colspan="2">Total (${escapeHtml(inv.currency)})</td><td class="num">${money(inv.total)}</td></tr></tfoot>
</table>
<p class="noprint muted">Print this page or save it as PDF from your browser.</p>
</body>
</html>
`;
}
