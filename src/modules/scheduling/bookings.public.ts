import { randomUUID } from 'node:crypto';
import type { AppDeps, PortalContext } from '../../kernel/context.js';
import { nowIso, scopeOf } from '../../kernel/context.js';
import { notFound } from '../../kernel/errors.js';
import type { Executor } from '../../db/scope.js';
import { isUniqueViolation } from '../../db/errors.js';
import { recordAudit } from '../audit/index.js';
import { assertNotThrottled, findPortalBySlug, recordFailure } from '../accounts/index.js';
import { emitRecordEvent } from '../../kernel/events.js';
import { ensureDefaultCalendar, eventIdentities, insertTimedEvent } from '../calendar/index.js';
import { bookingLocation, icsLocation, locationColumns, locationOf } from './location.js';
import { insertContact } from '../crm/index.js';
import { queueMail } from '../mail/index.js';
import { hoursOf } from './availability.service.js';
import {
  activeHosts,
  bookableWindow,
  hostFreeTimes,
  hostsFreeAt,
  localDayBounds,
  pageSlots,
  pageZone,
  slotRules,
  type Exclusion,
  type HostFree,
  type PageHost,
} from './booking.availability.js';
import { guestConfirmation, hostNotification } from './booking.mail.js';
import { notifyHosts } from './booking.notify.js';
import { calendarConflicts, holdConflicts, lockHosts, slotTaken } from './booking.tx.js';
import { findContactByEmail, guestContext, mailFacts, manageTokenHash, manageUrl, newManageToken, splitName, type RequestMeta } from './bookings.common.js';
import { pageBookable } from './pages.service.js';
import { findPageBySlug } from './scheduling.repo.js';
import type { BookBody, PublicBookingOut } from './scheduling.schema.js';
import type { BookingPageRow, BookingRow } from '../../db/tables/scheduling.js';
import { invalid, isoOfMinute } from './window.js';
import { requestReplacement } from './replace.service.js';

/** The public side of booking pages (SCH-3): the page, its free slots, and booking one. */

const MAX_SLOT_WINDOW_DAYS = 92;
const DEFAULT_SLOT_DAYS = 14;
/** Bookings one address may make on one portal per 15 minutes: enough for people, not for a script filling calendars and inboxes. */
export const BOOKINGS_PER_IP = 30;

export async function openPublicPage(deps: AppDeps, portalSlug: string, slug: string, meta: RequestMeta) {
  const portal = await findPortalBySlug(deps.db, portalSlug);
  if (!portal) throw notFound('Booking page');
  const ctx = guestContext(deps, portal.id, meta);
  const page = await findPageBySlug(scopeOf(ctx), slug);
  if (!page || !(await pageBookable(ctx, page))) throw notFound('Booking page');
  return { ctx, portal, page };
}

export async function getPublicPage(deps: AppDeps, portalSlug: string, slug: string, meta: RequestMeta) {
  const { ctx, portal, page } = await openPublicPage(deps, portalSlug, slug, meta);
  const hosts = await activeHosts(ctx, page.id);
  const first = hosts[0] ? (await hoursOf(ctx, [hosts[0].userId])).get(hosts[0].userId) : undefined;
  return {
    portal: { slug: portal.slug, name: portal.name },
    slug: page.slug,
    title: page.title,
    description: page.description,
    durationMinutes: page.duration_minutes,
    mode: page.mode,
    hosts: hosts.map((h) => ({ name: h.name })),
    timeZone: first?.doc.timeZone ?? 'UTC',
    horizonDays: page.horizon_days,
    location: locationOf(page),
  };
}

export interface SlotsQuery {
  from?: string;
  to?: string;
  timeZone?: string;
}

/** Free slots of a page in the asked window (default: the next two weeks), clipped to notice and horizon. */
export async function slotsOfPage(ctx: PortalContext, page: BookingPageRow, query: SlotsQuery, exclude?: Exclusion) {
  const hosts = await activeHosts(ctx, page.id);
  const nowMs = ctx.deps.clock.now(ctx.portalId).getTime();
  const asked = {
    from: query.from ? Math.ceil(Date.parse(query.from) / 60_000) : undefined,
    to: query.to ? Math.floor(Date.parse(query.to) / 60_000) : undefined,
  };
  if (asked.from !== undefined && asked.to !== undefined && asked.to <= asked.from) throw invalid('to', 'must be after from');
  // Without a window the next two weeks are shown; never more than MAX_SLOT_WINDOW_DAYS at once.
  const w = bookableWindow(page, nowMs, asked.from, asked.to ?? (asked.from ?? Math.ceil(nowMs / 60_000)) + DEFAULT_SLOT_DAYS * 1440);
  const to = Math.min(w.to, w.from + MAX_SLOT_WINDOW_DAYS * 1440);
  const { frees, zones } = await hostFreeTimes(ctx, page, hosts, w.from, to, exclude);
  const zone = query.timeZone ?? pageZone(frees);
  const starts = to > w.from ? pageSlots(page, frees, slotRules(page, frees, zones, w.from, to, zone)) : [];
  return {
    slots: starts.map((s) => ({ start: isoOfMinute(s), end: isoOfMinute(s + page.duration_minutes) })),
    timeZone: zone,
    durationMinutes: page.duration_minutes,
  };
}

export async function publicSlots(deps: AppDeps, portalSlug: string, slug: string, query: SlotsQuery, meta: RequestMeta) {
  const { ctx, page } = await openPublicPage(deps, portalSlug, slug, meta);
  return slotsOfPage(ctx, page, query);
}

/** Round robin: the host waiting longest since their last booking of this page, then page order. */
export const roundRobinOrder = (a: PageHost, b: PageHost) => (a.lastBookedAt ?? '').localeCompare(b.lastBookedAt ?? '') || a.position - b.position;

export interface SlotCheck {
  page: BookingPageRow;
  hosts: PageHost[];
  frees: HostFree[];
  /** Hosts who could take it, in the order to try them. */
  candidates: PageHost[];
  start: number;
  end: number;
  limits: Map<string, { dayFrom: number; dayTo: number }>;
  zoneOf: Map<string, string>;
  /** A booking being moved: its own events do not make its hosts busy. */
  exclude?: Exclusion;
}

/**
 * Checks a start against the page before the transaction (hours, calendars, grid, notice, horizon).
 * The grid is the guest's (`guestZone`, as the slots list was asked for), else the page's.
 */
export async function checkSlot(ctx: PortalContext, page: BookingPageRow, startIso: string, exclude?: Exclusion, guestZone?: string): Promise<SlotCheck> {
  const startMs = Date.parse(startIso);
  if (startMs % 60_000 !== 0) throw invalid('start', 'must be a whole minute, as the slots list gives it');
  const start = startMs / 60_000;
  const end = start + page.duration_minutes;
  const w = bookableWindow(page, ctx.deps.clock.now(ctx.portalId).getTime());
  if (start < w.from || end > w.to) throw slotTaken('That time can no longer be booked; please pick another');
  const hosts = await activeHosts(ctx, page.id);
  const { frees, zones } = await hostFreeTimes(ctx, page, hosts, start, end, exclude);
  const free = hostsFreeAt(frees, slotRules(page, frees, zones, start, end, guestZone), start);
  const candidates = page.mode === 'collective' ? (hosts.length > 0 && free.length === hosts.length ? hosts : []) : [...free].sort(roundRobinOrder);
  if (candidates.length === 0) throw slotTaken();
  const zoneOf = new Map(frees.map((f) => [f.host.userId, f.hours.doc.timeZone]));
  const limits = new Map(
    candidates.map((h) => {
      const day = localDayBounds(zones, zoneOf.get(h.userId)!, start);
      return [h.userId, { dayFrom: day.from, dayTo: day.to }];
    }),
  );
  return { page, hosts, frees, candidates, start, end, limits, zoneOf, exclude };
}

/** Inside the transaction: the hosts who get it (all for collective, the first free one for round robin), or 409. */
export async function claimHosts(ctx: PortalContext, trx: Executor, c: SlotCheck, ignoreBookingId?: string): Promise<PageHost[]> {
  await lockHosts(
    ctx,
    trx,
    c.candidates.map((h) => h.userId),
  );
  const taken: PageHost[] = [];
  for (const h of c.candidates) {
    const day = c.limits.get(h.userId)!;
    const hold = {
      hostId: h.userId,
      start: c.start,
      end: c.end,
      bufferBefore: c.page.buffer_before_minutes,
      bufferAfter: c.page.buffer_after_minutes,
      limit: c.page.daily_limit === null ? null : { pageId: c.page.id, max: c.page.daily_limit, ...day },
      ignoreBookingId,
    };
    // Holds first (cheap), then the calendar, expanded afresh inside the transaction.
    const busy = (await holdConflicts(ctx, trx, hold)) || (await calendarConflicts(ctx, trx, { ...hold, excludeEventIds: c.exclude?.eventIds }));
    if (c.page.mode === 'collective') {
      if (busy) throw slotTaken();
      taken.push(h);
    } else if (!busy) return [h];
  }
  if (taken.length === 0) throw slotTaken();
  return taken;
}

/** Each host's hold on the time, with the event in their own calendar. */
export async function writeHolds(
  ctx: PortalContext,
  trx: Executor,
  booking: { id: string; pageId: string },
  hosts: PageHost[],
  start: number,
  end: number,
  events: Map<string, string>,
) {
  const s = scopeOf(ctx, trx);
  await s
    .insertInto(
      'booking_holds',
      hosts.map((h) => ({
        id: randomUUID(),
        booking_id: booking.id,
        page_id: booking.pageId,
        host_id: h.userId,
        start_utc: isoOfMinute(start),
        end_utc: isoOfMinute(end),
        slot_key: isoOfMinute(start),
        active: 1,
        event_id: events.get(h.userId) ?? null,
      })),
    )
    .execute();
  await s
    .updateTable('booking_page_hosts', { last_booked_at: nowIso(ctx) })
    .where('page_id', '=', booking.pageId)
    .where(
      'user_id',
      'in',
      hosts.map((h) => h.userId),
    )
    .execute();
}

export const eventTitle = (title: string, guestName: string) => `${title}: ${guestName}`;

/** Every host's event: in their own calendar, with the hosts (accepted) and the guest as attendees. */
export async function insertHostEvents(
  ctx: PortalContext,
  trx: Executor,
  hosts: PageHost[],
  zoneOf: Map<string, string>,
  e: { title: string; description: string | null; location: string | null; startMs: number; endMs: number; guest: { name: string; email: string } },
) {
  const events = new Map<string, string>();
  for (const h of hosts) {
    const row = await insertTimedEvent(ctx, trx, {
      ownerUserId: h.userId,
      title: e.title,
      description: e.description,
      location: e.location,
      startMs: e.startMs,
      endMs: e.endMs,
      timeZone: zoneOf.get(h.userId) ?? 'UTC',
      attendees: eventAttendees(hosts, e.guest),
    });
    events.set(h.userId, row.id);
  }
  await requestReplacement(
    ctx,
    trx,
    hosts.map((h) => h.userId),
  );
  return events;
}

/** Hosts as attendees (accepted) and the guest by email. */
export const eventAttendees = (hosts: PageHost[], guest: { name: string; email: string }) => [
  ...hosts.map((h) => ({ userId: h.userId, email: h.email, name: h.name, status: 'accepted' as const })),
  { userId: null, email: guest.email, name: guest.name, status: 'accepted' as const },
];

/**
 * Books a slot: re-checked and claimed inside one transaction with the event in
 * the host's calendar, the guest's CRM contact, the mails and `booking.created`.
 */
export async function book(deps: AppDeps, portalSlug: string, slug: string, input: BookBody, meta: RequestMeta): Promise<PublicBookingOut> {
  const { ctx, portal, page } = await openPublicPage(deps, portalSlug, slug, meta);
  const throttle = [{ key: `book:${portal.id}:${meta.ip ?? 'unknown'}`, max: BOOKINGS_PER_IP }];
  await assertNotThrottled(deps, throttle);
  const check = await checkSlot(ctx, page, input.start, undefined, input.timeZone);
  for (const h of check.candidates) await ensureDefaultCalendar(ctx, h.userId);
  const contact = await findContactByEmail(ctx, input.email);
  const token = newManageToken();
  const url = manageUrl(deps, token);
  const id = randomUUID();
  const at = nowIso(ctx);
  const startMs = check.start * 60_000;
  const endMs = check.end * 60_000;
  const location = bookingLocation(locationOf(page), deps.config.JITSI_BASE_URL);
  let hosts: PageHost[] = [];
  try {
    await deps.db.transaction().execute(async (trx) => {
      hosts = await claimHosts(ctx, trx, check);
      const owner = hosts[0]!;
      const hostZone = check.zoneOf.get(owner.userId) ?? 'UTC';
      const contactId =
        contact?.id ??
        (
          await insertContact(ctx, trx, {
            ...splitName(input.name),
            emails: [{ value: input.email, type: 'work' }],
            phones: [],
            ownerId: owner.userId,
            notes: `Booked "${page.title}" through the booking page.`,
          } as Parameters<typeof insertContact>[2])
        ).id;
      const description = [`Booked through ${page.title} by ${input.name} <${input.email}>.`, ...(input.notes ? ['', input.notes] : [])].join('\n');
      const events = await insertHostEvents(ctx, trx, hosts, check.zoneOf, {
        title: eventTitle(page.title, input.name),
        description,
        location: icsLocation(location),
        startMs,
        endMs,
        guest: input,
      });
      await writeHolds(ctx, trx, { id, pageId: page.id }, hosts, check.start, check.end, events);
      const event = { id: events.get(owner.userId)! };
      const row: Omit<BookingRow, 'portal_id'> = {
        id,
        page_id: page.id,
        title: page.title,
        host_ids: JSON.stringify(hosts.map((h) => h.userId)),
        status: 'confirmed',
        start_utc: isoOfMinute(check.start),
        end_utc: isoOfMinute(check.end),
        guest_name: input.name,
        guest_email: input.email,
        guest_time_zone: input.timeZone ?? null,
        notes: input.notes ?? null,
        event_id: event.id,
        contact_id: contactId,
        manage_token_hash: manageTokenHash(token),
        cancelled_at: null,
        cancel_reason: null,
        sequence: 0,
        ...locationColumns(location),
        created_at: at,
        updated_at: at,
      };
      await scopeOf(ctx, trx).insertInto('bookings', row).execute();
      const facts = mailFacts(
        ctx,
        row,
        startMs,
        endMs,
        hosts.map((h) => ({ name: h.name, email: h.email })),
        portal.name,
        url,
      );
      await queueMail(deps, trx, ctx.portalId, guestConfirmation(facts, input.timeZone ?? hostZone));
      const refs = await eventIdentities(ctx, trx, [...events.values()]);
      for (const h of hosts)
        await queueMail(
          deps,
          trx,
          ctx.portalId,
          hostNotification(
            facts,
            {
              email: h.email,
              timeZone: check.zoneOf.get(h.userId) ?? 'UTC',
              event: refs.get(events.get(h.userId) ?? ''),
              eventTitle: eventTitle(page.title, input.name),
            },
            'booked',
          ),
        );
      await notifyHosts(ctx, trx, 'booking.created', {
        booking: row,
        hosts: hosts.map((h) => ({ userId: h.userId, timeZone: check.zoneOf.get(h.userId) ?? 'UTC' })),
      });
      await emitRecordEvent(ctx, trx, {
        type: 'booking.created',
        entity: 'booking',
        recordId: id,
        // name/email/startAt/endAt/eventTypeName are the fields the automations catalog offers for bookings.
        data: {
          name: input.name,
          email: input.email,
          startAt: row.start_utc,
          endAt: row.end_utc,
          eventTypeName: page.title,
          pageId: page.id,
          pageSlug: page.slug,
          hostIds: hosts.map((h) => h.userId),
          hostNames: hosts.map((h) => h.name),
          guestTimeZone: row.guest_time_zone,
          notes: row.notes,
          contactId,
          eventId: event.id,
        },
      });
      await recordAudit(
        ctx,
        {
          action: 'scheduling.booking_created',
          targetType: 'booking',
          targetId: id,
          details: { pageId: page.id, start: row.start_utc, hosts: hosts.map((h) => h.userId) },
        },
        trx,
      );
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw slotTaken();
    throw err;
  }
  await recordFailure(deps, throttle);
  return {
    status: 'confirmed',
    start: isoOfMinute(check.start),
    end: isoOfMinute(check.end),
    title: page.title,
    hosts: hosts.map((h) => ({ name: h.name })),
    guestName: input.name,
    guestEmail: input.email,
    guestTimeZone: input.timeZone ?? null,
    portal: { slug: portal.slug, name: portal.name },
    pageSlug: page.slug,
    durationMinutes: page.duration_minutes,
    manageUrl: url,
    location,
  };
}
