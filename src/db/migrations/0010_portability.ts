import type { Kysely } from 'kysely';

// Portability (POR-1..5): export and import runs, and the archive of records an import
// cannot re-create (invoices, audit log). Also indexes the export reads other modules'
// tables by, so that streaming a million rows walks an index in order.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('portal_exports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress_done', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('requested_by', 'text')
    .addColumn('summary', 'text')
    .addColumn('bytes', 'bigint')
    .addColumn('sha256', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('expires_at', 'text')
    .execute();
  await db.schema.createIndex('portal_exports_portal_idx').on('portal_exports').columns(['portal_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('portal_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress_done', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('requested_by', 'text')
    .addColumn('report', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('portal_imports_portal_idx').on('portal_imports').columns(['portal_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('portability_archive')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('portability_archive_entity_idx').on('portability_archive').columns(['portal_id', 'entity', 'position']).execute();

  // Export reads: every streamed table is walked by (portal_id, created_at, id).
  for (const table of ['events', 'drive_items', 'pipeline_stages', 'users', 'calendars', 'pipelines']) {
    await db.schema.createIndex(`${table}_export_idx`).on(table).columns(['portal_id', 'created_at', 'id']).execute();
  }
  await db.schema.createIndex('task_comments_export_idx').on('task_comments').columns(['portal_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('deal_stage_changes_export_idx').on('deal_stage_changes').columns(['portal_id', 'changed_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['events', 'drive_items', 'pipeline_stages', 'users', 'calendars', 'pipelines', 'task_comments']) {
    await db.schema.dropIndex(`${table}_export_idx`).ifExists().execute();
  }
  await db.schema.dropIndex('deal_stage_changes_export_idx').ifExists().execute();
  for (const t of ['portability_archive', 'portal_imports', 'portal_exports']) await db.schema.dropTable(t).ifExists().execute();
}
