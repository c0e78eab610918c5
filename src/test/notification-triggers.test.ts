import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './harness.js';
import type { TestClient } from './client.js';
import { signupPortal, type Team } from './factories.js';
import { advanceDays, CARD, choosePlan, saveCard, subjectsTo } from '../modules/billing/billing.testkit.js';
import { newActivity, newContact } from '../modules/crm/crm.testkit.js';
import { exportEverything, upload } from '../modules/portability/portability.testkit.js';
import { event, setHours, startSchedulingServer, teamWithPeople } from '../modules/scheduling/scheduling.testkit.js';
import { newTask } from '../modules/tasks/tasks.testkit.js';

/**
 * What the modules tell people (PLT-10), read the way the recipient reads it: their
 * own GET /api/notifications. One server for all kinds; each test uses its own records.
 */

let server: TestServer;
let team: Team;
let anna: Awaited<ReturnType<typeof teamWithPeople>>['anna'];
let bob: Awaited<ReturnType<typeof teamWithPeople>>['bob'];
beforeAll(async () => {
  server = await startSchedulingServer();
  ({ team, anna, bob } = await teamWithPeople(server));
});
afterAll(async () => {
  await server?.close();
});

interface Notice {
  kind: string;
  title: string;
  body: string;
  url: string;
}

async function inbox(client: TestClient): Promise<Notice[]> {
  const res = await client.get('/api/notifications?limit=100');
  expect(res.status, res.text).toBe(200);
  return res.body.items as Notice[];
}

/** The recipient's notifications of one kind that link to `url`. */
async function noticesAt(client: TestClient, kind: string, url: string): Promise<Notice[]> {
  return (await inbox(client)).filter((n) => n.kind === kind && n.url === url);
}

async function comment(client: TestClient, taskId: string, body: string) {
  const res = await client.post(`/api/tasks/${taskId}/comments`, { body });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string };
}

describe('task comments and mentions', () => {
  it("tells the task's assignee, creator and earlier commenters of a comment, never its author", async () => {
    const task = await newTask(team.owner, { title: 'Quarterly report', assigneeId: team.memberUser.id });
    const url = `/app/tasks/${task.id}`;
    await comment(anna.client, task.id, 'First draft is in the drive.');

    for (const who of [team.member, team.owner])
      expect(await noticesAt(who, 'task.commented', url)).toEqual([
        expect.objectContaining({ title: 'Anna Berg commented on "Quarterly report"', body: 'First draft is in the drive.' }),
      ]);
    expect(await noticesAt(anna.client, 'task.commented', url)).toEqual([]);
    expect(await noticesAt(team.admin, 'task.commented', url)).toEqual([]);

    await comment(bob.client, task.id, 'Looks good to me.');
    expect((await noticesAt(anna.client, 'task.commented', url)).map((n) => n.title)).toEqual(['Bob Stone commented on "Quarterly report"']);
  });

  it('tells a mentioned person once, as a mention, even when they follow the task', async () => {
    const task = await newTask(team.owner, { title: 'Launch plan', assigneeId: team.memberUser.id });
    const url = `/app/tasks/${task.id}`;
    await comment(bob.client, task.id, '@Mia Member, can you check this? cc @adam admin and @nobody.');

    expect(await noticesAt(team.member, 'mention', url)).toEqual([
      expect.objectContaining({ title: 'Bob Stone mentioned you on "Launch plan"', body: '@Mia Member, can you check this? cc @adam admin and @nobody.' }),
    ]);
    expect(await noticesAt(team.member, 'task.commented', url)).toEqual([]);
    expect(await noticesAt(team.admin, 'mention', url)).toHaveLength(1);
    expect(await noticesAt(team.owner, 'task.commented', url)).toHaveLength(1);
    expect(await inbox(bob.client)).not.toContainEqual(expect.objectContaining({ url }));

    // A mention written into an edit reaches the newly named only.
    const mine = await comment(anna.client, task.id, 'Ready.');
    const edited = await anna.client.patch(`/api/tasks/${task.id}/comments/${mine.id}`, { body: 'Ready, @Mia Member and @bob stone.' });
    expect(edited.status, edited.text).toBe(200);
    expect(await noticesAt(bob.client, 'mention', url)).toHaveLength(1);
    expect(await noticesAt(team.member, 'mention', url)).toHaveLength(2);
  });

  it('tells people mentioned in a CRM note, and those newly mentioned when it is edited', async () => {
    const contact = await newContact(team.admin, { firstName: 'Carla', lastName: 'Client' });
    const url = `/app/crm/contacts/${contact.id}`;
    const note = await newActivity(team.member, { kind: 'note', body: 'Call her back, @Adam Admin.', recordType: 'contact', recordId: contact.id });

    expect(await noticesAt(team.admin, 'mention', url)).toEqual([
      expect.objectContaining({ title: 'Mia Member mentioned you in a note', body: 'Call her back, @Adam Admin.' }),
    ]);
    expect(await noticesAt(team.member, 'mention', url)).toEqual([]);

    const res = await team.member.patch(`/api/crm/activities/${note.id}`, { body: 'Call her back, @Adam Admin. @anna berg too?' });
    expect(res.status, res.text).toBe(200);
    expect(await noticesAt(team.admin, 'mention', url)).toHaveLength(1);
    expect(await noticesAt(anna.client, 'mention', url)).toHaveLength(1);
  });
});

describe('event invitations', () => {
  it('invites users who become attendees of an event in a shared calendar, by user id or email, not the organizer', async () => {
    const calendar = await team.owner.post('/api/calendars', { name: 'Team', kind: 'shared' });
    expect(calendar.status, calendar.text).toBe(201);
    const ev = await event(team.owner, {
      calendarId: calendar.body.id,
      title: 'Planning',
      start: '2031-03-05T10:00:00',
      end: '2031-03-05T11:00:00',
      timeZone: 'Europe/Berlin',
      location: 'Room 1',
      attendees: [{ userId: team.memberUser.id }, { email: bob.user.email.toUpperCase() }, { userId: team.ownerUser.id }, { email: 'guest@outside.test' }],
    });
    const url = `/app/calendar?event=${ev.id}`;
    for (const who of [team.member, bob.client])
      expect(await noticesAt(who, 'event.invited', url)).toEqual([
        expect.objectContaining({ title: expect.stringContaining('invited you to "Planning"'), body: '2031-03-05 10:00 (Europe/Berlin)\nRoom 1' }),
      ]);
    expect(await noticesAt(team.owner, 'event.invited', url)).toEqual([]);

    const res = await team.owner.patch(`/api/events/${ev.id}`, { attendees: [{ userId: team.memberUser.id }, { userId: anna.user.id }] });
    expect(res.status, res.text).toBe(200);
    expect(await noticesAt(anna.client, 'event.invited', url)).toHaveLength(1);
    expect(await noticesAt(team.member, 'event.invited', url)).toHaveLength(1);
  });

  it("invites a user attendee to an event in the organizer's personal calendar, which they may then read but not change", async () => {
    const ev = await event(team.owner, {
      title: 'Private chat',
      start: '2031-03-05T15:00:00',
      end: '2031-03-05T15:30:00',
      timeZone: 'Europe/Berlin',
      attendees: [{ userId: team.memberUser.id }],
    });
    const url = `/app/calendar?event=${ev.id}`;
    expect(await noticesAt(team.member, 'event.invited', url)).toEqual([
      expect.objectContaining({ title: expect.stringContaining('invited you to "Private chat"') }),
    ]);
    expect(await noticesAt(team.admin, 'event.invited', url)).toEqual([]);

    // The invitee reads it, read-only; the organizer may edit it.
    const read = await team.member.get(`/api/events/${ev.id}`);
    expect(read.status, read.text).toBe(200);
    expect(read.body).toMatchObject({ title: 'Private chat', canEdit: false, attendees: [expect.objectContaining({ userId: team.memberUser.id })] });
    expect((await team.owner.get(`/api/events/${ev.id}`)).body.canEdit).toBe(true);
    expect((await team.member.patch(`/api/events/${ev.id}`, { title: 'Taken over' })).status).toBe(404);
    expect((await team.member.delete(`/api/events/${ev.id}`)).status).toBe(404);
    expect((await team.owner.get(`/api/events/${ev.id}`)).body.title).toBe('Private chat');

    // A colleague who is not invited, even an admin, and another portal: not found.
    expect((await team.admin.get(`/api/events/${ev.id}`)).status).toBe(404);
    const other = await signupPortal(server);
    expect((await other.client.get(`/api/events/${ev.id}`)).status).toBe(404);

    // Taken off the attendees: the event and the invitation are gone for them.
    expect((await team.owner.patch(`/api/events/${ev.id}`, { attendees: [] })).status).toBe(200);
    expect((await team.member.get(`/api/events/${ev.id}`)).status).toBe(404);
    expect(await noticesAt(team.member, 'event.invited', url)).toEqual([]);
  });

  it("links an attendee given by a user's email (any case) to that user: invited, and able to read the event", async () => {
    const ev = await event(team.owner, {
      title: 'By address',
      start: '2031-03-06T09:00:00',
      end: '2031-03-06T09:30:00',
      timeZone: 'Europe/Berlin',
      attendees: [{ email: team.adminUser.email.toUpperCase() }, { email: 'guest@elsewhere.test' }],
    });
    expect(await noticesAt(team.admin, 'event.invited', `/app/calendar?event=${ev.id}`)).toHaveLength(1);
    const read = await team.admin.get(`/api/events/${ev.id}`);
    expect(read.status, read.text).toBe(200);
    expect(read.body.canEdit).toBe(false);
    expect(read.body.attendees).toEqual([
      expect.objectContaining({ userId: team.adminUser.id, email: team.adminUser.email }),
      expect.objectContaining({ userId: null, email: 'guest@elsewhere.test' }),
    ]);
  });
});

describe('bookings', () => {
  const pub = () => `/api/public/${team.portal.slug}/booking/notify-intro`;
  const book = async (start: string, name: string) => {
    const res = await server.client().post(`${pub()}/book`, { start, name, email: `${name.split(' ')[0]!.toLowerCase()}@guest.test` });
    expect(res.status, res.text).toBe(201);
    return res.body.manageUrl.split('/').at(-1) as string;
  };
  const bookingId = async (guestName: string) => {
    const res = await anna.client.get('/api/bookings?limit=100');
    expect(res.status, res.text).toBe(200);
    return (res.body.items as { id: string; guestName: string }[]).find((b) => b.guestName === guestName)!.id;
  };

  beforeAll(async () => {
    await setHours(anna.client, 'Europe/Berlin');
    const page = await anna.client.post('/api/booking-pages', { slug: 'notify-intro', title: 'Intro call', durationMinutes: 30 });
    expect(page.status, page.text).toBe(201);
  });

  it('tells the host of a booking made, moved and cancelled by the guest', async () => {
    const token = await book('2031-03-04T09:00:00Z', 'Gus Guest');
    const url = `/app/scheduling/bookings?booking=${await bookingId('Gus Guest')}`;
    expect(await noticesAt(anna.client, 'booking.created', url)).toEqual([
      expect.objectContaining({ title: 'New booking: Intro call with Gus Guest', body: expect.stringContaining('10:00') }),
    ]);

    const moved = await server.client().post(`/api/public/bookings/${token}/reschedule`, { start: '2031-03-05T13:00:00Z' });
    expect(moved.status, moved.text).toBe(200);
    expect(await noticesAt(anna.client, 'booking.rescheduled', url)).toEqual([expect.objectContaining({ title: 'Booking moved: Intro call with Gus Guest' })]);

    const cancelled = await server.client().post(`/api/public/bookings/${token}/cancel`, { reason: 'Sick' });
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(await noticesAt(anna.client, 'booking.cancelled', url)).toEqual([
      expect.objectContaining({ title: 'Booking cancelled: Intro call with Gus Guest', body: expect.stringContaining('Cancelled by the guest\nReason: Sick') }),
    ]);
    expect(await inbox(bob.client)).not.toContainEqual(expect.objectContaining({ url }));
  });

  it('does not tell a host of the cancellation they made themselves', async () => {
    await book('2031-03-06T09:00:00Z', 'Hal Host');
    const id = await bookingId('Hal Host');
    const res = await anna.client.post(`/api/bookings/${id}/cancel`, { reason: 'Conflict' });
    expect(res.status, res.text).toBe(200);
    const url = `/app/scheduling/bookings?booking=${id}`;
    expect(await noticesAt(anna.client, 'booking.created', url)).toHaveLength(1);
    expect(await noticesAt(anna.client, 'booking.cancelled', url)).toEqual([]);
  });
});

describe('exports and imports', () => {
  it('tells the admin who asked that the export is ready, and the one who imported it that the import is finished', async () => {
    const exported = await exportEverything(server, team.admin);
    expect((await inbox(team.admin)).filter((n) => n.kind === 'export.ready')).toEqual([
      expect.objectContaining({ title: 'Your export is ready', url: '/app/settings/data', body: expect.stringMatching(/\d+ contacts/) }),
    ]);
    expect((await inbox(team.owner)).filter((n) => n.kind === 'export.ready')).toEqual([]);

    const target = await signupPortal(server);
    const started = await upload(target.client, '/api/imports', 'export.zip', exported.zip);
    expect(started.status, started.text).toBe(201);
    await server.runJobs();
    expect((await inbox(target.client)).filter((n) => n.kind === 'import.finished')).toEqual([
      expect.objectContaining({ title: 'Your portal import is finished', url: '/app/settings/data', body: expect.stringMatching(/^Imported: .*\d+ contacts/) }),
    ]);
  });
});

describe('billing', () => {
  it('tells the other owners and admins of a plan change and its invoice, not the one who made it, nor members', async () => {
    await saveCard(team.owner);
    await choosePlan(team.owner, 'team');
    const billing = (await inbox(team.admin)).filter((n) => n.kind === 'billing');
    expect(billing).toContainEqual(expect.objectContaining({ title: 'The portal is now on the Team plan', url: '/app/settings/billing' }));
    expect(billing).toContainEqual(
      expect.objectContaining({
        title: expect.stringMatching(/^Invoice .+ issued: \$10\.00 paid$/),
        url: expect.stringMatching(/^\/app\/settings\/billing\/invoices\//),
      }),
    );
    expect((await inbox(team.owner)).filter((n) => n.kind === 'billing')).toEqual([]);
    expect((await inbox(team.member)).filter((n) => n.kind === 'billing')).toEqual([]);
    // Billing mails it already: the notification adds no second mail.
    expect((await subjectsTo(server, team.adminUser.email)).filter((subject) => subject.includes('now on the Team plan'))).toHaveLength(1);
  });

  it('tells every owner and admin when a renewal payment fails', async () => {
    await saveCard(team.owner, CARD.failsOnCharge);
    await advanceDays(team.owner, 31);
    for (const who of [team.owner, team.admin])
      expect((await inbox(who)).filter((n) => n.kind === 'billing' && n.title.startsWith('Payment failed'))).toEqual([
        expect.objectContaining({
          body: expect.stringContaining('We could not charge $10.00'),
          url: expect.stringMatching(/^\/app\/settings\/billing\/invoices\//),
        }),
      ]);
  });
});
