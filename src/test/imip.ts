import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';
import { leaves, parseMime } from './mime.js';

/**
 * An iMIP receiver for tests (issue 18: "the mail caught by the test SMTP peer is
 * parsed by an independent iCalendar parser and its REQUEST/CANCEL is applied to a
 * calendar"). Two independent readers: our MIME reader + ical.js, and Python's
 * `email` + Debian's python3-icalendar. A calendar keyed by UID applies what they
 * read as a client does (RFC 5546 §2.1.5: a lower SEQUENCE is ignored).
 */

export interface ItipParty {
  email: string;
  params: Record<string, string>;
}

export interface ItipEvent {
  uid: string;
  sequence: number;
  status: string | null;
  summary: string | null;
  description: string | null;
  location: string | null;
  url: string | null;
  /** UTC, "2031-03-04T13:00:00Z". */
  start: string | null;
  end: string | null;
  organizer: ItipParty | null;
  attendees: ItipParty[];
}

export interface ReadMail {
  contentType: string;
  autoSubmitted: string | null;
  parts: { type: string; method: string | null; disposition: string | null }[];
  calendars: { method: string | null; events: ItipEvent[] }[];
}

const PY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'imip_read.py');

/** A Python 3 that can import icalendar (Debian's python3-icalendar is for /usr/bin/python3), or null. */
export function pythonWithIcalendar(): string | null {
  for (const bin of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(bin, ['-c', 'import icalendar'], { stdio: 'ignore' });
    if (r.status === 0) return bin;
  }
  return null;
}

export function readWithPython(python: string, raw: string): ReadMail {
  return JSON.parse(execFileSync(python, [PY], { input: raw, encoding: 'utf8' })) as ReadMail;
}

const utc = (t: ICAL.Time | null): string | null => (t ? `${t.toJSDate().toISOString().slice(0, 19)}Z` : null);
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function partyOf(p: ICAL.Property): ItipParty {
  const params: Record<string, string> = {};
  for (const name of ['cn', 'partstat', 'rsvp', 'role', 'sent-by']) {
    const v = p.getParameter(name);
    if (v !== undefined && v !== null) params[name] = String(v);
  }
  return { email: String(p.getFirstValue()), params };
}

export function readWithIcalJs(raw: string): ReadMail {
  const root = parseMime(raw);
  const parts = leaves(root);
  return {
    contentType: root.type,
    autoSubmitted: root.headers.get('auto-submitted') ?? null,
    parts: parts.map((p) => ({
      type: p.type,
      method: p.params.method ?? null,
      disposition: p.headers.get('content-disposition')?.split(';')[0]?.trim() ?? null,
    })),
    calendars: parts
      .filter((p) => p.type === 'text/calendar')
      .map((p) => {
        const cal = new ICAL.Component(ICAL.parse(p.body) as unknown[]);
        // A client resolves TZID against the VTIMEZONEs the message carries.
        for (const vtimezone of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
        return {
          method: str(cal.getFirstPropertyValue('method')),
          events: cal.getAllSubcomponents('vevent').map((ev) => {
            const organizer = ev.getFirstProperty('organizer');
            return {
              uid: String(ev.getFirstPropertyValue('uid')),
              sequence: Number(ev.getFirstPropertyValue('sequence') ?? 0),
              status: str(ev.getFirstPropertyValue('status')),
              summary: str(ev.getFirstPropertyValue('summary')),
              description: str(ev.getFirstPropertyValue('description')),
              location: str(ev.getFirstPropertyValue('location')),
              url: str(ev.getFirstPropertyValue('url')),
              start: utc(ev.getFirstPropertyValue('dtstart') as ICAL.Time | null),
              end: utc(ev.getFirstPropertyValue('dtend') as ICAL.Time | null),
              organizer: organizer ? partyOf(organizer) : null,
              attendees: ev.getAllProperties('attendee').map(partyOf),
            };
          }),
        };
      }),
  };
}

export interface StoredEvent {
  uid: string;
  sequence: number;
  status: 'CONFIRMED' | 'CANCELLED';
  summary: string | null;
  start: string | null;
  end: string | null;
  location: string | null;
  url: string | null;
}

/** A calendar client's store: what it shows after applying the iTIP messages it received. */
export class ClientCalendar {
  readonly events = new Map<string, StoredEvent>();

  /** Applies every calendar of a mail; returns what happened to each event. */
  apply(mail: ReadMail): ('added' | 'updated' | 'cancelled' | 'ignored')[] {
    return mail.calendars.flatMap((c) => c.events.map((e) => this.applyOne(c.method ?? '', e)));
  }

  private applyOne(method: string, e: ItipEvent): 'added' | 'updated' | 'cancelled' | 'ignored' {
    const current = this.events.get(e.uid);
    if (current && e.sequence < current.sequence) return 'ignored';
    if (method === 'REQUEST') {
      this.events.set(e.uid, {
        uid: e.uid,
        sequence: e.sequence,
        status: 'CONFIRMED',
        summary: e.summary,
        start: e.start,
        end: e.end,
        location: e.location,
        url: e.url,
      });
      return current ? 'updated' : 'added';
    }
    if (method === 'CANCEL') {
      if (!current) return 'ignored';
      this.events.set(e.uid, { ...current, sequence: e.sequence, status: 'CANCELLED' });
      return 'cancelled';
    }
    return 'ignored';
  }
}
