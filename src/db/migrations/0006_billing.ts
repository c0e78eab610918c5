import { sql, type Kysely } from 'kysely';

// Billing (BIL-1..7): subscriptions, the card token, invoices with one gapless
// number sequence, the append-only billing event log and idempotency keys.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull().unique())
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('interval', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('current_period_start', 'text')
    .addColumn('current_period_end', 'text')
    .addColumn('anchor_day', 'integer')
    .addColumn('period_price', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('cancel_at_period_end', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pending_plan_id', 'text')
    .addColumn('pending_interval', 'text')
    .addColumn('pending_refund', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('trial_end', 'text')
    .addColumn('had_trial', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('storage_units', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pending_storage_units', 'integer')
    .addColumn('past_due_since', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('payment_methods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull().unique())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('brand', 'text', (c) => c.notNull())
    .addColumn('last4', 'text', (c) => c.notNull())
    .addColumn('exp_month', 'integer', (c) => c.notNull())
    .addColumn('exp_year', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('invoices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('lines', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('paid_at', 'text')
    .addColumn('voided_at', 'text')
    .addColumn('payment_ref', 'text')
    .addColumn('refers_to', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invoices_portal_issued_idx').on('invoices').columns(['portal_id', 'issued_at', 'id']).execute();
  // One renewal invoice per period, whichever process renews (BIL-6).
  await db.schema
    .createIndex('invoices_renewal_uq')
    .on('invoices')
    .columns(['portal_id', 'kind', 'period_start'])
    .unique()
    .where(sql.ref('kind'), '=', 'renewal')
    .execute();

  await db.schema
    .createTable('billing_counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('billing_counters').values({ name: 'invoice_number', value: 0 }).execute();

  await db.schema
    .createTable('billing_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('billing_events_portal_time_idx').on('billing_events').columns(['portal_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['portal_id', 'key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['idempotency_keys', 'billing_events', 'billing_counters', 'invoices', 'payment_methods', 'subscriptions']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
