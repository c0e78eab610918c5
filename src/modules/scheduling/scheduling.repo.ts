import type { Executor, PortalScope } from '../../db/scope.js';
import type { AvailabilityRow, BookingHoldRow, BookingPageHostRow, BookingPageRow, BookingRow, SchedulingBlockRow } from '../../db/tables/scheduling.js';

/** Queries on the scheduling module's tables; every one through a portal scope. */

// --- Availability ----------------------------------------------------------------------------------

export function findAvailability(s: PortalScope, userId: string): Promise<AvailabilityRow | undefined> {
  return s.selectFrom('availability').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export function listAvailability(s: PortalScope, userIds: readonly string[]): Promise<AvailabilityRow[]> {
  if (userIds.length === 0) return Promise.resolve([]);
  return s
    .selectFrom('availability')
    .selectAll()
    .where('user_id', 'in', [...userIds])
    .execute();
}

export async function upsertAvailability(s: PortalScope, row: Omit<AvailabilityRow, 'portal_id'>): Promise<void> {
  await s
    .insertInto('availability', row)
    .onConflict((oc) =>
      oc.columns(['portal_id', 'user_id']).doUpdateSet({ time_zone: row.time_zone, weekly: row.weekly, overrides: row.overrides, updated_at: row.updated_at }),
    )
    .execute();
}

// --- Booking pages ---------------------------------------------------------------------------------

export function findPage(s: PortalScope, id: string): Promise<BookingPageRow | undefined> {
  return s.selectFrom('booking_pages').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPageBySlug(s: PortalScope, slug: string): Promise<BookingPageRow | undefined> {
  return s.selectFrom('booking_pages').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function listPageHosts(s: PortalScope, pageIds: readonly string[]): Promise<BookingPageHostRow[]> {
  if (pageIds.length === 0) return Promise.resolve([]);
  return s
    .selectFrom('booking_page_hosts')
    .selectAll()
    .where('page_id', 'in', [...pageIds])
    .orderBy('position')
    .execute();
}

export async function replacePageHosts(s: PortalScope, pageId: string, hostIds: readonly string[], previous: BookingPageHostRow[] = []): Promise<void> {
  await s.deleteFrom('booking_page_hosts').where('page_id', '=', pageId).execute();
  const last = new Map(previous.map((h) => [h.user_id, h.last_booked_at]));
  await s
    .insertInto(
      'booking_page_hosts',
      hostIds.map((userId, position) => ({ page_id: pageId, user_id: userId, position, last_booked_at: last.get(userId) ?? null })),
    )
    .execute();
}

export async function deletePage(s: PortalScope, id: string): Promise<void> {
  await s.deleteFrom('booking_page_hosts').where('page_id', '=', id).execute();
  await s.deleteFrom('booking_pages').where('id', '=', id).execute();
}

// --- Bookings --------------------------------------------------------------------------------------

export function findBooking(s: PortalScope, id: string): Promise<BookingRow | undefined> {
  return s.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The public manage link carries the secret; its hash names the booking (and through it, the portal). */
export function findBookingByTokenHash(db: Executor, hash: string): Promise<BookingRow | undefined> {
  return db.selectFrom('bookings').selectAll().where('manage_token_hash', '=', hash).executeTakeFirst();
}

export function listHoldsOfBookings(s: PortalScope, bookingIds: readonly string[]): Promise<BookingHoldRow[]> {
  if (bookingIds.length === 0) return Promise.resolve([]);
  return s
    .selectFrom('booking_holds')
    .selectAll()
    .where('booking_id', 'in', [...bookingIds])
    .execute();
}

/** Standing holds of these hosts that overlap [fromIso, toIso). */
export function listActiveHolds(s: PortalScope, hostIds: readonly string[], fromIso: string, toIso: string): Promise<BookingHoldRow[]> {
  if (hostIds.length === 0) return Promise.resolve([]);
  return s
    .selectFrom('booking_holds')
    .selectAll()
    .where('host_id', 'in', [...hostIds])
    .where('active', '=', 1)
    .where('start_utc', '<', toIso)
    .where('end_utc', '>', fromIso)
    .execute();
}

// --- Auto-scheduled blocks -------------------------------------------------------------------------

/** The user's blocks that end after `fromIso` (earlier ones are history and stay). */
export function listBlocksFrom(s: PortalScope, userId: string, fromIso: string): Promise<SchedulingBlockRow[]> {
  return s.selectFrom('scheduling_blocks').selectAll().where('user_id', '=', userId).where('end_utc', '>', fromIso).execute();
}
