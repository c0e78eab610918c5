import type { Executor } from '../../db/scope.js';
import { actorUserId, scopeOf, type PortalContext } from '../../kernel/context.js';
import { notificationMailChoice } from '../../kernel/notify.js';
import { escapeHtml } from '../../kernel/text.js';
import { listUsers } from '../accounts/index.js';
import { queueMail } from '../mail/index.js';
import type { AttendeeStatus, EventRow } from '../../db/tables/calendar.js';
import { eventUrl } from './events.notify.js';
import { feedEventsOf } from './feed.service.js';
import { itipIcs, mailAddressOf, type ItipMethod } from './itip.js';

/**
 * Invitations calendars understand for events made in the app (issue 18 item 4): the
 * portal's users among an event's attendees get an iTIP REQUEST by mail (iMIP) when the
 * event is created, when something they see changes (same UID, the event's SEQUENCE),
 * and a CANCEL when it is deleted or they are taken off it. Never the one who made the
 * change; only users whose `event.invited` mail setting is "instant" (a digest cannot carry
 * an invitation, "off" means no mail). Outside guests are not mailed: the app sends mail to
 * its own users, a booking's guest is mailed by scheduling. ADR 0029.
 */

export interface EventSnapshot {
  row: EventRow;
  attendees: { userId: string | null; email: string | null; name: string | null; status: AttendeeStatus }[];
}

/** The fields an attendee sees: a change to any of them is worth an updated invitation. */
const SEEN: (keyof EventRow)[] = ['title', 'description', 'location', 'all_day', 'start_local', 'end_local', 'time_zone', 'rrule', 'exdates'];

const seenChanged = (a: EventSnapshot, b: EventSnapshot) =>
  SEEN.some((k) => a.row[k] !== b.row[k]) ||
  JSON.stringify(a.attendees.map((x) => [x.userId, x.email, x.status])) !== JSON.stringify(b.attendees.map((x) => [x.userId, x.email, x.status]));

const whenOf = (e: Pick<EventRow, 'start_local' | 'end_local' | 'time_zone' | 'all_day'>) =>
  e.all_day ? `${e.start_local.slice(0, 10)} (all day)` : `${e.start_local.slice(0, 16).replace('T', ' ')}–${e.end_local.slice(11, 16)} (${e.time_zone})`;

/**
 * Mails the invitations a change calls for, in the change's transaction. `before` is null
 * for a new event, `after` null for a deleted one. Returns the users sent a REQUEST (their
 * `event.invited` notification is then in the app only).
 */
export async function sendEventInvitations(ctx: PortalContext, trx: Executor, before: EventSnapshot | null, after: EventSnapshot | null): Promise<Set<string>> {
  const requested = new Set<string>();
  const users = new Map((await listUsers(trx, ctx.portalId)).filter((u) => u.status === 'active').map((u) => [u.id, u]));
  const actor = actorUserId(ctx);
  const internal = (s: EventSnapshot | null) =>
    new Set((s?.attendees ?? []).map((a) => a.userId).filter((id): id is string => !!id && id !== actor && users.has(id)));
  const had = internal(before);
  const has = internal(after);
  const changed = !!before && !!after && seenChanged(before, after);
  const toRequest = [...has].filter((id) => !had.has(id) || changed);
  const toCancel = [...had].filter((id) => !has.has(id));
  if (toRequest.length === 0 && toCancel.length === 0) return requested;

  const wants = async (id: string) => (await notificationMailChoice(ctx, trx, id, 'event.invited')) === 'instant';
  const event = (after ?? before)!;
  const organizerUser = users.get(event.row.created_by ?? '') ?? users.get(actor ?? '');
  const from = mailAddressOf(ctx.deps.config.MAIL_FROM);
  const organizer = organizerUser ? { name: organizerUser.name, email: organizerUser.email } : { name: 'SchedulingKit', email: from ?? 'no-reply@localhost' };
  const [feed] = await feedEventsOf(scopeOf(ctx, trx), [event.row]);
  const link = ctx.deps.config.BASE_URL + eventUrl(event.row.id);
  const stamp = ctx.deps.clock.now(ctx.portalId);

  const mail = async (userId: string, method: ItipMethod, kind: 'new' | 'updated' | 'cancelled') => {
    const user = users.get(userId)!;
    // A CANCEL of a deleted event goes one above the last REQUEST's SEQUENCE.
    const sequence = after ? after.row.ical_sequence : event.row.ical_sequence + 1;
    const attendees = (method === 'CANCEL' ? [{ userId, email: user.email, name: user.name, status: 'needs_action' as const }] : event.attendees)
      .filter((a) => a.email || (a.userId && users.has(a.userId)))
      .map((a) => ({
        name: a.name ?? (a.userId ? (users.get(a.userId)?.name ?? null) : null),
        email: a.email ?? users.get(a.userId!)!.email,
        status: a.status,
        rsvp: false,
      }));
    const content = itipIcs({ method, stamp, organizer, sentBy: from, attendees, event: { ...feed!, sequence } });
    const head = { new: `${organizer.name} invited you`, updated: `${organizer.name} changed`, cancelled: `${organizer.name} cancelled` }[kind];
    const lines = [
      `${head}: ${event.row.title}`,
      `When: ${whenOf(event.row)}${event.row.rrule ? ', repeating' : ''}`,
      ...(event.row.location ? [`Where: ${event.row.location}`] : []),
      ...(kind === 'cancelled' && after ? ['You are no longer an attendee.'] : []),
    ];
    const subject = { new: 'Invitation', updated: 'Updated invitation', cancelled: 'Cancelled' }[kind];
    await queueMail(ctx.deps, trx, ctx.portalId, {
      to: user.email,
      subject: `${subject}: ${event.row.title} (${whenOf(event.row)})`,
      text: [...lines, '', `Open it: ${link}`].join('\n'),
      html: [`<p>${lines.map(escapeHtml).join('<br>')}</p>`, `<p>Open it: <a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`].join('\n'),
      calendar: { method, content },
    });
  };

  for (const id of toRequest)
    if (await wants(id)) {
      await mail(id, 'REQUEST', had.has(id) ? 'updated' : 'new');
      requested.add(id);
    }
  for (const id of toCancel) if (await wants(id)) await mail(id, 'CANCEL', 'cancelled');
  return requested;
}
