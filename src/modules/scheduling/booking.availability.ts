import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { getUsers } from '../accounts/index.js';
import { busyOf } from '../calendar/index.js';
import { hoursOf, type UserHours } from './availability.service.js';
import { busyMinutes, personFree, ZoneCache } from './engine.js';
import { toWorkingHours, withDaysOff } from './hours.js';
import { floorMinute, type Intervals } from './intervals.js';
import { listActiveHolds, listPageHosts } from './scheduling.repo.js';
import type { BookingPageRow } from '../../db/tables/scheduling.js';
import { collectiveSlots, forEachSlot, roundRobinSlots, type SlotRules } from './slots.js';
import { isoOfMinute } from './window.js';
import { dayOfWall, wallMinutes } from './zones.js';

/**
 * When a booking page's hosts can be booked: their working hours, minus their
 * calendar's busy time and the bookings they hold, with the page's buffers,
 * notice, horizon and daily limit applied.
 */

export interface PageHost {
  userId: string;
  name: string;
  email: string;
  position: number;
  lastBookedAt: string | null;
}

export interface HostFree {
  host: PageHost;
  hours: UserHours;
  free: Intervals;
}

/** The page's hosts who are active users, in page order. */
export async function activeHosts(ctx: PortalContext, pageId: string): Promise<PageHost[]> {
  const users = new Map((await getUsers(ctx)).map((u) => [u.id, u]));
  return (await listPageHosts(scopeOf(ctx), [pageId]))
    .filter((h) => users.get(h.user_id)?.status === 'active')
    .map((h) => ({
      userId: h.user_id,
      name: users.get(h.user_id)!.name,
      email: users.get(h.user_id)!.email,
      position: h.position,
      lastBookedAt: h.last_booked_at,
    }));
}

/** A booking being moved: its own holds and events do not make its hosts busy. */
export interface Exclusion {
  bookingId: string;
  eventIds: string[];
}

const DAY = 1440;

/** Every host's free time in [from, to) (epoch minutes) for this page. */
export async function hostFreeTimes(ctx: PortalContext, page: BookingPageRow, hosts: PageHost[], from: number, to: number, exclude?: Exclusion) {
  const zones = new ZoneCache(from, to);
  const ids = hosts.map((h) => h.userId);
  const hours = await hoursOf(ctx, ids, 'UTC');
  const before = page.buffer_before_minutes;
  const after = page.buffer_after_minutes;
  // Busy time that the buffers can reach, and whole local days for the daily limit.
  const fetchFromMin = from - Math.max(before, DAY + DAY / 2);
  const fetchToMin = to + Math.max(after, DAY + DAY / 2);
  const fetchFrom = isoOfMinute(fetchFromMin);
  const fetchTo = isoOfMinute(fetchToMin);
  const calendarBusy = new Map(
    (
      await busyOf(ctx, ids, fetchFromMin * 60_000, fetchToMin * 60_000, {
        excludeEventIds: exclude ? new Set(exclude.eventIds) : undefined,
      })
    ).map((b) => [b.userId, b.intervals]),
  );
  const holds = (await listActiveHolds(scopeOf(ctx), ids, fetchFrom, fetchTo)).filter((h) => h.booking_id !== exclude?.bookingId);
  const frees: HostFree[] = hosts.map((host) => {
    const h = hours.get(host.userId)!;
    const zone = zones.get(h.doc.timeZone);
    const busy = [
      ...(calendarBusy.get(host.userId) ?? []).map(([startMs, endMs]) => ({ startMs, endMs })),
      ...holds.filter((x) => x.host_id === host.userId).map((x) => ({ startMs: Date.parse(x.start_utc), endMs: Date.parse(x.end_utc) })),
    ];
    let working = toWorkingHours(h.doc);
    if (page.daily_limit !== null) {
      const perDay = new Map<number, number>();
      for (const x of holds) {
        if (x.host_id !== host.userId || x.page_id !== page.id) continue;
        const day = dayOfWall(wallMinutes(zone, floorMinute(Date.parse(x.start_utc))));
        perDay.set(day, (perDay.get(day) ?? 0) + 1);
      }
      working = withDaysOff(
        working,
        [...perDay].filter(([, n]) => n >= page.daily_limit!).map(([d]) => d),
      );
    }
    const { free } = personFree(zones, { hours: working, busy: busyMinutes(busy), from, to, bufferBefore: before, bufferAfter: after });
    return { host, hours: h, free };
  });
  return { frees, zones };
}

/** The zone a page's grid follows when the guest names none: its first host's (as the public page shows it). */
export const pageZone = (frees: HostFree[]) => frees[0]?.hours.doc.timeZone ?? 'UTC';

/**
 * The page's slot rules. The step grid follows the guest's wall clock (`guestZone`,
 * an IANA name the route validated) so that a guest sees :00/:30 starts whatever
 * the hosts' offsets (+05:45, -03:30, DST); without one, the page's zone.
 */
export function slotRules(page: BookingPageRow, frees: HostFree[], zones: ZoneCache, from: number, to: number, guestZone?: string): SlotRules {
  return { duration: page.duration_minutes, step: page.slot_step_minutes, from, to, align: zones.get(guestZone ?? pageZone(frees)) };
}

/** The bookable window: after the minimum notice, within the horizon, inside what was asked (all of it when nothing was). */
export function bookableWindow(page: BookingPageRow, nowMs: number, from?: number, to?: number): { from: number; to: number } {
  const now = Math.ceil(nowMs / 60_000);
  const earliest = now + page.minimum_notice_minutes;
  const latest = now + page.horizon_days * DAY;
  const f = Math.max(from ?? earliest, earliest);
  const t = Math.min(to ?? latest, latest);
  return { from: f, to: Math.max(t, f) };
}

export function pageSlots(page: BookingPageRow, frees: HostFree[], rules: SlotRules): number[] {
  if (frees.length === 0) return [];
  const lists = frees.map((f) => f.free);
  return page.mode === 'collective' ? collectiveSlots(lists, rules) : roundRobinSlots(lists, rules);
}

/** The hosts for whom `start` is a slot (on the grid, free with buffers, inside hours). */
export function hostsFreeAt(frees: HostFree[], rules: SlotRules, start: number): PageHost[] {
  const at = { ...rules, from: start, to: start + rules.duration };
  return frees
    .filter((f) => {
      let ok = false;
      forEachSlot(f.free, at, (s) => {
        if (s === start) ok = true;
      });
      return ok;
    })
    .map((f) => f.host);
}

/** Start and end instants (epoch minutes) of the host's local day that contains `start`. */
export function localDayBounds(zones: ZoneCache, timeZone: string, start: number): { from: number; to: number } {
  const zone = zones.get(timeZone);
  const day = dayOfWall(wallMinutes(zone, start));
  // Offsets change by at most a few hours; scan for the first instant of the day and of the next one.
  const first = (d: number) => {
    let m = d * DAY - 18 * 60;
    while (dayOfWall(wallMinutes(zone, m)) < d) m += 15;
    while (dayOfWall(wallMinutes(zone, m - 1)) >= d) m -= 1;
    return m;
  };
  return { from: first(day), to: first(day + 1) };
}
