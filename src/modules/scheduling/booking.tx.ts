import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import type { Executor } from '../../db/scope.js';
import { busyOf } from '../calendar/index.js';
import { isoOfMinute } from './window.js';

/**
 * What makes double booking impossible. Inside the booking's transaction the
 * hosts' lock rows are taken (SELECT … FOR UPDATE on PostgreSQL, in id order
 * so two bookings never wait on each other in a circle; SQLite runs one write
 * transaction at a time anyway), then the hosts' standing holds are checked
 * for overlap. A second booking for the same start that slips past this (two
 * processes on one SQLite file) still hits the unique (portal, host, slot_key).
 */

export const slotTaken = (message = 'That time was just taken; please pick another') => new AppError('SLOT_TAKEN', message);

export async function lockHosts(ctx: PortalContext, trx: Executor, hostIds: readonly string[]): Promise<void> {
  const ids = [...new Set(hostIds)].sort();
  if (ids.length === 0) return;
  const s = scopeOf(ctx, trx);
  await s
    .insertInto(
      'booking_host_locks',
      ids.map((user_id) => ({ user_id })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  if (ctx.deps.database.dialect === 'postgres') {
    await s.selectFrom('booking_host_locks').select('user_id').where('user_id', 'in', ids).orderBy('user_id').forUpdate().execute();
  }
}

export interface HoldCheck {
  hostId: string;
  /** The meeting, epoch minutes. */
  start: number;
  end: number;
  bufferBefore: number;
  bufferAfter: number;
  /** Daily limit of the page, with the host's local day around `start`. */
  limit: { pageId: string; max: number; dayFrom: number; dayTo: number } | null;
  /** A booking being moved: its own holds do not count. */
  ignoreBookingId?: string;
}

/**
 * Whether the host's calendar is busy during the meeting or its buffers, read
 * by a fresh expansion of their events through the transaction: the occurrence
 * index that found the slot may be a moment old, the booking must not be.
 */
export async function calendarConflicts(ctx: PortalContext, trx: Executor, c: HoldCheck & { excludeEventIds?: readonly string[] }): Promise<boolean> {
  const from = c.start - c.bufferBefore;
  const to = c.end + c.bufferAfter;
  const busy = await busyOf(ctx, [c.hostId], from * 60_000, to * 60_000, {
    fresh: true,
    executor: trx,
    excludeEventIds: c.excludeEventIds ? new Set(c.excludeEventIds) : undefined,
  });
  // Busy time counts in whole minutes (as the slot engine counts it): [floor(start), ceil(end)).
  return busy.some((b) => b.intervals.some(([a, z]) => Math.floor(a / 60_000) < to && Math.ceil(z / 60_000) > from));
}

/** Whether the host already holds time that the meeting (with its buffers) would touch, or is at the day's limit. */
export async function holdConflicts(ctx: PortalContext, trx: Executor, c: HoldCheck): Promise<boolean> {
  const s = scopeOf(ctx, trx);
  let overlap = s
    .selectFrom('booking_holds')
    .select('id')
    .where('host_id', '=', c.hostId)
    .where('active', '=', 1)
    .where('start_utc', '<', isoOfMinute(c.end + c.bufferAfter))
    .where('end_utc', '>', isoOfMinute(c.start - c.bufferBefore));
  if (c.ignoreBookingId) overlap = overlap.where('booking_id', '!=', c.ignoreBookingId);
  if (await overlap.executeTakeFirst()) return true;
  if (!c.limit) return false;
  let sameDay = s
    .selectFrom('booking_holds')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('host_id', '=', c.hostId)
    .where('page_id', '=', c.limit.pageId)
    .where('active', '=', 1)
    .where('start_utc', '>=', isoOfMinute(c.limit.dayFrom))
    .where('start_utc', '<', isoOfMinute(c.limit.dayTo));
  if (c.ignoreBookingId) sameDay = sameDay.where('booking_id', '!=', c.ignoreBookingId);
  const row = await sameDay.executeTakeFirst();
  return Number(row?.n ?? 0) >= c.limit.max;
}
