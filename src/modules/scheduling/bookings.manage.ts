import type { AppDeps, PortalContext } from '../../kernel/context.js';
import { actorUserId, nowIso, scopeOf } from '../../kernel/context.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { findPortalById, forbidden, getUsers } from '../accounts/index.js';
import { keyset, toPage } from '../../kernel/pagination.js';
import type { Executor } from '../../db/scope.js';
import { isUniqueViolation } from '../../db/errors.js';
import { recordAudit } from '../audit/index.js';
import { billingEnabled } from '../billing/index.js';
import { activePauseOf } from '../lifecycle/index.js';
import { pageBookable } from './pages.service.js';
import { deleteEventsById, ensureDefaultCalendar, eventIdentities, moveTimedEvent } from '../calendar/index.js';
import { icsLocation, locationOf } from './location.js';
import { queueMail } from '../mail/index.js';
import { hoursOf } from './availability.service.js';
import { guestCancellation, guestConfirmation, hostNotification } from './booking.mail.js';
import { notifyHosts } from './booking.notify.js';
import { slotTaken } from './booking.tx.js';
import { checkSlot, claimHosts, eventTitle, insertHostEvents, slotsOfPage, writeHolds, type SlotsQuery } from './bookings.public.js';
import type { Exclusion } from './booking.availability.js';
import { guestContext, hostIdsOf, mailFacts, manageTokenHash, manageUrl, type RequestMeta } from './bookings.common.js';
import { findBooking, findBookingByTokenHash, findPage, listHoldsOfBookings } from './scheduling.repo.js';
import type { BookingOut, PublicBookingOut } from './scheduling.schema.js';
import type { BookingRow } from '../../db/tables/scheduling.js';
import { isoOfMinute } from './window.js';
import { requestReplacement } from './replace.service.js';

/** After booking: the guest's manage link (see, move, cancel) and the hosts' list and cancel. */

/** A paused portal is read-only (LIF-4); the manage link names its portal by token, so the route guard cannot see it. */
async function refuseWhilePaused(ctx: PortalContext): Promise<void> {
  if (!billingEnabled(ctx.deps)) return;
  const pause = await activePauseOf(ctx.deps, ctx.portalId);
  if (pause)
    throw new AppError(
      'PORTAL_PAUSED',
      `Bookings cannot be changed while the portal is paused (until ${pause.resume_at.slice(0, 10)}). Please contact the host.`,
      { resumeAt: pause.resume_at },
    );
}

async function bookingByToken(deps: AppDeps, token: string, meta: RequestMeta) {
  const booking = await findBookingByTokenHash(deps.db, manageTokenHash(token));
  const portal = booking ? await findPortalById(deps.db, booking.portal_id) : undefined;
  if (!booking || !portal || portal.status !== 'active') throw notFound('Booking');
  return { ctx: guestContext(deps, portal.id, meta), booking, portal };
}

async function hostsOf(ctx: PortalContext, b: BookingRow) {
  const users = new Map((await getUsers(ctx)).map((u) => [u.id, u]));
  const hours = await hoursOf(ctx, hostIdsOf(b));
  return hostIdsOf(b).map((id) => ({
    userId: id,
    name: users.get(id)?.name ?? 'Former user',
    email: users.get(id)?.email ?? null,
    timeZone: hours.get(id)?.doc.timeZone ?? 'UTC',
  }));
}

async function toPublicOut(ctx: PortalContext, b: BookingRow, portal: { slug: string; name: string }, url: string | null): Promise<PublicBookingOut> {
  const page = await findPage(scopeOf(ctx), b.page_id);
  return {
    status: b.status,
    start: b.start_utc,
    end: b.end_utc,
    title: b.title,
    hosts: (await hostsOf(ctx, b)).map((h) => ({ name: h.name })),
    guestName: b.guest_name,
    guestEmail: b.guest_email,
    guestTimeZone: b.guest_time_zone,
    portal: { slug: portal.slug, name: portal.name },
    pageSlug: page?.slug ?? '',
    durationMinutes: Math.round((Date.parse(b.end_utc) - Date.parse(b.start_utc)) / 60_000),
    manageUrl: url,
    location: locationOf(b),
  };
}

export async function getBookingByToken(deps: AppDeps, token: string, meta: RequestMeta): Promise<PublicBookingOut> {
  const { ctx, booking, portal } = await bookingByToken(deps, token, meta);
  return toPublicOut(ctx, booking, portal, manageUrl(deps, token));
}

/** Slots to move the booking to: the page's, as if this booking were not there. */
export async function slotsForReschedule(deps: AppDeps, token: string, query: SlotsQuery, meta: RequestMeta) {
  const { ctx, booking } = await bookingByToken(deps, token, meta);
  const page = await findPage(scopeOf(ctx), booking.page_id);
  if (!page || !(await pageBookable(ctx, page))) throw notFound('Booking page');
  return slotsOfPage(ctx, page, query, await exclusionOf(ctx, booking));
}

/** A booking's own holds and events, so that moving it does not collide with itself. */
async function exclusionOf(ctx: PortalContext, b: BookingRow): Promise<Exclusion> {
  const holds = (await listHoldsOfBookings(scopeOf(ctx), [b.id])).filter((h) => h.active === 1);
  const eventIds = [...new Set([...holds.map((h) => h.event_id), b.event_id].filter((x): x is string => !!x))];
  return { bookingId: b.id, eventIds };
}

/** Frees the booking's time; returns the released holds (host and event). */
async function releaseHolds(ctx: PortalContext, trx: Executor, bookingId: string, why: 'cancelled' | 'moved') {
  const s = scopeOf(ctx, trx);
  const holds = await s.selectFrom('booking_holds').select(['id', 'host_id', 'event_id']).where('booking_id', '=', bookingId).where('active', '=', 1).execute();
  for (const h of holds)
    await s
      .updateTable('booking_holds', { active: 0, slot_key: `${why}:${h.id}` })
      .where('id', '=', h.id)
      .execute();
  return holds;
}

/** Cancels a booking: its time is free again, its event leaves the host's calendar, guest and hosts are told. */
async function cancel(ctx: PortalContext, b: BookingRow, portalName: string, reason: string | null, byHost: boolean): Promise<BookingRow> {
  if (b.status === 'cancelled') return b;
  const hosts = await hostsOf(ctx, b);
  const me = actorUserId(ctx);
  const cancelledBy = byHost && me ? ((await getUsers(ctx)).find((u) => u.id === me)?.name ?? 'a colleague') : undefined;
  const at = nowIso(ctx);
  // The guest's calendar applies the CANCEL only with a SEQUENCE above the last REQUEST's.
  const sequence = b.sequence + 1;
  const facts = mailFacts(
    ctx,
    { ...b, sequence },
    Date.parse(b.start_utc),
    Date.parse(b.end_utc),
    hosts.map((h) => ({ name: h.name, email: h.email })),
    portalName,
    '',
  );
  await ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    await s
      .updateTable('bookings', { status: 'cancelled', cancelled_at: at, cancel_reason: reason, sequence, updated_at: at })
      .where('id', '=', b.id)
      .execute();
    const released = await releaseHolds(ctx, trx, b.id, 'cancelled');
    await requestReplacement(
      ctx,
      trx,
      released.map((h) => h.host_id),
    );
    const eventIds = [...new Set([...released.map((h) => h.event_id), b.event_id].filter((x): x is string => !!x))];
    // Read before the events go: each host's CANCEL names their own event.
    const refs = await eventIdentities(ctx, trx, eventIds);
    await deleteEventsById(ctx, trx, eventIds);
    await queueMail(ctx.deps, trx, ctx.portalId, guestCancellation(facts, b.guest_time_zone ?? hosts[0]?.timeZone ?? 'UTC', byHost, reason));
    for (const h of hosts) {
      const ref = refs.get(released.find((r) => r.host_id === h.userId)?.event_id ?? '');
      const event = ref ? { uid: ref.uid, sequence: ref.sequence + 1 } : null;
      if (h.email)
        await queueMail(
          ctx.deps,
          trx,
          ctx.portalId,
          hostNotification(facts, { email: h.email, timeZone: h.timeZone, event, eventTitle: eventTitle(b.title, b.guest_name) }, 'cancelled', reason),
        );
    }
    await notifyHosts(ctx, trx, 'booking.cancelled', { booking: { ...b, updated_at: at }, hosts, cancelledBy, reason });
    await recordAudit(
      ctx,
      { action: 'scheduling.booking_cancelled', targetType: 'booking', targetId: b.id, details: { by: byHost ? 'host' : 'guest', start: b.start_utc } },
      trx,
    );
  });
  return { ...b, status: 'cancelled', cancelled_at: at, cancel_reason: reason, sequence, updated_at: at };
}

export async function cancelByToken(deps: AppDeps, token: string, reason: string | null, meta: RequestMeta): Promise<PublicBookingOut> {
  const { ctx, booking, portal } = await bookingByToken(deps, token, meta);
  if (Date.parse(booking.start_utc) <= ctx.deps.clock.now(ctx.portalId).getTime() && booking.status === 'confirmed') {
    throw new AppError('CONFLICT', 'This booking has already started and can no longer be cancelled here');
  }
  await refuseWhilePaused(ctx);
  const after = await cancel(ctx, booking, portal.name, reason, false);
  return toPublicOut(ctx, after, portal, manageUrl(deps, token));
}

/** Moves the booking to another free slot of its page; 409 when that slot is taken. */
/** Moves the booking; the grid is the guest's zone as the slots were asked for (`timeZone`), else the zone they booked in. */
export async function rescheduleByToken(deps: AppDeps, token: string, startIso: string, meta: RequestMeta, timeZone?: string): Promise<PublicBookingOut> {
  const { ctx, booking, portal } = await bookingByToken(deps, token, meta);
  if (booking.status === 'cancelled') throw new AppError('BOOKING_CANCELLED', 'This booking was cancelled; book a new time instead');
  await refuseWhilePaused(ctx);
  const page = await findPage(scopeOf(ctx), booking.page_id);
  if (!page || !(await pageBookable(ctx, page))) throw notFound('Booking page');
  const url = manageUrl(deps, token);
  if (Date.parse(startIso) === Date.parse(booking.start_utc)) return toPublicOut(ctx, booking, portal, url);
  const check = await checkSlot(ctx, page, startIso, await exclusionOf(ctx, booking), timeZone ?? booking.guest_time_zone ?? undefined);
  // The same host keeps it when free (round robin); otherwise the next in line.
  const current = hostIdsOf(booking);
  check.candidates.sort((a, b) => Number(current.includes(b.userId)) - Number(current.includes(a.userId)));
  for (const h of check.candidates) await ensureDefaultCalendar(ctx, h.userId);
  const startMs = check.start * 60_000;
  const endMs = check.end * 60_000;
  const at = nowIso(ctx);
  let updated = booking;
  const before = await hostsOf(ctx, booking);
  try {
    await deps.db.transaction().execute(async (trx) => {
      const s = scopeOf(ctx, trx);
      const hosts = await claimHosts(ctx, trx, check, booking.id);
      const released = await releaseHolds(ctx, trx, booking.id, 'moved');
      await requestReplacement(
        ctx,
        trx,
        released.map((h) => h.host_id),
      );
      // A host who keeps the booking keeps their event (moved, same iCalendar UID); others' go, new hosts get new ones.
      const kept = new Map(released.filter((h) => h.event_id && hosts.some((x) => x.userId === h.host_id)).map((h) => [h.host_id, h.event_id!]));
      const gone = released.filter((h) => h.event_id && !kept.has(h.host_id)).map((h) => h.event_id!);
      const goneRefs = await eventIdentities(ctx, trx, gone);
      await deleteEventsById(ctx, trx, gone);
      for (const [hostId, id] of kept) await moveTimedEvent(ctx, trx, id, startMs, endMs, check.zoneOf.get(hostId) ?? 'UTC');
      const guest = { name: booking.guest_name, email: booking.guest_email };
      const fresh = await insertHostEvents(
        ctx,
        trx,
        hosts.filter((h) => !kept.has(h.userId)),
        check.zoneOf,
        { title: eventTitle(booking.title, booking.guest_name), description: booking.notes, location: icsLocation(locationOf(booking)), startMs, endMs, guest },
      );
      const events = new Map([...kept, ...fresh]);
      await writeHolds(ctx, trx, { id: booking.id, pageId: page.id }, hosts, check.start, check.end, events);
      const owner = hosts[0]!;
      const zone = check.zoneOf.get(owner.userId) ?? 'UTC';
      const eventId = events.get(owner.userId) ?? null;
      updated = {
        ...booking,
        start_utc: isoOfMinute(check.start),
        end_utc: isoOfMinute(check.end),
        host_ids: JSON.stringify(hosts.map((h) => h.userId)),
        event_id: eventId,
        sequence: booking.sequence + 1,
        updated_at: at,
      };
      await s
        .updateTable('bookings', {
          start_utc: updated.start_utc,
          end_utc: updated.end_utc,
          host_ids: updated.host_ids,
          event_id: eventId,
          sequence: updated.sequence,
          updated_at: at,
        })
        .where('id', '=', booking.id)
        .execute();
      const facts = mailFacts(
        ctx,
        updated,
        startMs,
        endMs,
        hosts.map((h) => ({ name: h.name, email: h.email })),
        portal.name,
        url,
      );
      await queueMail(deps, trx, ctx.portalId, guestConfirmation(facts, booking.guest_time_zone ?? zone, true));
      const refs = await eventIdentities(ctx, trx, [...events.values()]);
      const title = eventTitle(booking.title, booking.guest_name);
      for (const h of hosts) {
        const event = refs.get(events.get(h.userId) ?? '');
        const host = { email: h.email, timeZone: check.zoneOf.get(h.userId) ?? 'UTC', event, eventTitle: title };
        // A host who just got it by round robin is booked, not moved.
        await queueMail(deps, trx, ctx.portalId, hostNotification(facts, host, kept.has(h.userId) ? 'rescheduled' : 'booked'));
      }
      // Hosts it left: their event is gone, their calendar gets the CANCEL.
      for (const r of released.filter((r) => r.event_id && gone.includes(r.event_id))) {
        const left = before.find((b) => b.userId === r.host_id);
        const ref = goneRefs.get(r.event_id!);
        if (left?.email && !hosts.some((h) => h.userId === r.host_id))
          await queueMail(
            deps,
            trx,
            ctx.portalId,
            hostNotification(
              facts,
              { email: left.email, timeZone: left.timeZone, event: ref ? { uid: ref.uid, sequence: ref.sequence + 1 } : null, eventTitle: title },
              'reassigned',
            ),
          );
      }
      // The hosts who have it now, and those it left (round robin gave it to someone else).
      await notifyHosts(ctx, trx, 'booking.rescheduled', {
        booking: updated,
        hosts: [
          ...hosts.map((h) => ({ userId: h.userId, timeZone: check.zoneOf.get(h.userId) ?? 'UTC' })),
          ...before.filter((b) => !hosts.some((h) => h.userId === b.userId)).map((b) => ({ ...b, notMailed: !b.email })),
        ],
        previousStart: booking.start_utc,
      });
      await recordAudit(
        ctx,
        { action: 'scheduling.booking_rescheduled', targetType: 'booking', targetId: booking.id, details: { from: booking.start_utc, to: updated.start_utc } },
        trx,
      );
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw slotTaken();
    throw err;
  }
  return toPublicOut(ctx, updated, portal, url);
}

// --- Hosts and admins -------------------------------------------------------------------------------

const isAdmin = (ctx: PortalContext) => ctx.actor.type === 'user' && (ctx.actor.role === 'admin' || ctx.actor.role === 'owner');

function toBookingOut(b: BookingRow, names: Map<string, string>): BookingOut {
  return {
    id: b.id,
    pageId: b.page_id,
    pageTitle: b.title,
    status: b.status,
    start: b.start_utc,
    end: b.end_utc,
    hosts: hostIdsOf(b).map((id) => ({ userId: id, name: names.get(id) ?? 'Former user' })),
    guestName: b.guest_name,
    guestEmail: b.guest_email,
    guestTimeZone: b.guest_time_zone,
    notes: b.notes,
    eventId: b.event_id,
    contactId: b.contact_id,
    cancelledAt: b.cancelled_at,
    cancelReason: b.cancel_reason,
    location: locationOf(b),
    createdAt: b.created_at,
  };
}

/** Bookings the caller hosts (admins: all), by start time. */
export async function listBookings(
  ctx: PortalContext,
  q: { limit: number; cursor?: string; pageId?: string; status?: 'confirmed' | 'cancelled'; from?: string },
) {
  const s = scopeOf(ctx);
  let query = s.selectFrom('bookings').selectAll('bookings');
  if (!isAdmin(ctx)) {
    const mine = s
      .selectFrom('booking_holds')
      .select('booking_id')
      .where('host_id', '=', actorUserId(ctx) ?? '');
    query = query.where('bookings.id', 'in', mine);
  }
  if (q.pageId) query = query.where('bookings.page_id', '=', q.pageId);
  if (q.status) query = query.where('bookings.status', '=', q.status);
  if (q.from) query = query.where('bookings.start_utc', '>=', new Date(q.from).toISOString());
  const rows = await keyset(query, { column: 'bookings.start_utc', direction: 'asc' }, 'bookings.id', q.cursor, q.limit).execute();
  const { page, nextCursor } = toPage(rows, q.limit, (r) => ({ v: r.start_utc, id: r.id }));
  const names = new Map((await getUsers(ctx)).map((u) => [u.id, u.name]));
  return { items: page.map((b) => toBookingOut(b, names)), nextCursor };
}

export async function cancelByHost(ctx: PortalContext, id: string, reason: string | null): Promise<BookingOut> {
  const b = await findBooking(scopeOf(ctx), id);
  if (!b) throw notFound('Booking');
  const me = actorUserId(ctx);
  if (!isAdmin(ctx) && !(me && hostIdsOf(b).includes(me))) throw await forbidden(ctx.deps, ctx.portalId, 'admin');
  const portal = await findPortalById(ctx.deps.db, ctx.portalId);
  const after = await cancel(ctx, b, portal?.name ?? '', reason, true);
  return toBookingOut(after, new Map((await getUsers(ctx)).map((u) => [u.id, u.name])));
}
