import type { Executor } from '../../db/scope.js';
import { actorUserId, type PortalContext } from '../../kernel/context.js';
import { notify, type NotificationKind } from '../../kernel/notify.js';
import { formatInZone } from './booking.mail.js';

/** What hosts read about their bookings in the app (plain English, one place: issue 15 translates it). */
export const BOOKING_NOTICES = {
  'booking.created': (p: BookingNoticeFacts) => ({ title: `New booking: ${p.title} with ${p.guestName}`, body: `${p.when}\nGuest: ${p.guestEmail}` }),
  'booking.rescheduled': (p: BookingNoticeFacts) => ({
    title: `Booking moved: ${p.title} with ${p.guestName}`,
    body: `Now ${p.when}${p.previously ? `\nWas ${p.previously}` : ''}`,
  }),
  'booking.cancelled': (p: BookingNoticeFacts) => ({
    title: `Booking cancelled: ${p.title} with ${p.guestName}`,
    body: `${p.when}${p.byHost ? `\nCancelled by ${p.byHost}` : '\nCancelled by the guest'}${p.reason ? `\nReason: ${p.reason}` : ''}`,
  }),
} satisfies Record<Extract<NotificationKind, `booking.${string}`>, (p: BookingNoticeFacts) => { title: string; body: string }>;

interface BookingNoticeFacts {
  title: string;
  guestName: string;
  guestEmail: string;
  when: string;
  previously?: string;
  byHost?: string;
  reason?: string | null;
}

export const bookingUrl = (bookingId: string) => `/app/scheduling/bookings?booking=${bookingId}`;

export interface BookingNotice {
  booking: { id: string; title: string; guest_name: string; guest_email: string; start_utc: string; updated_at: string };
  /** Each host told, with the zone their times are shown in. */
  hosts: { userId: string; timeZone: string; name?: string; notMailed?: boolean }[];
  previousStart?: string;
  /** A cancellation from the app: who cancelled it (else the guest did). */
  cancelledBy?: string;
  reason?: string | null;
}

/**
 * Tells a booking's hosts (in the booking's transaction). The guest acts as `guest`, so
 * hosts always hear of it; a host who cancels from the app is not told of their own act.
 */
export async function notifyHosts(ctx: PortalContext, trx: Executor, kind: Extract<NotificationKind, `booking.${string}`>, n: BookingNotice): Promise<void> {
  const actor = actorUserId(ctx);
  const seen = new Set<string>();
  const drafts = n.hosts
    .filter((h) => h.userId !== actor && !seen.has(h.userId) && !!seen.add(h.userId))
    .map((h) => ({
      userId: h.userId,
      kind,
      ...BOOKING_NOTICES[kind]({
        title: n.booking.title,
        guestName: n.booking.guest_name,
        guestEmail: n.booking.guest_email,
        when: `${formatInZone(Date.parse(n.booking.start_utc), h.timeZone)} (${h.timeZone})`,
        previously: n.previousStart ? `${formatInZone(Date.parse(n.previousStart), h.timeZone)} (${h.timeZone})` : undefined,
        byHost: n.cancelledBy,
        reason: n.reason,
      }),
      url: bookingUrl(n.booking.id),
      subject: { entity: 'booking' as const, id: n.booking.id },
      dedupeKey: `${kind}:${n.booking.id}:${n.booking.updated_at}`,
      // Hosts get the booking mail (booking.mail.ts) already: in the app only.
      mailedByCause: !h.notMailed,
    }));
  await notify(ctx, trx, drafts);
}
