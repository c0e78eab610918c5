import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { signupPortal, type SignedUpPortal } from '../../test/factories.js';
import { exportEverything, unzip } from '../portability/portability.testkit.js';
import { icsParam, icsReadBack, icsText } from './ics-text.js';
import { childrenOf, readsExactly, readWithAll, textOf } from './ics.testkit.js';

/**
 * Names and texts that used to add properties, events or calendars to the documents the
 * app writes (issue 18 item 5), through the real paths: the private feed and the
 * portal export's .ics, read back by ical.js, python3-icalendar and python3-vobject.
 */

const NAME = 'Team, "Berlin"; Ost\\West\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR\r\nX-WR-CALNAME:Evil ^ 😀 é';
const TITLE = 'Kick-off; "Q3", part 2\nBEGIN:VEVENT\nUID:evil\nSUMMARY:injected';
const DESCRIPTION = 'Agenda:\r\n1. Wins, losses; blockers\r\n2. A\\B:C ^n\rEND:VEVENT';
const LOCATION = 'Room "4"; floor 2, east: \\ 👩‍💻';
const GUEST = 'Smith, "Bob"\nX-INJECTED:1; ^ :mailto:evil@x';

let server: TestServer;
let a: SignedUpPortal;
let calendarId: string;

beforeAll(async () => {
  server = await startTestServer();
  a = await signupPortal(server);
  const cal = await a.client.post('/api/calendars', { name: NAME, color: '#fd7e14', kind: 'shared' });
  expect(cal.status, cal.text).toBe(201);
  calendarId = cal.body.id;
  const ev = await a.client.post('/api/events', {
    calendarId,
    title: TITLE,
    description: DESCRIPTION,
    location: LOCATION,
    start: '2026-03-02T09:00',
    end: '2026-03-02T10:00',
    timeZone: 'Europe/Berlin',
    attendees: [{ email: 'bob@example.test', name: GUEST, status: 'accepted' }],
  });
  expect(ev.status, ev.text).toBe(201);
});
afterAll(async () => {
  await server?.close();
});

function expectHostileCalendar(ics: string) {
  for (const reading of readWithAll([ics])[0]!) {
    const where = reading.parser;
    expect(reading.error, where).toBeUndefined();
    expect(
      reading.components!.map((c) => c.name),
      where,
    ).toEqual(['VCALENDAR']);
    const cal = reading.components![0]!;
    const same = (actual: string | undefined, text: string) => {
      if (readsExactly(reading.parser, icsText(text))) expect(actual, where).toBe(icsReadBack(text));
    };
    same(textOf(cal, 'X-WR-CALNAME'), NAME);
    same(textOf(cal, 'NAME'), NAME);
    const events = childrenOf(cal, 'VEVENT');
    expect(events.length, where).toBe(1);
    const ev = events[0]!;
    same(textOf(ev, 'SUMMARY'), TITLE);
    same(textOf(ev, 'DESCRIPTION'), DESCRIPTION);
    same(textOf(ev, 'LOCATION'), LOCATION);
    expect(ev.props.filter((p) => p.name === 'UID').length, where).toBe(1);
    const attendees = ev.props.filter((p) => p.name === 'ATTENDEE');
    expect(attendees.length, where).toBe(1);
    if (readsExactly(reading.parser, icsParam(GUEST), 'param')) expect(attendees[0]!.params['CN'], where).toBe(icsReadBack(GUEST));
    expect(attendees[0]!.value.toLowerCase(), where).toBe('mailto:bob@example.test');
    expect(
      ev.props.some((p) => p.name.startsWith('X-INJECTED')),
      where,
    ).toBe(false);
  }
}

describe('iCalendar with hostile names, through HTTP', () => {
  it('the private feed holds one calendar with one event and every text as written', async () => {
    const url = (await a.client.get(`/api/calendars/${calendarId}/feed-url`)).body.url as string;
    const res = await server.client().get(new URL(url).pathname);
    expect(res.status).toBe(200);
    expect(res.text).not.toMatch(/^(X-INJECTED|UID:evil|SUMMARY:injected|X-WR-CALNAME:Evil)/m);
    expectHostileCalendar(res.text);
  });

  it('so does the calendar’s .ics in the portal export', async () => {
    const { zip } = await exportEverything(server, a.client);
    const entries = await unzip(zip);
    const files = [...entries.keys()].filter((p) => p.startsWith('calendars/') && p.endsWith('.ics'));
    const ours = files.map((f) => entries.get(f)!.toString('utf8')).filter((t) => t.includes('Kick-off'));
    expect(ours.length).toBe(1);
    expectHostileCalendar(ours[0]!);
  });
});
