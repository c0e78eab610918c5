import type { Kysely } from 'kysely';

// Auto-scheduled blocks re-placed when the calendar changes (SCH-4, ADR 0024):
// a block can be pinned (never moved by re-placement), remembers the task's
// estimate and due date it was planned for, and one row per user says that a
// re-placement is asked for (its version goes up with every further change).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('scheduling_blocks')
    .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('scheduling_blocks').addColumn('task_estimate_minutes', 'integer').execute();
  await db.schema.alterTable('scheduling_blocks').addColumn('task_due_at', 'text').execute();
  await db.schema.createIndex('scheduling_blocks_event_idx').on('scheduling_blocks').columns(['portal_id', 'event_id']).execute();

  await db.schema
    .createTable('scheduling_replacements')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('scheduling_replacements_pk', ['portal_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('scheduling_replacements').ifExists().execute();
  await db.schema.dropIndex('scheduling_blocks_event_idx').ifExists().execute();
  await db.schema.alterTable('scheduling_blocks').dropColumn('task_due_at').execute();
  await db.schema.alterTable('scheduling_blocks').dropColumn('task_estimate_minutes').execute();
  await db.schema.alterTable('scheduling_blocks').dropColumn('pinned').execute();
}
