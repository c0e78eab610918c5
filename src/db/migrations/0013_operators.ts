import type { Kysely } from 'kysely';

// Operators (LIF-6/7): operator accounts, sessions and set-password links, their
// audit log, and the install's own settings (the billing mode it last ran in).
// No table here belongs to a portal.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('operators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_normalized', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_login_at', 'text')
    .execute();

  await db.schema
    .createTable('operator_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('operator_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('operator_sessions_operator_idx').on('operator_sessions').columns(['operator_id']).execute();

  await db.schema
    .createTable('operator_password_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('operator_id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createTable('operator_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('operator_id', 'text')
    .addColumn('operator_email', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_portal_id', 'text')
    .addColumn('portal_slug', 'text')
    .addColumn('details', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('operator_audit_created_idx').on('operator_audit').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('operator_audit_portal_idx').on('operator_audit').columns(['target_portal_id', 'created_at', 'id']).execute();

  // The console's cross-portal reads: portals newest first, failed charges newest first.
  await db.schema.createIndex('portals_created_idx').on('portals').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('billing_events_type_time_idx').on('billing_events').columns(['type', 'created_at', 'id']).execute();

  await db.schema
    .createTable('instance_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('billing_events_type_time_idx').ifExists().execute();
  await db.schema.dropIndex('portals_created_idx').ifExists().execute();
  for (const t of ['instance_settings', 'operator_audit', 'operator_password_links', 'operator_sessions', 'operators'])
    await db.schema.dropTable(t).ifExists().execute();
}
