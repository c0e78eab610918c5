import type { Kysely } from 'kysely';

// Lifecycle (LIF-1..5): cancellations, applied downgrades (to restore them on upgrade),
// pauses, and the operator's record of portal deletions (outside any portal).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('lifecycle_cancellations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('from_plan_id', 'text', (c) => c.notNull())
    .addColumn('target_plan_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('keep_user_ids', 'text')
    .addColumn('offer_shown', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('effective_at', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lifecycle_cancellations_status_idx').on('lifecycle_cancellations').columns(['portal_id', 'status', 'created_at']).execute();

  await db.schema
    .createTable('lifecycle_downgrades')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('cancellation_id', 'text')
    .addColumn('from_plan_id', 'text', (c) => c.notNull())
    .addColumn('to_plan_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('impact', 'text', (c) => c.notNull())
    .addColumn('deactivated_user_ids', 'text', (c) => c.notNull())
    .addColumn('forfeited_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .addColumn('restored_at', 'text')
    .execute();
  await db.schema.createIndex('lifecycle_downgrades_portal_idx').on('lifecycle_downgrades').columns(['portal_id', 'applied_at']).execute();

  await db.schema
    .createTable('lifecycle_pauses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('months', 'integer', (c) => c.notNull())
    .addColumn('paused_at', 'text', (c) => c.notNull())
    .addColumn('resume_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('ended_by', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lifecycle_pauses_status_idx').on('lifecycle_pauses').columns(['portal_id', 'status']).execute();

  await db.schema
    .createTable('portal_deletions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('target_portal_id', 'text')
    .addColumn('portal_slug', 'text', (c) => c.notNull())
    .addColumn('owner_email', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('rows_erased', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('files_erased', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('steps', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('portal_deletions_target_idx').on('portal_deletions').columns(['target_portal_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['portal_deletions', 'lifecycle_pauses', 'lifecycle_downgrades', 'lifecycle_cancellations'])
    await db.schema.dropTable(t).ifExists().execute();
}
