import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildIcs, type FeedEvent } from './ics-export.js';
import { icsCalAddress, icsParam, icsReadBack, icsText } from './ics-text.js';
import { childrenOf, hostileText, pythonIcsReaders, readsExactly, readWithAll, type IcsComponent, type IcsReading } from './ics.testkit.js';

/**
 * The calendar module's iCalendar writer (the feed, the export and the event attached
 * to a booking's mail all come from buildIcs) with hostile names, titles,
 * descriptions, locations, UIDs and attendees: every reader (ical.js,
 * python3-icalendar, python3-vobject) sees exactly one calendar, the events written,
 * with their UIDs, and every text as it was.
 */

const timings: FeedEvent['timing'][] = [
  { allDay: false, start: '2026-03-02T09:30:00', end: '2026-03-02T10:00:00', timeZone: 'Europe/Berlin', rrule: 'FREQ=WEEKLY;BYDAY=MO', exdates: [] },
  { allDay: false, start: '2026-03-03T09:30:00', end: '2026-03-03T10:00:00', timeZone: 'UTC', rrule: null, exdates: [] },
  { allDay: true, start: '2026-04-01', end: '2026-04-03', timeZone: 'America/New_York', rrule: 'FREQ=YEARLY', exdates: [] },
];
const overrideOf: Record<number, FeedEvent['overrides'][number]['recurrenceId'] | undefined> = { 0: '2026-03-16T09:30:00', 2: '2027-04-01' };

const nullableText = (max?: number) => fc.option(hostileText(max), { nil: null, freq: 4 });

const eventArb = fc.record({
  // Stored UIDs are never empty (an import without one gets one made).
  uid: hostileText(60).filter((u) => icsReadBack(u) !== ''),
  title: hostileText(),
  description: nullableText(300),
  location: nullableText(),
  timing: fc.integer({ min: 0, max: 2 }),
  attendees: fc.array(fc.record({ email: hostileText(30), name: fc.option(hostileText(), { nil: null }) }), { maxLength: 3 }),
  override: fc.option(fc.record({ title: fc.option(hostileText(), { nil: null }), description: nullableText(), location: nullableText() }), { nil: null }),
  reminder: fc.boolean(),
});
type EventCase = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

const caseArb = fc.record({ name: hostileText(), events: fc.uniqueArray(eventArb, { maxLength: 3, selector: (e) => icsReadBack(e.uid) }) });
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function feedEvent(e: EventCase): FeedEvent {
  const timing = timings[e.timing]!;
  const recurrenceId = overrideOf[e.timing];
  const t = timing.allDay ? { start: '2027-04-02', end: '2027-04-04' } : { start: '2026-03-16T11:00:00', end: '2026-03-16T11:30:00' };
  return {
    uid: e.uid,
    title: e.title,
    description: e.description,
    location: e.location,
    timing,
    overrides: e.override && recurrenceId ? [{ recurrenceId, cancelled: false, ...t, ...e.override }] : [],
    attendees: e.attendees.map((a) => ({ ...a, status: 'tentative' as const })),
    reminders: e.reminder ? [{ minutesBefore: 10 }] : [],
    sequence: 1,
    createdAt: '2026-02-01T08:00:00.000Z',
    updatedAt: '2026-02-03T08:00:00.000Z',
  };
}

/** The VEVENTs a reader must find, in order: each series, then its moved occurrence. */
function expectedEvents(c: Case) {
  return c.events.flatMap((e) => {
    const f = feedEvent(e);
    // Attendees without an e-mail address are not written.
    const master = {
      uid: e.uid,
      title: e.title,
      description: e.description,
      location: e.location,
      attendees: f.attendees.filter((a) => a.email),
      alarm: e.reminder,
      override: false,
    };
    const o = f.overrides[0];
    if (!o) return [master];
    const moved = {
      ...master,
      title: o.title ?? e.title,
      description: o.description ?? e.description,
      location: o.location ?? e.location,
      attendees: [],
      alarm: false,
      override: true,
    };
    return [master, moved];
  });
}

const EVENT_PROPS = new Set([
  'UID',
  'SEQUENCE',
  'DTSTAMP',
  'DTSTART',
  'DTEND',
  'RRULE',
  'EXDATE',
  'RECURRENCE-ID',
  'SUMMARY',
  'DESCRIPTION',
  'LOCATION',
  'ATTENDEE',
  'CREATED',
  'LAST-MODIFIED',
  'X-MICROSOFT-CDO-ALLDAYEVENT',
  'X-MICROSOFT-MSNCALENDAR-ALLDAYEVENT',
]);

function expectReadBack(reading: IcsReading, c: Case) {
  const where = `${reading.parser} reading ${JSON.stringify(c)}`;
  expect(reading.error, where).toBeUndefined();
  expect(
    reading.components!.map((x) => x.name),
    where,
  ).toEqual(['VCALENDAR']);
  const cal = reading.components![0]!;
  expect(cal.props.map((p) => p.name).sort(), where).toEqual(icsReadBack(c.name) ? ['NAME', 'PRODID', 'VERSION', 'X-WR-CALNAME'] : ['PRODID', 'VERSION']);
  expect(new Set(cal.components.map((x) => x.name)).size <= 2 && cal.components.every((x) => x.name === 'VEVENT' || x.name === 'VTIMEZONE'), where).toBe(true);
  const text = (actual: string | undefined, written: string | null) => {
    const back = written === null ? '' : icsReadBack(written);
    if (written === null || readsExactly(reading.parser, icsText(written))) expect(actual ?? '', where).toBe(back);
  };
  text(cal.props.find((p) => p.name === 'NAME')?.value, c.name);
  text(cal.props.find((p) => p.name === 'X-WR-CALNAME')?.value, c.name);

  const events = childrenOf(cal, 'VEVENT');
  const expected = expectedEvents(c);
  expect(events.length, where).toBe(expected.length);
  events.forEach((ev: IcsComponent, i) => {
    const want = expected[i]!;
    const props = (name: string) => ev.props.filter((p) => p.name === name);
    for (const p of ev.props) expect(EVENT_PROPS.has(p.name), `${where}: ${p.name}`).toBe(true);
    for (const name of ['UID', 'SUMMARY', 'DESCRIPTION', 'LOCATION', 'DTSTART', 'RECURRENCE-ID'])
      expect(props(name).length, `${where}: ${name}`).toBeLessThanOrEqual(1);
    expect(props('RECURRENCE-ID').length, where).toBe(want.override ? 1 : 0);
    text(props('UID')[0]?.value, want.uid);
    text(props('SUMMARY')[0]?.value, want.title);
    text(props('DESCRIPTION')[0]?.value, want.description);
    text(props('LOCATION')[0]?.value, want.location);
    const attendees = props('ATTENDEE');
    expect(attendees.length, where).toBe(want.attendees.length);
    attendees.forEach((a, j) => {
      const w = want.attendees[j]!;
      expect(a.params['PARTSTAT'], where).toBe('TENTATIVE');
      if (readsExactly(reading.parser, icsParam(w.name ?? ''), 'param')) expect(a.params['CN'] ?? '', where).toBe(icsReadBack(w.name ?? ''));
      if (readsExactly(reading.parser, icsCalAddress(w.email!))) expect(a.value.toLowerCase(), where).toBe(icsCalAddress(w.email!).toLowerCase());
    });
    const alarms = childrenOf(ev, 'VALARM');
    expect(ev.components.length, where).toBe(alarms.length);
    expect(alarms.length, where).toBe(want.alarm ? 1 : 0);
    for (const alarm of alarms) text(alarm.props.find((p) => p.name === 'DESCRIPTION')?.value, want.title);
  });
}

describe('the calendar writer (feed, export, an event attached to a mail)', () => {
  it('writes, for any names and texts, what every reader reads back as written', () => {
    if (!pythonIcsReaders()) console.warn('python3-icalendar/python3-vobject missing: ical.js only (CI=true makes this an error)');
    const cases = fc.sample(caseArb, { numRuns: 150 });
    const readings = readWithAll(cases.map((c) => buildIcs({ name: c.name, color: null }, c.events.map(feedEvent))));
    cases.forEach((c, i) => {
      for (const reading of readings[i]!) expectReadBack(reading, c);
    });
  });

  it('keeps a name with a newline from adding calendars, events or properties', () => {
    const c: Case = {
      name: 'Team\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR\r\nX-WR-CALNAME:Evil',
      events: [
        {
          uid: 'u1\nBEGIN:VEVENT',
          title: 'Call\nBEGIN:VEVENT\nUID:evil',
          description: 'a;b,c\\d',
          location: 'Room "A": 1',
          timing: 0,
          attendees: [{ email: 'x"@y', name: 'Smith, "Bob"\nX-INJECTED:1' }],
          override: { title: 'Moved\r\nSUMMARY:evil', description: null, location: null },
          reminder: true,
        },
      ],
    };
    const ics = buildIcs({ name: c.name, color: null }, c.events.map(feedEvent));
    expect(ics).not.toMatch(/^(X-INJECTED|UID:evil|X-WR-CALNAME:Evil)/m);
    for (const reading of readWithAll([ics])[0]!) expectReadBack(reading, c);
  });
});
