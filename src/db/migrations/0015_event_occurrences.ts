import type { Kysely } from 'kysely';

// The occurrence index (docs/decisions/0016-occurrence-index.md): every event's
// occurrences expanded into busy intervals, per calendar over a window of time
// (`event_occurrence_windows`), so free/busy reads do not re-expand recurrence
// rules on each request. Derived data: never exported, rebuilt on demand.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('event_occurrences')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('start_ms', 'bigint', (c) => c.notNull())
    .addColumn('end_ms', 'bigint', (c) => c.notNull())
    .execute();
  // Reads by calendar and by event over a range: occurrences that end after the window's start.
  // The calendar index covers the read (no lookup of the table's rows on SQLite).
  await db.schema
    .createIndex('event_occurrences_calendar_idx')
    .on('event_occurrences')
    .columns(['portal_id', 'calendar_id', 'end_ms', 'start_ms', 'event_id'])
    .execute();
  await db.schema.createIndex('event_occurrences_event_idx').on('event_occurrences').columns(['portal_id', 'event_id', 'end_ms']).execute();

  await db.schema
    .createTable('event_occurrence_windows')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) => c.notNull())
    .addColumn('from_ms', 'bigint', (c) => c.notNull())
    .addColumn('to_ms', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_occurrence_windows_pk', ['portal_id', 'calendar_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('event_occurrence_windows').ifExists().execute();
  await db.schema.dropTable('event_occurrences').ifExists().execute();
}
