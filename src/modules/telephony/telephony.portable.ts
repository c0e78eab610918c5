import { phoneDigits } from '../../kernel/text.js';
import { archivedOnImport, columns, int, noRows, portableTable, text, textOrNull, type PortableModule, type PortableTable } from '../../kernel/portable.js';

/**
 * The call log in an export (POR-1) and its import (POR-4), and the prepaid credit
 * ledger (POR-6). The ledger is billing history of this server (credit bought with
 * its invoices): an import keeps it as read-only history, like invoices, and the
 * balance is not moved: an imported portal starts with no credit.
 */
const calls = portableTable({
  entity: 'telephony_calls',
  table: 'telephony_calls',
  orderBy: 'started_at',
  select: ['id', 'phone', 'direction', 'duration_seconds', 'billed_minutes', 'cost', 'currency', 'contact_id', 'user_id', 'started_at', 'created_at'],
  present: async (_ctx, rows) => rows.map((r) => ({ ...r, cost_minor: r.cost })),
  columns: columns(
    'id:id',
    'phone',
    'direction',
    'duration_seconds:int',
    'billed_minutes:int',
    'cost_minor:int',
    'currency',
    'contact_id:ref?',
    'user_id:user?',
    'started_at',
    'created_at',
  ),
  toRow: (r) => ({
    id: text(r.id),
    phone: text(r.phone),
    phone_digits: phoneDigits(text(r.phone)),
    direction: text(r.direction) as 'inbound' | 'outbound',
    duration_seconds: int(r.duration_seconds),
    billed_minutes: int(r.billed_minutes),
    cost: int(r.cost_minor),
    currency: text(r.currency),
    contact_id: textOrNull(r.contact_id),
    user_id: textOrNull(r.user_id),
    started_at: text(r.started_at),
    created_at: text(r.created_at),
  }),
});

const ledger: PortableTable = {
  ...portableTable({
    entity: 'telephony_ledger',
    table: 'telephony_ledger',
    columns: columns('id:id', 'kind', 'amount_minor:int', 'currency', 'call_id:ref?', 'invoice_id:ref?', 'created_at'),
    select: ['id', 'kind', 'amount', 'currency', 'call_id', 'invoice_id', 'created_at'],
    present: async (_ctx, rows) => rows.map((r) => ({ ...r, amount_minor: r.amount })),
    toRow: () => {
      throw new Error('the ledger is archived on import');
    },
  }),
  ...archivedOnImport,
};

export const telephonyPortable: PortableModule = {
  name: 'telephony',
  tables: [calls, ledger],
  isEmpty: (ctx) => noRows(ctx, ['telephony_calls']),
};
