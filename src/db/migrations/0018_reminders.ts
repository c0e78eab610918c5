import type { Kysely } from 'kysely';

// Reminders (docs/decisions/0023-reminders-exactly-once.md): one row per portal for the
// chain of `reminders.scan` jobs that delivers event and task reminders. The row says
// which job is the current one (`next_scan_at`: the job whose payload matches) and how
// far reminders have been looked at (`scanned_to`), and counts the changes to events
// and tasks (`changes`), so that a scan learns of a change made while it ran. The reminders themselves are not
// stored: they are computed from events and tasks at each scan.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reminder_scans')
    .addColumn('portal_id', 'text', (c) => c.primaryKey())
    .addColumn('next_scan_at', 'text')
    .addColumn('scanned_to', 'text', (c) => c.notNull())
    .addColumn('changes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reminder_scans').ifExists().execute();
}
