import type { MailMessage } from '../mail/index.js';

/** The mails of a booking: to the guest (with the .ics and the manage link) and to the hosts. */

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
  title: string;
  portalName: string;
  hostNames: string[];
  guestName: string;
  guestEmail: string;
  startMs: number;
  endMs: number;
  notes: string | null;
  manageUrl: string;
}

const when = (f: BookingMailFacts, zone: string) => `${formatInZone(f.startMs, zone)}–${formatInZone(f.endMs, zone).slice(-5)} (${zone})`;
const names = (xs: string[]) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);

export function guestConfirmation(f: BookingMailFacts, guestZone: string, ics: string | null, rescheduled = false): MailMessage {
  const verb = rescheduled ? 'Rescheduled' : 'Confirmed';
  return {
    to: f.guestEmail,
    subject: `${verb}: ${f.title} with ${names(f.hostNames)}, ${when(f, guestZone)}`,
    text: [
      `Hello ${f.guestName},`,
      '',
      `${rescheduled ? 'Your booking has moved' : 'Your booking is confirmed'}: ${f.title} with ${names(f.hostNames)} (${f.portalName}).`,
      `When: ${when(f, guestZone)}`,
      ...(f.notes ? ['', `Your notes: ${f.notes}`] : []),
      '',
      'The attached .ics file adds it to your calendar.',
      `To reschedule or cancel, open ${f.manageUrl}`,
    ].join('\n'),
    attachments: ics ? [{ filename: 'invite.ics', contentType: 'text/calendar; charset=utf-8', content: Buffer.from(ics, 'utf8') }] : undefined,
  };
}

export function hostNotification(
  f: BookingMailFacts,
  host: { email: string; timeZone: string },
  kind: 'booked' | 'rescheduled' | 'cancelled',
  reason?: string | null,
): MailMessage {
  const head = { booked: 'New booking', rescheduled: 'Booking moved', cancelled: 'Booking cancelled' }[kind];
  return {
    to: host.email,
    subject: `${head}: ${f.title} with ${f.guestName}, ${when(f, host.timeZone)}`,
    text: [
      `${head}: ${f.title}`,
      `Guest: ${f.guestName} <${f.guestEmail}>`,
      `When: ${when(f, host.timeZone)}`,
      ...(f.notes ? [`Notes: ${f.notes}`] : []),
      ...(reason ? [`Reason: ${reason}`] : []),
      '',
      kind === 'cancelled' ? 'The event has been removed from your calendar.' : 'It is in your calendar.',
    ].join('\n'),
  };
}

export function guestCancellation(f: BookingMailFacts, guestZone: string, byHost: boolean, reason?: string | null): MailMessage {
  return {
    to: f.guestEmail,
    subject: `Cancelled: ${f.title} with ${names(f.hostNames)}, ${when(f, guestZone)}`,
    text: [
      `Hello ${f.guestName},`,
      '',
      `${byHost ? `${names(f.hostNames)} cancelled` : 'You cancelled'} ${f.title} on ${when(f, guestZone)}.`,
      ...(reason ? [`Reason: ${reason}`] : []),
    ].join('\n'),
  };
}
