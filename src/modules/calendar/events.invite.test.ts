import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, type Team } from '../../test/factories.js';
import { startSmtpPeer, type ReceivedMail } from '../../test/smtp.js';
import { ClientCalendar, pythonWithIcalendar, readWithIcalJs, readWithPython, type ReadMail } from '../../test/imip.js';

/**
 * Invitations for events made in the app (issue 18 item 4): the portal's users among the
 * attendees get iTIP REQUEST/CANCEL by mail, read here by two independent parsers and
 * applied to each one's calendar client.
 */

const python = pythonWithIcalendar();
if (!python && process.env.CI === 'true') throw new Error('python3-icalendar (Debian) is needed for the iMIP tests under CI');

let server: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
let team: Team;
beforeAll(async () => {
  smtp = await startSmtpPeer();
  server = await startTestServer({ env: { SMTP_URL: smtp.url } });
  team = await portalWithTeam(server);
  // The mails of making the team (invitations to the portal) are not what these tests read.
  await server.runJobs();
  await smtp.waitFor((m) => m.to.includes(team.memberUser.email));
  smtp.mails.forEach((m) => seen.add(m));
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

const seen = new Set<ReceivedMail>();
/** The mails that arrived for someone since the last call (after the mail jobs ran). */
async function newMailsTo(email: string): Promise<ReadMail[]> {
  await server.runJobs();
  await new Promise((r) => setTimeout(r, 300));
  const fresh = smtp.mails.filter((m) => m.to.includes(email) && !seen.has(m));
  fresh.forEach((m) => seen.add(m));
  return fresh.map((m) => {
    const js = readWithIcalJs(m.raw);
    if (python) expect(readWithPython(python, m.raw)).toEqual(js);
    return js;
  });
}

describe('invitations for events made in the app', () => {
  it('invites, updates and withdraws users by iMIP; never the actor, nor outside guests, nor who turned invitation mail off', async () => {
    const settings = await team.admin.put('/api/me/notification-settings', { kinds: { 'event.invited': { inApp: true, email: 'off' } } });
    expect(settings.status, settings.text).toBe(200);
    const created = await team.owner.post('/api/events', {
      title: 'Planning; Q3, "final"',
      location: 'Room 4, 2nd floor',
      start: '2031-05-06T10:00',
      end: '2031-05-06T11:00',
      timeZone: 'Europe/Berlin',
      attendees: [
        { userId: team.memberUser.id },
        { email: team.adminUser.email },
        { email: 'outsider@elsewhere.test', name: 'Out "Side"; r\nNEXT:1' },
        { userId: team.ownerUser.id },
      ],
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;
    const uid = created.body.icalUid as string;

    const [invite, ...more] = await newMailsTo(team.memberUser.email);
    expect(more).toEqual([]); // the invitation only: the event.invited notification is in the app: the event.invited notification is in the app
    expect(invite!.contentType).toBe('multipart/alternative');
    expect(invite!.autoSubmitted).toBe('auto-generated');
    expect(invite!.parts.map((p) => `${p.type}${p.method ? `;${p.method}` : ''}`)).toEqual(['text/plain', 'text/html', 'text/calendar;REQUEST']);
    const ev = invite!.calendars[0]!.events[0]!;
    expect(ev).toMatchObject({
      uid,
      sequence: 0,
      status: 'CONFIRMED',
      summary: 'Planning; Q3, "final"',
      location: 'Room 4, 2nd floor',
      start: '2031-05-06T08:00:00Z',
      end: '2031-05-06T09:00:00Z',
    });
    expect(ev.organizer!.email.toLowerCase()).toBe(`mailto:${team.ownerUser.email}`);
    expect(ev.attendees.map((a) => a.email.toLowerCase().replace('mailto:', '')).sort()).toEqual(
      [team.memberUser.email, team.adminUser.email, 'outsider@elsewhere.test', team.ownerUser.email].sort(),
    );
    // A name with a quote, a semicolon and a newline stays one parameter of one ATTENDEE line.
    expect(ev.attendees.find((a) => a.email.toLowerCase() === 'mailto:outsider@elsewhere.test')!.params.cn).toBe('Out "Side"; r\nNEXT:1');
    const memberCalendar = new ClientCalendar();
    expect(memberCalendar.apply(invite!)).toEqual(['added']);
    expect(await newMailsTo(team.ownerUser.email)).toEqual([]);
    expect(await newMailsTo(team.adminUser.email)).toEqual([]);
    expect(await newMailsTo('outsider@elsewhere.test')).toEqual([]);
    const inbox = await team.member.get('/api/notifications');
    expect(inbox.body.items.some((n: { kind: string }) => n.kind === 'event.invited')).toBe(true);

    // Moved: the same UID with a higher SEQUENCE; the client moves it.
    const moved = await team.owner.patch(`/api/events/${id}`, { start: '2031-05-07T14:00', end: '2031-05-07T15:30' });
    expect(moved.status, moved.text).toBe(200);
    const [update] = await newMailsTo(team.memberUser.email);
    expect(update!.calendars[0]!.events[0]).toMatchObject({ uid, start: '2031-05-07T12:00:00Z', end: '2031-05-07T13:30:00Z' });
    expect(update!.calendars[0]!.events[0]!.sequence).toBeGreaterThan(0);
    expect(memberCalendar.apply(update!)).toEqual(['updated']);
    expect(memberCalendar.apply(invite!)).toEqual(['ignored']);
    expect(memberCalendar.events.get(uid)).toMatchObject({ start: '2031-05-07T12:00:00Z', status: 'CONFIRMED' });

    // Only the reminders changed: nothing an attendee sees, no mail.
    expect((await team.owner.patch(`/api/events/${id}`, { reminders: [{ minutesBefore: 15 }] })).status).toBe(200);
    expect(await newMailsTo(team.memberUser.email)).toEqual([]);

    // Taken off the event: a CANCEL for them.
    const dropped = await team.owner.patch(`/api/events/${id}`, { attendees: [{ email: 'outsider@elsewhere.test' }] });
    expect(dropped.status, dropped.text).toBe(200);
    const [withdrawn] = await newMailsTo(team.memberUser.email);
    expect(withdrawn!.calendars[0]!.method).toBe('CANCEL');
    expect(withdrawn!.calendars[0]!.events[0]).toMatchObject({ uid, status: 'CANCELLED' });
    expect(memberCalendar.apply(withdrawn!)).toEqual(['cancelled']);

    // Invited again, then the event is deleted: REQUEST, then CANCEL above it.
    expect((await team.owner.patch(`/api/events/${id}`, { attendees: [{ userId: team.memberUser.id }] })).status).toBe(200);
    const [again] = await newMailsTo(team.memberUser.email);
    expect(memberCalendar.apply(again!)).toEqual(['updated']);
    expect(memberCalendar.events.get(uid)!.status).toBe('CONFIRMED');
    expect((await team.owner.delete(`/api/events/${id}`)).status).toBe(204);
    const [deleted] = await newMailsTo(team.memberUser.email);
    expect(deleted!.calendars[0]!.method).toBe('CANCEL');
    expect(memberCalendar.apply(deleted!)).toEqual(['cancelled']);
    expect(memberCalendar.events.get(uid)!.status).toBe('CANCELLED');
  });
});
