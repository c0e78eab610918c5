import type { Executor } from '../../db/scope.js';
import { actorUserId, type PortalContext } from '../../kernel/context.js';
import { notify } from '../../kernel/notify.js';
import { listUsers, normalizeEmail } from '../accounts/index.js';
import type { EventRow } from '../../db/tables/calendar.js';

/** What people read about events (plain English, one place: issue 15 translates it). */
export const EVENT_NOTICES = {
  invited: (p: { organizer: string; title: string; when: string; location: string | null; repeats: boolean }) => ({
    title: `${p.organizer} invited you to "${p.title}"`,
    body: [`${p.when}${p.repeats ? ', repeating' : ''}`, ...(p.location ? [p.location] : [])].join('\n'),
  }),
};

/** "2026-12-08 10:00 (Europe/Berlin)", or the day of an all-day event. */
const whenOf = (e: Pick<EventRow, 'start_local' | 'time_zone' | 'all_day'>) =>
  e.all_day ? `${e.start_local.slice(0, 10)} (all day)` : `${e.start_local.slice(0, 16).replace('T', ' ')} (${e.time_zone})`;

export const eventUrl = (eventId: string) => `/app/calendar?event=${eventId}`;

interface AttendeeRef {
  userId: string | null;
  email: string | null;
}

/**
 * An event created or edited in the app: users of the portal who became attendees
 * (named by user id, or by an email that is an active user's) are invited. Not the
 * one who made the change, in the change's transaction.
 */
export async function notifyInvited(
  ctx: PortalContext,
  trx: Executor,
  event: Pick<EventRow, 'id' | 'calendar_id' | 'title' | 'start_local' | 'time_zone' | 'all_day' | 'location' | 'rrule' | 'ical_sequence'>,
  attendees: AttendeeRef[],
  before: AttendeeRef[] = [],
  /** Users mailed the invitation itself (events.invite.ts): told in the app only. */
  mailed: ReadonlySet<string> = new Set(),
): Promise<void> {
  if (attendees.length === 0) return;
  const users = (await listUsers(trx, ctx.portalId)).filter((u) => u.status === 'active');
  const byEmail = new Map(users.map((u) => [u.email_normalized, u.id]));
  const active = new Set(users.map((u) => u.id));
  const userOf = (a: AttendeeRef) => (a.userId && active.has(a.userId) ? a.userId : a.email ? (byEmail.get(normalizeEmail(a.email)) ?? null) : null);
  const had = new Set(before.map(userOf));
  const actor = actorUserId(ctx);
  const invited = [...new Set(attendees.map(userOf))].filter((id): id is string => !!id && id !== actor && !had.has(id));
  if (invited.length === 0) return;
  const notice = EVENT_NOTICES.invited({
    organizer: users.find((u) => u.id === actor)?.name ?? 'Someone',
    title: event.title,
    when: whenOf(event),
    location: event.location,
    repeats: !!event.rrule,
  });
  await notify(
    ctx,
    trx,
    invited.map((userId) => ({
      userId,
      kind: 'event.invited' as const,
      ...notice,
      url: eventUrl(event.id),
      subject: { entity: 'event' as const, id: event.id, calendarId: event.calendar_id },
      dedupeKey: `event.invited:${event.id}:${event.ical_sequence}`,
      mailedByCause: mailed.has(userId),
    })),
  );
}
