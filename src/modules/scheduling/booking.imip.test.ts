import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import type { TestClient } from '../../test/client.js';
import type { Team } from '../../test/factories.js';
import { startSmtpPeer, type ReceivedMail } from '../../test/smtp.js';
import { leaves, parseMime } from '../../test/mime.js';
import { ClientCalendar, pythonWithIcalendar, readWithIcalJs, readWithPython, type ReadMail } from '../../test/imip.js';
import { setHours, startSchedulingServer, teamWithPeople } from './scheduling.testkit.js';

/**
 * The iMIP round trip (issue 18 items 4 and 7): the mails a booking sends are caught by a
 * real SMTP peer, read by two independent parsers (our MIME reader + ical.js; Python's
 * `email` + Debian's python3-icalendar), and applied to a client's calendar keyed by UID.
 * After each step the calendar shows what the booking is: its time, where, or cancelled.
 */

const python = pythonWithIcalendar();
if (!python && process.env.CI === 'true') throw new Error('python3-icalendar (Debian) is needed for the iMIP round trip under CI');

let server: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
let team: Team;
let anna: Awaited<ReturnType<typeof teamWithPeople>>['anna'];
let guest: TestClient;

const JITSI = 'https://jitsi.example.org/meet';
// A name with what parameter values must quote or caret-encode (RFC 6868): the ATTENDEE line must hold.
const GUEST = { name: 'Gus "The Guest"; O\'Neil, Jr.', email: 'gus@guest.test' };

beforeAll(async () => {
  smtp = await startSmtpPeer();
  server = await startSchedulingServer({ SMTP_URL: smtp.url, JITSI_BASE_URL: JITSI, MAIL_FROM: 'Team Calendar <calendar@kit.test>' });
  ({ team, anna } = await teamWithPeople(server));
  await setHours(anna.client, 'Europe/Berlin');
  guest = server.client();
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

const pub = (slug: string) => `/api/public/${team.portal.slug}/booking/${slug}`;

/** Both readers of one mail, which must agree; the ical.js one is returned. */
function read(mail: ReceivedMail): ReadMail {
  const js = readWithIcalJs(mail.raw);
  if (python) expect(readWithPython(python, mail.raw)).toEqual(js);
  return js;
}

/** Mails already taken by a test. */
const seen = new Set<ReceivedMail>();

async function nextMail(to: string, subjectStart: string, about = ''): Promise<ReceivedMail> {
  await server.runJobs();
  // The subject is an RFC 2047 encoded word when it holds more than ASCII (the dash of the time range).
  const subject = new RegExp(`^Subject: (?:=\\?UTF-8\\?Q\\?)?${subjectStart.replace(/ /g, '[ _]')}`, 'mi');
  const mail = await smtp.waitFor((m) => m.to.includes(to) && !seen.has(m) && subject.test(m.raw) && m.raw.includes(about), 10_000);
  seen.add(mail);
  return mail;
}

describe('iMIP round trip of a booking', () => {
  it('books, moves and cancels; the guest’s calendar follows each mail and ignores an old one', async () => {
    const page = await anna.client.post('/api/booking-pages', {
      slug: 'video',
      title: 'Video chat',
      durationMinutes: 30,
      location: { kind: 'jitsi' },
    });
    expect(page.status, page.text).toBe(201);
    expect(page.body.location).toEqual({ kind: 'jitsi', value: null });
    expect((await guest.get(pub('video'))).body.location).toEqual({ kind: 'jitsi', value: null });

    const calendar = new ClientCalendar();

    // 1. Booked: a REQUEST with the booking's UID, SEQUENCE 0, the Jitsi room as LOCATION and URL.
    const made = await guest.post(`${pub('video')}/book`, { start: '2031-03-04T13:00:00Z', ...GUEST, timeZone: 'Europe/Berlin' });
    expect(made.status, made.text).toBe(201);
    const room = made.body.location.value as string;
    expect(made.body.location.kind).toBe('jitsi');
    expect(room).toMatch(new RegExp(`^${JITSI}/SchedulingKit-[0-9a-f]{32}$`));
    const token = (made.body.manageUrl as string).split('/').at(-1)!;

    const first = await nextMail(GUEST.email, 'Confirmed');
    const request = read(first);
    expect(request.contentType).toBe('multipart/alternative');
    expect(request.autoSubmitted).toBe('auto-generated');
    expect(request.parts).toEqual([
      { type: 'text/plain', method: null, disposition: null },
      { type: 'text/html', method: null, disposition: null },
      { type: 'text/calendar', method: 'REQUEST', disposition: null },
    ]);
    expect(request.calendars).toHaveLength(1);
    expect(request.calendars[0]!.method).toBe('REQUEST');
    const [ev] = request.calendars[0]!.events;
    expect(ev).toMatchObject({
      sequence: 0,
      status: 'CONFIRMED',
      summary: 'Video chat with Anna Berg',
      start: '2031-03-04T13:00:00Z',
      end: '2031-03-04T13:30:00Z',
      location: room,
      url: room,
      organizer: { email: `mailto:${anna.user.email}`, params: { cn: 'Anna Berg', 'sent-by': 'mailto:calendar@kit.test' } },
    });
    expect(ev!.uid).toMatch(/^booking-[0-9a-f-]{36}@127\.0\.0\.1$/);
    expect(ev!.attendees).toContainEqual({
      email: `mailto:${GUEST.email}`,
      params: { cn: GUEST.name, partstat: 'ACCEPTED', rsvp: 'FALSE', role: 'REQ-PARTICIPANT' },
    });
    const uid = ev!.uid;
    expect(calendar.apply(request)).toEqual(['added']);
    // The text and the HTML say where, and the HTML links the room.
    const [text, html] = leaves(parseMime(first.raw));
    expect(text!.body).toContain(`Where: Video call (Jitsi Meet): ${room}`);
    expect(html!.body).toContain(`Where: Video call (Jitsi Meet): <a href="${room}">${room}</a>`);

    // 2. Moved: a REQUEST with the same UID and SEQUENCE 1; the calendar moves the meeting, the room stays.
    const moved = await guest.post(`/api/public/bookings/${token}/reschedule`, { start: '2031-03-05T09:00:00Z' });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.location).toEqual({ kind: 'jitsi', value: room });
    const update = read(await nextMail(GUEST.email, 'Rescheduled'));
    expect(update.calendars[0]!.events[0]).toMatchObject({ uid, sequence: 1, start: '2031-03-05T09:00:00Z', end: '2031-03-05T09:30:00Z' });
    expect(calendar.apply(update)).toEqual(['updated']);
    // The first REQUEST arriving late (SEQUENCE 0) changes nothing.
    expect(calendar.apply(request)).toEqual(['ignored']);
    const shown = (await guest.get(`/api/public/bookings/${token}`)).body;
    expect(calendar.events.get(uid)).toEqual({
      uid,
      sequence: 1,
      status: 'CONFIRMED',
      summary: 'Video chat with Anna Berg',
      start: shown.start.replace('.000Z', 'Z'),
      end: shown.end.replace('.000Z', 'Z'),
      location: shown.location.value,
      url: shown.location.value,
    });

    // 3. Cancelled: METHOD:CANCEL, STATUS:CANCELLED, SEQUENCE 2; the calendar shows it cancelled.
    expect((await guest.post(`/api/public/bookings/${token}/cancel`, { reason: 'Ill' })).status).toBe(200);
    const cancel = read(await nextMail(GUEST.email, 'Cancelled'));
    expect(cancel.parts.at(-1)).toEqual({ type: 'text/calendar', method: 'CANCEL', disposition: null });
    expect(cancel.calendars[0]!.method).toBe('CANCEL');
    expect(cancel.calendars[0]!.events[0]).toMatchObject({ uid, sequence: 2, status: 'CANCELLED' });
    expect(calendar.apply(cancel)).toEqual(['cancelled']);
    expect(calendar.apply(update)).toEqual(['ignored']);
    expect((await guest.get(`/api/public/bookings/${token}`)).body.status).toBe('cancelled');
    expect(calendar.events.get(uid)!.status).toBe('CANCELLED');
  });

  it('sends the host an invitation for their own calendar event, and its CANCEL', async () => {
    const made = await guest.post(`${pub('video')}/book`, { start: '2031-03-06T13:00:00Z', name: 'Hal Host-Test', email: 'hal@guest.test' });
    expect(made.status, made.text).toBe(201);
    const booked = read(await nextMail(anna.user.email, 'New booking', 'Hal Host-Test'));
    const hostCalendar = new ClientCalendar();
    expect(hostCalendar.apply(booked)).toEqual(['added']);
    const hostEvent = booked.calendars[0]!.events[0]!;
    expect(hostEvent.summary).toBe('Video chat: Hal Host-Test');
    // The UID of the event in Anna's calendar: the copy her client syncs is the same meeting.
    const events = await anna.client.get('/api/events?from=2031-03-06T00:00:00Z&to=2031-03-07T00:00:00Z');
    const mine = events.body.items.find((e: { title: string }) => e.title === 'Video chat: Hal Host-Test');
    const full = await anna.client.get(`/api/events/${mine.eventId}`);
    expect(hostEvent.uid).toBe(full.body.icalUid);
    expect(full.body.location).toBe(made.body.location.value);

    const token = (made.body.manageUrl as string).split('/').at(-1)!;
    expect((await guest.post(`/api/public/bookings/${token}/cancel`, {})).status).toBe(200);
    const cancelled = read(await nextMail(anna.user.email, 'Booking cancelled', 'Hal Host-Test'));
    expect(cancelled.calendars[0]!.method).toBe('CANCEL');
    expect(hostCalendar.apply(cancelled)).toEqual(['cancelled']);
  });
});

describe('booking page locations', () => {
  it('keeps an address, a phone number or an https link, and says where in the invitation and the mail', async () => {
    const address = 'Hauptstraße 1; Hof, 2. OG';
    const page = await anna.client.post('/api/booking-pages', {
      slug: 'office',
      title: 'Office visit',
      durationMinutes: 30,
      location: { kind: 'address', value: ` ${address} ` },
    });
    expect(page.status, page.text).toBe(201);
    expect(page.body.location).toEqual({ kind: 'address', value: address });
    const made = await guest.post(`${pub('office')}/book`, { start: '2031-03-07T09:00:00Z', name: 'Ada', email: 'ada@guest.test' });
    expect(made.status, made.text).toBe(201);
    expect(made.body.location).toEqual({ kind: 'address', value: address });
    await server.runJobs();
    const mail = await smtp.waitFor((m) => m.to.includes('ada@guest.test'), 10_000);
    const parsed = readWithIcalJs(mail.raw);
    expect(parsed.calendars[0]!.events[0]).toMatchObject({ location: address, url: null });
    if (python) expect(readWithPython(python, mail.raw)).toEqual(parsed);

    const phone = await anna.client.patch(`/api/booking-pages/${page.body.id}`, { location: { kind: 'phone', value: '+49 30 1234567' } });
    expect(phone.status, phone.text).toBe(200);
    expect(phone.body.location).toEqual({ kind: 'phone', value: '+49 30 1234567' });
    const video = await anna.client.patch(`/api/booking-pages/${page.body.id}`, {
      location: { kind: 'video_url', value: 'https://video.example.com/room/42' },
    });
    expect(video.body.location).toEqual({ kind: 'video_url', value: 'https://video.example.com/room/42' });
    const cleared = await anna.client.patch(`/api/booking-pages/${page.body.id}`, { location: null });
    expect(cleared.body.location).toBeNull();
  });

  it('refuses a video link that is not https, a missing value and a phone number that is none', async () => {
    const base = { slug: 'bad', title: 'Bad', durationMinutes: 30 };
    for (const location of [
      { kind: 'video_url', value: 'http://video.example.com/x' },
      { kind: 'video_url', value: 'javascript:alert(1)' },
      { kind: 'address', value: '  ' },
      { kind: 'phone', value: 'call me' },
      { kind: 'teleport', value: 'x' },
    ]) {
      const res = await anna.client.post('/api/booking-pages', { ...base, location });
      expect(res.status, JSON.stringify(location)).toBe(400);
      expect(res.body.error.details.fields[0].path).toMatch(/^location/);
    }
  });
});
