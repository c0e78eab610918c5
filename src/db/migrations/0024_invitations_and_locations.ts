import type { Kysely } from 'kysely';

// Invitations calendars understand (iTIP/iMIP, issue 18 item 4) and where a booking
// happens (item 7): a booking's iCalendar SEQUENCE (raised on every change the guest
// is told of), the location of a booking page and the one a booking got (a Jitsi
// room is made per booking), and the text/calendar part of a queued mail.
// Events already carry their SEQUENCE (events.ical_sequence).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('bookings')
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('bookings').addColumn('location_kind', 'text').execute();
  await db.schema.alterTable('bookings').addColumn('location_value', 'text').execute();
  await db.schema.alterTable('booking_pages').addColumn('location_kind', 'text').execute();
  await db.schema.alterTable('booking_pages').addColumn('location_value', 'text').execute();
  await db.schema.alterTable('mail_outbox').addColumn('calendar_method', 'text').execute();
  await db.schema.alterTable('mail_outbox').addColumn('calendar_body', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mail_outbox').dropColumn('calendar_body').execute();
  await db.schema.alterTable('mail_outbox').dropColumn('calendar_method').execute();
  await db.schema.alterTable('booking_pages').dropColumn('location_value').execute();
  await db.schema.alterTable('booking_pages').dropColumn('location_kind').execute();
  await db.schema.alterTable('bookings').dropColumn('location_value').execute();
  await db.schema.alterTable('bookings').dropColumn('location_kind').execute();
  await db.schema.alterTable('bookings').dropColumn('sequence').execute();
}
