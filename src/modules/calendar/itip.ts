import { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { AttendeeStatus } from '../../db/tables/calendar.js';
import { buildCalendar, renderCalendar, type FeedEvent } from './ics-export.js';
import { foldLines, icsCalAddress, icsProperty } from './ics-text.js';

/**
 * iTIP messages (RFC 5546) as calendar clients read them from mail (iMIP, RFC 6047):
 * METHOD:REQUEST to invite or to update (same UID, higher SEQUENCE), METHOD:CANCEL
 * to withdraw (STATUS:CANCELLED, higher SEQUENCE still). One event per message: the
 * series with its changed occurrences for a REQUEST, the series alone for a CANCEL.
 * Written with ical-generator (through buildCalendar), so every value is escaped by
 * the same writer as the feed and the export; ORGANIZER and ATTENDEE, whose names are
 * parameters, through icsProperty (RFC 6868 quoting, which ical-generator lacks). ADR 0029.
 */

export type ItipMethod = 'REQUEST' | 'CANCEL';

export interface ItipParty {
  name: string | null;
  email: string;
}

export interface ItipAttendee extends ItipParty {
  status: AttendeeStatus;
  /** Whether the organizer asks for a REPLY (RFC 5545 §3.2.17). */
  rsvp: boolean;
}

export interface ItipMessage {
  method: ItipMethod;
  /** The event: uid, sequence, timing, texts. Its own attendees and reminders are not used. */
  event: Omit<FeedEvent, 'attendees' | 'reminders'>;
  organizer: ItipParty;
  /** The address the mail comes from, when it is not the organizer's (SENT-BY, RFC 5545 §3.2.18). */
  sentBy?: string | null;
  attendees: ItipAttendee[];
  /** A link that belongs to the meeting, e.g. its video call (URL, RFC 5545 §3.8.4.6). */
  url?: string | null;
  /** DTSTAMP: when this message was made. */
  stamp: Date;
}

const PARTSTAT: Record<AttendeeStatus, string> = {
  needs_action: 'NEEDS-ACTION',
  accepted: 'ACCEPTED',
  declined: 'DECLINED',
  tentative: 'TENTATIVE',
};

/** Where the ORGANIZER and ATTENDEE lines go: a placeholder line ical-generator writes, replaced after rendering. */
const PARTIES = 'X-SKIT-ITIP-PARTIES';
const PARTIES_LINE = new RegExp(`^${PARTIES}:x\r\n`, 'gm');

/** The ORGANIZER and ATTENDEE content lines of a message, folded. */
function partyLines(m: ItipMessage): string {
  const sentBy = m.sentBy && m.sentBy.toLowerCase() !== m.organizer.email.toLowerCase() ? icsCalAddress(m.sentBy) : null;
  const lines = [
    icsProperty('ORGANIZER', { CN: m.organizer.name ?? m.organizer.email, 'SENT-BY': sentBy }, icsCalAddress(m.organizer.email)),
    ...m.attendees.map((a) =>
      icsProperty('ATTENDEE', { ROLE: 'REQ-PARTICIPANT', PARTSTAT: PARTSTAT[a.status], RSVP: a.rsvp ? 'TRUE' : 'FALSE', CN: a.name }, icsCalAddress(a.email)),
    ),
  ];
  return foldLines(lines.join('\r\n')) + '\r\n';
}

/** The bare address of a From value such as `SchedulingKit <no-reply@example.com>`. */
export function mailAddressOf(from: string): string | null {
  const m = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(from) ?? /^\s*([^<>\s]+@[^<>\s]+)\s*$/.exec(from);
  return m ? m[1]! : null;
}

/** The iCalendar document of one iTIP message. */
export function itipIcs(m: ItipMessage): string {
  const cancel = m.method === 'CANCEL';
  const event: FeedEvent = { ...m.event, attendees: [], reminders: [], overrides: cancel ? [] : m.event.overrides };
  const cal = buildCalendar({ name: '' }, [event]);
  cal.method(cancel ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST);
  for (const e of cal.events()) {
    e.stamp(m.stamp);
    e.status(cancel ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED);
    if (m.url) e.url(m.url);
    e.x(PARTIES, 'x');
  }
  const parties = partyLines(m);
  return renderCalendar(cal).replace(PARTIES_LINE, () => parties);
}
