import { archivedOnImport, portableTable, columns, type PortableTable } from '../../kernel/portable.js';

/**
 * Invoices in an export (POR-1). Their numbers come from this server's one gapless
 * sequence, so an import keeps them as history rather than issuing them again
 * (see PortableTable.archived). Lines are a JSON cell; amounts are minor units.
 */
export const invoicesTable: PortableTable = {
  ...portableTable({
    entity: 'invoices',
    table: 'invoices',
    orderBy: 'issued_at',
    columns: columns(
      'id:id',
      'number',
      'kind',
      'status',
      'currency',
      'total_minor:int',
      'lines:json',
      'period_start',
      'period_end',
      'issued_at',
      'paid_at?',
      'voided_at?',
      'payment_ref?',
      'refers_to?',
      'created_at',
    ),
    select: [
      'id',
      'number',
      'kind',
      'status',
      'currency',
      'total',
      'lines',
      'period_start',
      'period_end',
      'issued_at',
      'paid_at',
      'voided_at',
      'payment_ref',
      'refers_to',
      'created_at',
    ],
    present: async (_ctx, rows) => rows.map((r) => ({ ...r, total_minor: r.total })),
    toRow: () => {
      throw new Error('invoices are archived on import');
    },
  }),
  ...archivedOnImport,
};
