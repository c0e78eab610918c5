import { phoneDigits } from '../../kernel/text.js';
import { columns, int, noRows, portableTable, text, textOrNull, type PortableModule } from '../../kernel/portable.js';

/**
 * The call log in an export (POR-1) and its import (POR-4). The credit ledger is
 * billing history of this server and is not moved: an imported portal starts with
 * no credit.
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

export const telephonyPortable: PortableModule = {
  name: 'telephony',
  tables: [calls],
  isEmpty: (ctx) => noRows(ctx, ['telephony_calls']),
};
