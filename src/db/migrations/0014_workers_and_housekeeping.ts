import type { Kysely } from 'kysely';

// The processes that run jobs (docs/decisions/0013-job-ownership-and-shutdown.md): who
// they are, where, since when, and when they last said they were alive, so that the
// jobs of a process that is gone are taken over at once instead of after the lease.
// Install-wide, like `jobs` itself: no row belongs to a portal.
// And the indexes the daily housekeeping job prunes by (src/server/housekeeping.ts).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('job_workers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('pid_scope', 'text')
    .addColumn('process_started_at', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('heartbeat_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_locked_by_idx').on('jobs').columns(['locked_by']).execute();

  await db.schema.createIndex('jobs_finished_idx').on('jobs').columns(['status', 'updated_at']).execute();
  await db.schema.createIndex('idempotency_keys_created_idx').on('idempotency_keys').columns(['created_at']).execute();
  await db.schema.createIndex('automation_events_created_idx').on('automation_events').columns(['created_at']).execute();
  await db.schema.createIndex('automation_runs_started_idx').on('automation_runs').columns(['started_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    'automation_runs_started_idx',
    'automation_events_created_idx',
    'idempotency_keys_created_idx',
    'jobs_finished_idx',
    'jobs_locked_by_idx',
  ]) {
    await db.schema.dropIndex(index).ifExists().execute();
  }
  await db.schema.dropTable('job_workers').ifExists().execute();
}
