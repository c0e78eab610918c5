import type { Kysely } from 'kysely';

// Scheduling (SCH-1..5): working hours, booking pages and their bookings, and
// the calendar blocks the auto-scheduler placed. Booking holds carry the
// no-double-booking guarantee: a unique (portal, host, slot_key) for the same
// start, plus an overlap check under a per-host lock row for the rest.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('availability')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('weekly', 'text', (c) => c.notNull())
    .addColumn('overrides', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('availability_user_uq', ['portal_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('booking_pages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('buffer_before_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('buffer_after_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('minimum_notice_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('horizon_days', 'integer', (c) => c.notNull().defaultTo(60))
    .addColumn('slot_step_minutes', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('daily_limit', 'integer')
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('booking_pages_slug_uq', ['portal_id', 'slug'])
    .execute();
  await db.schema.createIndex('booking_pages_created_idx').on('booking_pages').columns(['portal_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('booking_pages_title_idx').on('booking_pages').columns(['portal_id', 'title', 'id']).execute();

  await db.schema
    .createTable('booking_page_hosts')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('last_booked_at', 'text')
    .addPrimaryKeyConstraint('booking_page_hosts_pk', ['portal_id', 'page_id', 'user_id'])
    .execute();
  await db.schema.createIndex('booking_page_hosts_user_idx').on('booking_page_hosts').columns(['portal_id', 'user_id']).execute();

  await db.schema
    .createTable('bookings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('host_ids', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('start_utc', 'text', (c) => c.notNull())
    .addColumn('end_utc', 'text', (c) => c.notNull())
    .addColumn('guest_name', 'text', (c) => c.notNull())
    .addColumn('guest_email', 'text', (c) => c.notNull())
    .addColumn('guest_time_zone', 'text')
    .addColumn('notes', 'text')
    .addColumn('event_id', 'text')
    .addColumn('contact_id', 'text')
    .addColumn('manage_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('cancelled_at', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bookings_page_start_idx').on('bookings').columns(['portal_id', 'page_id', 'start_utc', 'id']).execute();
  await db.schema.createIndex('bookings_start_idx').on('bookings').columns(['portal_id', 'start_utc', 'id']).execute();

  await db.schema
    .createTable('booking_holds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('booking_id', 'text', (c) => c.notNull())
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('host_id', 'text', (c) => c.notNull())
    .addColumn('start_utc', 'text', (c) => c.notNull())
    .addColumn('end_utc', 'text', (c) => c.notNull())
    .addColumn('slot_key', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('event_id', 'text')
    .addUniqueConstraint('booking_holds_slot_uq', ['portal_id', 'host_id', 'slot_key'])
    .execute();
  await db.schema.createIndex('booking_holds_host_idx').on('booking_holds').columns(['portal_id', 'host_id', 'active', 'start_utc']).execute();
  await db.schema.createIndex('booking_holds_booking_idx').on('booking_holds').columns(['portal_id', 'booking_id']).execute();

  await db.schema
    .createTable('booking_host_locks')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('booking_host_locks_pk', ['portal_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('scheduling_blocks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('start_utc', 'text', (c) => c.notNull())
    .addColumn('end_utc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('scheduling_blocks_user_idx').on('scheduling_blocks').columns(['portal_id', 'user_id', 'end_utc']).execute();
  await db.schema.createIndex('scheduling_blocks_task_idx').on('scheduling_blocks').columns(['portal_id', 'task_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['scheduling_blocks', 'booking_host_locks', 'booking_holds', 'bookings', 'booking_page_hosts', 'booking_pages', 'availability']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
