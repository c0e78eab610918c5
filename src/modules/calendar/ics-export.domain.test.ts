import fc from 'fast-check';
import { foldLines as libraryFold } from 'ical-generator';
import { describe, expect, it } from 'vitest';
import { buildCalendar, foldLines, renderCalendar, type FeedEvent } from './ics-export.js';

/**
 * buildIcs writes the document from its parts instead of calling ical-generator's
 * toString() (which folds a character at a time and takes seconds on big calendars):
 * these properties hold the two to the same text, but for what buildIcs writes itself
 * because the library does not escape it (the calendar's name, ATTENDEE lines; ADR
 * 0028, held by ics-writers.domain.test.ts).
 */

const line = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ';', 'é', 'ß', '€', '日', '本', '😀', '👩‍💻', '\t'), maxLength: 200 });

describe('line folding', () => {
  it('is exactly what ical-generator folds, for any text', () => {
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => foldLines(lines.join('\r\n')) === libraryFold(lines.join('\r\n'))));
  });

  it('leaves short ASCII lines alone and never lets a line pass 75 octets', () => {
    expect(foldLines('SUMMARY:Standup\r\nEND:VEVENT')).toBe('SUMMARY:Standup\r\nEND:VEVENT');
    const folded = foldLines(`DESCRIPTION:${'Grüße 😀 '.repeat(40)}`);
    for (const l of folded.split('\r\n')) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(`DESCRIPTION:${'Grüße 😀 '.repeat(40)}`);
  });
});

const timed = (uid: string, zone: string, extra: Partial<FeedEvent> = {}): FeedEvent => ({
  uid,
  title: 'Weekly sync, with "quotes"; and a long title that needs folding — Grüße aus Köln 😀',
  description: 'Line one\nLine two, with commas; and semicolons\\ and a backslash',
  location: 'Room 4 — Etage 2',
  timing: {
    allDay: false,
    start: '2026-03-02T09:30:00',
    end: '2026-03-02T10:00:00',
    timeZone: zone,
    rrule: 'FREQ=WEEKLY;BYDAY=MO',
    exdates: ['2026-03-09T09:30:00'],
  },
  overrides: [
    {
      recurrenceId: '2026-03-16T09:30:00',
      cancelled: false,
      start: '2026-03-16T11:00:00',
      end: '2026-03-16T11:30:00',
      title: 'Moved',
      description: null,
      location: null,
    },
    { recurrenceId: '2026-03-23T09:30:00', cancelled: true, title: null, description: null, location: null },
  ],
  attendees: [
    { email: 'ana@example.test', name: 'Ana Núñez', status: 'accepted' },
    { email: null, name: 'No email', status: 'needs_action' },
  ],
  reminders: [{ minutesBefore: 15 }],
  sequence: 2,
  createdAt: '2026-02-01T08:00:00.000Z',
  updatedAt: '2026-02-03T08:00:00.000Z',
  ...extra,
});

const allDay: FeedEvent = {
  ...timed('all-day-1', 'Europe/Berlin'),
  title: 'Offsite',
  timing: { allDay: true, start: '2026-04-01', end: '2026-04-03', timeZone: 'Europe/Berlin', rrule: 'FREQ=YEARLY', exdates: [] },
  overrides: [
    { recurrenceId: '2027-04-01', cancelled: false, start: '2027-04-02', end: '2027-04-04', title: 'Offsite (moved)', description: null, location: null },
  ],
};

const library = (cal: ReturnType<typeof buildCalendar>) => cal.toString().replace(/^X-SKIT-RECURRENCE-DATE:/gm, 'RECURRENCE-ID;VALUE=DATE:');
/** The text unfolded, without ATTENDEE lines (the library writes them elsewhere in the event, and wrongly escaped). */
const withoutAttendees = (text: string) => text.replace(/\r\n /g, '').replace(/^ATTENDEE[^\r\n]*\r\n/gm, '');

describe('the iCalendar document', () => {
  it('is the text ical-generator writes itself: zones, UTC, all-day, exceptions, alarms, colour; attendees as ATTENDEE lines', () => {
    const events = [
      timed('a', 'Europe/Berlin'),
      timed('b', 'UTC', { overrides: [] }),
      allDay,
      timed('c', 'America/New_York', {
        timing: { allDay: false, start: '2026-03-08T02:30:00', end: '2026-03-08T03:30:00', timeZone: 'America/New_York', rrule: null, exdates: [] },
        overrides: [],
      }),
      timed('d', 'Europe/Berlin', { description: null, location: null, attendees: [], reminders: [] }),
    ];
    for (const color of [null, '#3b82f6']) {
      const cal = buildCalendar({ name: 'Team "Berlin" — Kalender', color }, events);
      const fast = renderCalendar(cal);
      expect(withoutAttendees(fast)).toBe(withoutAttendees(library(buildCalendar({ name: 'Team "Berlin" — Kalender', color }, events))));
      for (const l of fast.split('\r\n')) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
      const attendees = fast.replace(/\r\n /g, '').match(/^ATTENDEE[^\r\n]*/gm);
      // Once per series that has attendees (a, b, the all-day one, c), not on the moved occurrences; the one without an e-mail is left out.
      expect(attendees).toEqual(Array(4).fill('ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Ana Núñez:mailto:ana@example.test'));
      expect(fast).toContain('RECURRENCE-ID;VALUE=DATE:20270401');
      expect(fast).toContain('BEGIN:VTIMEZONE\r\nTZID:America/New_York');
    }
  });

  it('is the same for an empty calendar', () => {
    expect(renderCalendar(buildCalendar({ name: 'Empty' }, []))).toBe(library(buildCalendar({ name: 'Empty' }, [])));
  });
});
