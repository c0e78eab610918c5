import { sql, type Kysely } from 'kysely';

// Calendars and events (CAL-1). Events keep wall-clock times with their IANA
// zone; start_utc/until_utc are derived bounds for range queries:
// start_utc < :to AND (until_utc IS NULL OR until_utc > :from).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendars')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('color', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'text')
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('feed_token', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('calendars_owner_idx').on('calendars').columns(['portal_id', 'owner_user_id', 'kind']).execute();
  // One default calendar per user, even when two first requests race to create it.
  await db.schema
    .createIndex('calendars_default_uq')
    .on('calendars')
    .columns(['portal_id', 'owner_user_id'])
    .unique()
    .where(sql.ref('is_default'), '=', sql.lit(1))
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('location', 'text')
    .addColumn('all_day', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('start_local', 'text', (c) => c.notNull())
    .addColumn('end_local', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('rrule', 'text')
    .addColumn('exdates', 'text', (c) => c.notNull())
    .addColumn('reminders', 'text', (c) => c.notNull())
    .addColumn('ical_uid', 'text', (c) => c.notNull())
    .addColumn('ical_sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ical_last_modified', 'text')
    .addColumn('start_utc', 'text', (c) => c.notNull())
    .addColumn('until_utc', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_range_idx').on('events').columns(['portal_id', 'calendar_id', 'start_utc']).execute();
  // Importing the same file twice finds each event by its UID.
  await db.schema.createIndex('events_uid_uq').on('events').columns(['portal_id', 'calendar_id', 'ical_uid']).unique().execute();

  await db.schema
    .createTable('event_overrides')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('recurrence_id', 'text', (c) => c.notNull())
    .addColumn('cancelled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('title', 'text')
    .addColumn('description', 'text')
    .addColumn('location', 'text')
    .addColumn('start_local', 'text')
    .addColumn('end_local', 'text')
    .addColumn('time_zone', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('event_overrides_uq', ['portal_id', 'event_id', 'recurrence_id'])
    .execute();

  await db.schema
    .createTable('event_attendees')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('email', 'text')
    .addColumn('name', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_attendees_event_idx').on('event_attendees').columns(['portal_id', 'event_id', 'position']).execute();
  // Busy times: the events a user attends.
  await db.schema.createIndex('event_attendees_user_idx').on('event_attendees').columns(['portal_id', 'user_id', 'event_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['event_attendees', 'event_overrides', 'events', 'calendars']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
