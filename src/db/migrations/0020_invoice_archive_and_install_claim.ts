import type { Kysely } from 'kysely';

// Issue 19, loose ends (docs/decisions/0025-invoice-archive-drive-sweep-first-signup.md):
// - `invoice_archive`: the invoices of an erased portal, kept for the legal period
//   (INVOICE_RETENTION_YEARS) with what was printed on them and nothing else; read by
//   operators only, purged by the daily housekeeping once `retain_until` has passed.
//   `portal_id` is the erased portal's id, kept as the archive's tenant key; portal
//   erasure leaves this one table alone (the documented exception).
// - `install_claims`: the first sign-up of a closed install inserts the one row named
//   'first_signup'; its primary key lets exactly one of several concurrent sign-ups in.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('invoice_archive')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('paid_at', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('tax_total', 'bigint', (c) => c.notNull())
    .addColumn('lines', 'text', (c) => c.notNull())
    .addColumn('refers_to_number', 'text')
    .addColumn('seller', 'text', (c) => c.notNull())
    .addColumn('buyer', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('deletion_reference', 'text', (c) => c.notNull())
    .addColumn('archived_at', 'text', (c) => c.notNull())
    .addColumn('retain_until', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invoice_archive_archived_idx').on('invoice_archive').columns(['archived_at', 'id']).execute();
  await db.schema.createIndex('invoice_archive_portal_idx').on('invoice_archive').columns(['portal_id', 'archived_at', 'id']).execute();
  await db.schema.createIndex('invoice_archive_retain_idx').on('invoice_archive').columns(['retain_until']).execute();

  await db.schema
    .createTable('install_claims')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('install_claims').ifExists().execute();
  await db.schema.dropTable('invoice_archive').ifExists().execute();
}
