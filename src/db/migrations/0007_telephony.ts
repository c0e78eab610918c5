import type { Kysely } from 'kysely';

// Telephony (TEL-1, BIL-5): a prepaid credit ledger, call records and the auto top-up setting.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('telephony_ledger')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('call_id', 'text')
    .addColumn('invoice_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('telephony_ledger_portal_time_idx').on('telephony_ledger').columns(['portal_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('telephony_calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('phone_digits', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('duration_seconds', 'integer', (c) => c.notNull())
    .addColumn('billed_minutes', 'integer', (c) => c.notNull())
    .addColumn('cost', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('telephony_calls_portal_time_idx').on('telephony_calls').columns(['portal_id', 'started_at', 'id']).execute();
  await db.schema.createIndex('telephony_calls_contact_idx').on('telephony_calls').columns(['portal_id', 'contact_id', 'started_at', 'id']).execute();

  await db.schema
    .createTable('telephony_settings')
    .addColumn('portal_id', 'text', (c) => c.primaryKey())
    .addColumn('auto_top_up_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('threshold_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('top_up_quantity', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['telephony_settings', 'telephony_calls', 'telephony_ledger']) await db.schema.dropTable(t).ifExists().execute();
}
