import { escapeHtml } from '../../kernel/text.js';
import { itipIcs, type ItipMethod } from '../calendar/index.js';
import type { MailMessage } from '../mail/index.js';
import { icsLocation, joinUrl, whereLine, wherePhrase, type Location } from './location.js';

/**
 * The mails of a booking, to the guest and to the hosts: text, HTML and an iTIP
 * message (iMIP, RFC 6047) that calendar clients apply, REQUEST on booking and on
 * every move (same UID, higher SEQUENCE), CANCEL on cancellation (ADR 0029).
 */

export function formatInZone(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(ms));
}

export interface BookingMailFacts {
  bookingId: string;
  title: string;
  portalName: string;
  hosts: { name: string; email: string | null }[];
  guestName: string;
  guestEmail: string;
  startMs: number;
  endMs: number;
  notes: string | null;
  manageUrl: string;
  location: Location | null;
  /** The guest's invitation's SEQUENCE (bookings.sequence after this change). */
  sequence: number;
  /** The host part of the guest's invitation UID (BASE_URL's host). */
  uidDomain: string;
  /** The address the mails come from (SENT-BY on the ORGANIZER). */
  sentBy: string | null;
  /** DTSTAMP: now. */
  stamp: Date;
}

/** A host's own calendar event, whose UID and SEQUENCE their invitation carries (so their client merges it with a synced copy). */
export interface HostEventRef {
  uid: string;
  sequence: number;
}

const when = (f: BookingMailFacts, zone: string) => `${formatInZone(f.startMs, zone)}–${formatInZone(f.endMs, zone).slice(-5)} (${zone})`;
const names = (xs: string[]) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);
const hostNames = (f: BookingMailFacts) => names(f.hosts.map((h) => h.name));

/** The guest's invitation UID: one per booking, whoever hosts it and however often it moves. */
export const bookingUid = (f: Pick<BookingMailFacts, 'bookingId' | 'uidDomain'>) => `booking-${f.bookingId}@${f.uidDomain}`;

/**
 * The iTIP message of a booking. The organizer is the first host; hosts and the guest are
 * attendees with PARTSTAT=ACCEPTED and RSVP=FALSE: picking the slot on the booking page was
 * the guest's answer, and a REPLY would go to a mailbox that does not read it (ADR 0029).
 */
export function bookingItip(f: BookingMailFacts, method: ItipMethod, ref: { uid: string; sequence: number; summary: string }): MailMessage['calendar'] {
  const organizer = f.hosts.find((h) => h.email) ?? null;
  const description = [
    ...(whereLine(f.location) ? [`Where: ${whereLine(f.location)}`] : []),
    ...(f.notes ? [`Notes: ${f.notes}`] : []),
    ...(f.manageUrl ? [`Reschedule or cancel: ${f.manageUrl}`] : []),
  ].join('\n');
  const content = itipIcs({
    method,
    stamp: f.stamp,
    organizer: organizer ? { name: organizer.name, email: organizer.email! } : { name: f.portalName, email: f.sentBy ?? `no-reply@${f.uidDomain}` },
    sentBy: f.sentBy,
    attendees: [
      ...f.hosts.filter((h) => h.email).map((h) => ({ name: h.name, email: h.email!, status: 'accepted' as const, rsvp: false })),
      { name: f.guestName, email: f.guestEmail, status: 'accepted' as const, rsvp: false },
    ],
    url: joinUrl(f.location),
    event: {
      uid: ref.uid,
      sequence: ref.sequence,
      title: ref.summary,
      description: description || null,
      location: icsLocation(f.location),
      timing: { allDay: false, start: localUtc(f.startMs), end: localUtc(f.endMs), timeZone: 'UTC', rrule: null, exdates: [] },
      overrides: [],
      createdAt: f.stamp.toISOString(),
      updatedAt: f.stamp.toISOString(),
    },
  });
  return { method, content };
}

/** "2026-03-09T10:00:00": the wall clock of UTC, as the iCalendar writer takes a time in zone UTC. */
const localUtc = (ms: number) => new Date(ms).toISOString().slice(0, 19);

const guestSummary = (f: BookingMailFacts) => `${f.title} with ${hostNames(f)}`;
const guestItip = (f: BookingMailFacts, method: ItipMethod) => bookingItip(f, method, { uid: bookingUid(f), sequence: f.sequence, summary: guestSummary(f) });

/** Text lines to HTML paragraphs, each escaped; URLs the app made become links. */
function html(lines: (string | { text: string; href: string })[]): string {
  const out: string[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) out.push(`<p>${para.join('<br>')}</p>`);
    para = [];
  };
  for (const l of lines) {
    if (l === '') flush();
    else if (typeof l === 'string') para.push(escapeHtml(l));
    else para.push(`${escapeHtml(l.text)} <a href="${escapeHtml(l.href)}">${escapeHtml(l.href)}</a>`);
  }
  flush();
  return out.join('\n');
}

const textOf = (lines: (string | { text: string; href: string })[]) => lines.map((l) => (typeof l === 'string' ? l : `${l.text} ${l.href}`)).join('\n');

function whereLines(f: BookingMailFacts): (string | { text: string; href: string })[] {
  const where = wherePhrase(f.location);
  if (!where) return [];
  return [where.href ? { text: `Where: ${where.text}`, href: where.href } : `Where: ${where.text}`];
}

export function guestConfirmation(f: BookingMailFacts, guestZone: string, rescheduled = false): MailMessage {
  const verb = rescheduled ? 'Rescheduled' : 'Confirmed';
  const lines = [
    `Hello ${f.guestName},`,
    '',
    `${rescheduled ? 'Your booking has moved' : 'Your booking is confirmed'}: ${f.title} with ${hostNames(f)} (${f.portalName}).`,
    `When: ${when(f, guestZone)}`,
    ...whereLines(f),
    ...(f.notes ? ['', `Your notes: ${f.notes}`] : []),
    '',
    rescheduled ? 'Your calendar app can update the meeting from this mail.' : 'Your calendar app can add it from this mail.',
    { text: 'To reschedule or cancel, open', href: f.manageUrl },
  ];
  return {
    to: f.guestEmail,
    subject: `${verb}: ${f.title} with ${hostNames(f)}, ${when(f, guestZone)}`,
    text: textOf(lines),
    html: html(lines),
    calendar: guestItip(f, 'REQUEST'),
  };
}

export function guestCancellation(f: BookingMailFacts, guestZone: string, byHost: boolean, reason?: string | null): MailMessage {
  const lines = [
    `Hello ${f.guestName},`,
    '',
    `${byHost ? `${hostNames(f)} cancelled` : 'You cancelled'} ${f.title} on ${when(f, guestZone)}.`,
    ...(reason ? [`Reason: ${reason}`] : []),
  ];
  return {
    to: f.guestEmail,
    subject: `Cancelled: ${f.title} with ${hostNames(f)}, ${when(f, guestZone)}`,
    text: textOf(lines),
    html: html(lines),
    calendar: guestItip(f, 'CANCEL'),
  };
}

/**
 * A host's mail. With `event` (their own calendar event of the booking) it carries an
 * iTIP message with that event's UID: REQUEST while they host it, CANCEL when it is gone.
 */
export function hostNotification(
  f: BookingMailFacts,
  host: { email: string; timeZone: string; event?: HostEventRef | null; eventTitle?: string },
  kind: 'booked' | 'rescheduled' | 'cancelled' | 'reassigned',
  reason?: string | null,
): MailMessage {
  const head = { booked: 'New booking', rescheduled: 'Booking moved', cancelled: 'Booking cancelled', reassigned: 'Booking moved to a colleague' }[kind];
  const gone = kind === 'cancelled' || kind === 'reassigned';
  const lines = [
    `${head}: ${f.title}`,
    `Guest: ${f.guestName} <${f.guestEmail}>`,
    `When: ${when(f, host.timeZone)}`,
    ...whereLines(f),
    ...(f.notes ? [`Notes: ${f.notes}`] : []),
    ...(reason ? [`Reason: ${reason}`] : []),
    '',
    gone ? 'The event has been removed from your calendar.' : 'It is in your calendar.',
  ];
  const noManage = { ...f, manageUrl: '' };
  return {
    to: host.email,
    subject: `${head}: ${f.title} with ${f.guestName}, ${when(f, host.timeZone)}`,
    text: textOf(lines),
    html: html(lines),
    ...(host.event
      ? {
          calendar: bookingItip(noManage, gone ? 'CANCEL' : 'REQUEST', {
            uid: host.event.uid,
            sequence: host.event.sequence,
            summary: host.eventTitle ?? `${f.title}: ${f.guestName}`,
          }),
        }
      : {}),
  };
}
