import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import type { TestClient } from '../../test/client.js';
import { addUser, signupPortal, type Team } from '../../test/factories.js';
import { event, setHours, startSchedulingServer, teamWithPeople, upgrade } from './scheduling.testkit.js';

let server: TestServer;
let team: Team;
let anna: Awaited<ReturnType<typeof teamWithPeople>>['anna'];
let bob: Awaited<ReturnType<typeof teamWithPeople>>['bob'];
let guest: TestClient;
beforeAll(async () => {
  server = await startSchedulingServer();
  ({ team, anna, bob } = await teamWithPeople(server));
  await setHours(anna.client, 'Europe/Berlin');
  await setHours(bob.client, 'Europe/Berlin');
  guest = server.client();
});
afterAll(async () => {
  await server?.close();
});

const intro = { slug: 'intro', title: 'Intro call', durationMinutes: 30, bufferBeforeMinutes: 10, bufferAfterMinutes: 10, minimumNoticeMinutes: 120 };
const pub = (slug: string) => `/api/public/${team.portal.slug}/booking/${slug}`;

async function slots(slug: string, from: string, to: string): Promise<string[]> {
  const res = await guest.get(`${pub(slug)}/slots?from=${from}&to=${to}&timeZone=America/Chicago`);
  expect(res.status, res.text).toBe(200);
  return res.body.slots.map((s: { start: string }) => s.start);
}

async function book(slug: string, start: string, who = { name: 'Gus Guest', email: 'gus@guest.test' }, extra: Record<string, unknown> = {}) {
  return guest.post(`${pub(slug)}/book`, { start, ...who, ...extra });
}

async function mailsTo(to: string) {
  const rows = await server.deps.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', to).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({
    subject: r.subject,
    text: r.text_body,
    attachments: r.attachments ? (JSON.parse(r.attachments) as { filename: string; contentType: string; content: string }[]) : [],
    calendar: r.calendar_method ? { method: r.calendar_method, content: r.calendar_body! } : null,
  }));
}

async function eventsOf(client: TestClient, from: string, to: string) {
  const res = await client.get(`/api/events?from=${from}&to=${to}`);
  expect(res.status, res.text).toBe(200);
  return res.body.items as { eventId: string; title: string; start: string; end: string }[];
}

describe('booking pages (SCH-3)', () => {
  it('creates a page for yourself, with its public address', async () => {
    const res = await anna.client.post('/api/booking-pages', intro);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      slug: 'intro',
      url: `${server.url}/book/${team.portal.slug}/intro`,
      mode: 'collective',
      horizonDays: 60,
      slotStepMinutes: 30,
      active: true,
      hosts: [{ userId: anna.user.id, name: 'Anna Berg' }],
      canManage: true,
    });
  });

  it('refuses an address that is taken or malformed', async () => {
    const taken = await bob.client.post('/api/booking-pages', { ...intro });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('SLUG_TAKEN');
    const bad = await bob.client.post('/api/booking-pages', { ...intro, slug: 'Not a slug!' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('slug');
  });

  it('lets only admins make a page for someone else', async () => {
    const member = await team.member.post('/api/booking-pages', { ...intro, slug: 'for-anna', hostIds: [anna.user.id] });
    expect(member.status).toBe(403);
    const admin = await team.admin.post('/api/booking-pages', { ...intro, slug: 'for-anna', hostIds: [anna.user.id] });
    expect(admin.status, admin.text).toBe(201);
  });

  it('needs the plan’s team booking pages for several hosts or round robin (402), and allows them after upgrading', async () => {
    const team2 = await team.owner.post('/api/booking-pages', { ...intro, slug: 'team', hostIds: [anna.user.id, bob.user.id] });
    expect(team2.status).toBe(402);
    expect(team2.body.error).toMatchObject({ code: 'PLAN_FEATURE_REQUIRED', details: { feature: 'booking_pages_team' } });
    const rr = await team.owner.post('/api/booking-pages', { ...intro, slug: 'team', mode: 'round_robin', hostIds: [anna.user.id] });
    expect(rr.status).toBe(402);
    await upgrade(team.owner);
    const ok = await team.owner.post('/api/booking-pages', { ...intro, slug: 'team', hostIds: [anna.user.id, bob.user.id] });
    expect(ok.status, ok.text).toBe(201);
  });

  it('lets hosts and admins change or delete a page, nobody else', async () => {
    const page = (await anna.client.post('/api/booking-pages', { ...intro, slug: 'temp' })).body;
    expect((await bob.client.patch(`/api/booking-pages/${page.id}`, { title: 'Hijacked' })).status).toBe(403);
    const renamed = await anna.client.patch(`/api/booking-pages/${page.id}`, { title: 'Quick chat', durationMinutes: 15 });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body).toMatchObject({ title: 'Quick chat', durationMinutes: 15 });
    expect((await bob.client.delete(`/api/booking-pages/${page.id}`)).status).toBe(403);
    expect((await team.admin.delete(`/api/booking-pages/${page.id}`)).status).toBe(204);
    expect((await anna.client.get(`/api/booking-pages/${page.id}`)).status).toBe(404);
    expect((await guest.get(`${pub('temp')}/slots`)).status).toBe(404);
  });

  it('lists pages, filtered by host', async () => {
    const res = await bob.client.get(`/api/booking-pages?hostId=${anna.user.id}&sort=title`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.map((p: { slug: string }) => p.slug).sort()).toEqual(['for-anna', 'intro', 'team']);
    // Bob manages only the page he hosts.
    expect(res.body.items.filter((p: { canManage: boolean }) => p.canManage).map((p: { slug: string }) => p.slug)).toEqual(['team']);
  });
});

describe('public booking', () => {
  it('shows the page to guests without an account', async () => {
    const res = await guest.get(pub('intro'));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      title: 'Intro call',
      durationMinutes: 30,
      hosts: [{ name: 'Anna Berg' }],
      timeZone: 'Europe/Berlin',
      portal: { slug: team.portal.slug },
    });
    expect(res.text).not.toContain(anna.user.email);
  });

  it('offers slots inside working hours, clear of events by the buffers, after the minimum notice', async () => {
    await event(anna.client, { title: 'Team lunch', start: '2031-03-04T11:00', end: '2031-03-04T12:00', timeZone: 'Europe/Berlin' });
    const tuesday = await slots('intro', '2031-03-04T00:00:00Z', '2031-03-05T00:00:00Z');
    // Berlin 09:00–17:00 = 08:00–16:00 UTC; lunch 10:00–11:00 UTC with 10-minute buffers on both sides.
    expect(tuesday).toEqual(
      ['08:00', '08:30', '09:00', '11:30', '12:00', '12:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30'].map((t) => `2031-03-04T${t}:00.000Z`),
    );
    // Now is Monday 07:00 UTC (and a few seconds); two hours' notice: nothing before 09:00 UTC today.
    const today = await slots('intro', '2031-03-03T00:00:00Z', '2031-03-04T00:00:00Z');
    expect(today[0]! >= '2031-03-03T09:00:00.000Z' && today[0]! <= '2031-03-03T09:30:00.000Z').toBe(true);
  });

  it('books a slot: an event in the host’s calendar, a CRM contact, a confirmation with an invitation and a manage link; the host is told', async () => {
    const res = await book(
      'intro',
      '2031-03-04T13:00:00Z',
      { name: 'Gus Guest', email: 'gus@guest.test' },
      { timeZone: 'America/Chicago', notes: 'About the pilot' },
    );
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ status: 'confirmed', start: '2031-03-04T13:00:00.000Z', end: '2031-03-04T13:30:00.000Z', hosts: [{ name: 'Anna Berg' }] });
    expect(res.body.manageUrl).toMatch(new RegExp(`^${server.url}/booking/bk_`));

    const events = await eventsOf(anna.client, '2031-03-04T00:00:00Z', '2031-03-05T00:00:00Z');
    expect(events).toContainEqual(
      expect.objectContaining({ title: 'Intro call: Gus Guest', start: '2031-03-04T13:00:00.000Z', end: '2031-03-04T13:30:00.000Z' }),
    );

    const contacts = await anna.client.get('/api/crm/contacts?q=gus@guest.test');
    expect(contacts.body.items).toEqual([
      expect.objectContaining({ firstName: 'Gus', lastName: 'Guest', emails: [{ value: 'gus@guest.test', type: 'work' }] }),
    ]);

    const [confirmation] = await mailsTo('gus@guest.test');
    expect(confirmation!.subject).toBe('Confirmed: Intro call with Anna Berg, Tue, 4 Mar 2031, 07:00–07:30 (America/Chicago)');
    expect(confirmation!.text).toContain(res.body.manageUrl);
    expect(confirmation!.attachments).toEqual([]);
    expect(confirmation!.calendar!.method).toBe('REQUEST');
    const ics = confirmation!.calendar!.content;
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain('DTSTART:20310304T130000Z');
    expect(ics).toContain('SUMMARY:Intro call with Anna Berg');
    expect(ics).toMatch(/^UID:booking-[0-9a-f-]{36}@127\.0\.0\.1\r$/m);

    const hostMail = (await mailsTo(anna.user.email)).find((m) => m.subject.startsWith('New booking'));
    expect(hostMail!.subject).toBe('New booking: Intro call with Gus Guest, Tue, 4 Mar 2031, 14:00–14:30 (Europe/Berlin)');
    expect(hostMail!.text).toContain('About the pilot');
    expect(hostMail!.calendar!.content).toContain('SUMMARY:Intro call: Gus Guest');
    expect(await slots('intro', '2031-03-04T12:00:00Z', '2031-03-04T15:00:00Z')).not.toContain('2031-03-04T13:00:00.000Z');
  });

  it('answers 409 when the slot was taken meanwhile, and for a start the buffers rule out', async () => {
    const same = await book('intro', '2031-03-04T13:00:00Z', { name: 'Late Larry', email: 'larry@guest.test' });
    expect(same.status).toBe(409);
    expect(same.body.error.code).toBe('SLOT_TAKEN');
    const close = await book('intro', '2031-03-04T13:30:00Z', { name: 'Late Larry', email: 'larry@guest.test' });
    expect(close.status).toBe(409);
    expect(await mailsTo('larry@guest.test')).toEqual([]);
    const offGrid = await book('intro', '2031-03-04T14:10:00Z', { name: 'Late Larry', email: 'larry@guest.test' });
    expect(offGrid.status).toBe(409);
    // Beyond the 60 days the page can be booked ahead, and before the two hours' notice.
    expect((await book('intro', '2031-05-06T09:00:00Z', { name: 'Late Larry', email: 'larry@guest.test' })).status).toBe(409);
    expect((await book('intro', '2031-03-03T08:00:00Z', { name: 'Late Larry', email: 'larry@guest.test' })).status).toBe(409);
    expect((await book('intro', '2031-04-29T09:00:00Z', { name: 'Far Fay', email: 'fay@guest.test' })).status).toBe(201);
  });

  it('keeps one CRM contact for a returning guest', async () => {
    expect((await book('intro', '2031-03-04T15:00:00Z', { name: 'Gus Guest', email: 'GUS@guest.test' })).status).toBe(201);
    const contacts = await anna.client.get('/api/crm/contacts?q=gus@guest.test');
    expect(contacts.body.items).toHaveLength(1);
  });

  it('fires booking.created, so automations can act on it', async () => {
    const rule = await team.owner.post('/api/automations', {
      name: 'Prepare bookings',
      trigger: { type: 'booking.created' },
      actions: [{ type: 'create_task', title: 'Prepare {{booking.eventTypeName}} with {{booking.name}}' }],
    });
    expect(rule.status, rule.text).toBe(201);
    expect((await book('intro', '2031-03-05T08:00:00Z', { name: 'Hana Host', email: 'hana@guest.test' })).status).toBe(201);
    await server.runJobs();
    await server.runJobs();
    const tasks = await team.owner.get('/api/tasks?q=Prepare');
    expect(tasks.body.items.map((t: { title: string }) => t.title)).toContain('Prepare Intro call with Hana Host');
  });

  it('lets the guest reschedule through the link: the event moves and the old time is free again', async () => {
    const made = await book('intro', '2031-03-06T08:00:00Z', { name: 'Rita Re', email: 'rita@guest.test' });
    const token = made.body.manageUrl.split('/').at(-1);
    const seen = await guest.get(`/api/public/bookings/${token}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ status: 'confirmed', start: '2031-03-06T08:00:00.000Z', pageSlug: 'intro' });
    const options = (await guest.get(`/api/public/bookings/${token}/slots?from=2031-03-06T00:00:00Z&to=2031-03-07T00:00:00Z`)).body.slots.map(
      (s: { start: string }) => s.start,
    );
    // Its own time counts as free when moving it.
    expect(options).toContain('2031-03-06T08:00:00.000Z');
    const moved = await guest.post(`/api/public/bookings/${token}/reschedule`, { start: '2031-03-06T12:00:00Z' });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.start).toBe('2031-03-06T12:00:00.000Z');
    const events = (await eventsOf(anna.client, '2031-03-06T00:00:00Z', '2031-03-07T00:00:00Z')).filter((e) => e.title === 'Intro call: Rita Re');
    expect(events.map((e) => e.start)).toEqual(['2031-03-06T12:00:00.000Z']);
    expect(await slots('intro', '2031-03-06T00:00:00Z', '2031-03-07T00:00:00Z')).toContain('2031-03-06T08:00:00.000Z');
    expect((await mailsTo('rita@guest.test')).map((m) => m.subject[0] + m.subject.split(':')[0])).toEqual(['CConfirmed', 'RRescheduled']);
    const taken = await guest.post(`/api/public/bookings/${token}/reschedule`, { start: '2031-03-04T13:00:00Z' });
    expect(taken.status).toBe(409);
  });

  it('lets the guest cancel: the event leaves the calendar and the time is free again', async () => {
    const made = await book('intro', '2031-03-07T08:00:00Z', { name: 'Carl Cancel', email: 'carl@guest.test' });
    const token = made.body.manageUrl.split('/').at(-1);
    const res = await guest.post(`/api/public/bookings/${token}/cancel`, { reason: 'Found the answer' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect((await eventsOf(anna.client, '2031-03-07T00:00:00Z', '2031-03-08T00:00:00Z')).some((e) => e.title.includes('Carl'))).toBe(false);
    expect(await slots('intro', '2031-03-07T00:00:00Z', '2031-03-08T00:00:00Z')).toContain('2031-03-07T08:00:00.000Z');
    expect((await mailsTo(anna.user.email)).some((m) => m.subject.startsWith('Booking cancelled') && m.text.includes('Found the answer'))).toBe(true);
    expect((await guest.post(`/api/public/bookings/${token}/reschedule`, { start: '2031-03-07T09:00:00Z' })).body.error.code).toBe('BOOKING_CANCELLED');
    // The same time can be booked again.
    expect((await book('intro', '2031-03-07T08:00:00Z', { name: 'Dora Next', email: 'dora@guest.test' })).status).toBe(201);
  });

  it('answers 404 for an unknown manage link or page', async () => {
    expect((await guest.get('/api/public/bookings/bk_not-a-real-token-at-all')).status).toBe(404);
    expect((await guest.get(`${pub('nope')}/slots`)).status).toBe(404);
    expect((await guest.get(`/api/public/no-such-portal/booking/intro/slots`)).status).toBe(404);
  });
});

describe('team pages', () => {
  it('round robin gives each booking to the host who has waited longest', async () => {
    const page = await team.owner.post('/api/booking-pages', {
      slug: 'sales',
      title: 'Sales call',
      durationMinutes: 30,
      mode: 'round_robin',
      hostIds: [anna.user.id, bob.user.id],
    });
    expect(page.status, page.text).toBe(201);
    const hosts: string[] = [];
    for (const start of ['2031-03-11T08:00:00Z', '2031-03-11T09:00:00Z', '2031-03-11T10:00:00Z']) {
      const res = await book('sales', start, { name: `Guest ${start.slice(11, 13)}`, email: `g${start.slice(11, 13)}@guest.test` });
      expect(res.status, res.text).toBe(201);
      hosts.push(res.body.hosts[0].name);
    }
    expect(hosts).toEqual(['Anna Berg', 'Bob Stone', 'Anna Berg']);
  });

  it('round robin still offers a time when one host is busy, and gives it to the free one', async () => {
    await event(anna.client, { title: 'Focus', start: '2031-03-12T09:00', end: '2031-03-12T10:00', timeZone: 'Europe/Berlin' });
    expect(await slots('sales', '2031-03-12T08:00:00Z', '2031-03-12T09:00:00Z')).toEqual(['2031-03-12T08:00:00.000Z', '2031-03-12T08:30:00.000Z']);
    const res = await book('sales', '2031-03-12T08:00:00Z', { name: 'Ivy', email: 'ivy@guest.test' });
    expect(res.body.hosts).toEqual([{ name: 'Bob Stone' }]);
  });

  it('collective pages offer only times when every host is free, and book them all', async () => {
    await event(bob.client, { title: 'Dentist', start: '2031-03-13T09:00', end: '2031-03-13T10:00', timeZone: 'Europe/Berlin' });
    // Work starts at 08:00 UTC; Bob's dentist is 08:00–09:00 UTC; with the 10-minute buffers the first time for both is 09:30.
    const offered = await slots('team', '2031-03-13T07:00:00Z', '2031-03-13T10:00:00Z');
    expect(offered).toEqual(['2031-03-13T09:30:00.000Z']);
    const res = await book('team', '2031-03-13T09:30:00Z', { name: 'Jo Both', email: 'jo@guest.test' });
    expect(res.status, res.text).toBe(201);
    expect(res.body.hosts).toEqual([{ name: 'Anna Berg' }, { name: 'Bob Stone' }]);
    for (const c of [anna.client, bob.client]) {
      expect((await eventsOf(c, '2031-03-13T00:00:00Z', '2031-03-14T00:00:00Z')).some((e) => e.title === 'Intro call: Jo Both')).toBe(true);
    }
  });

  it('stops offering a host’s day once the page’s daily limit is reached', async () => {
    const page = await anna.client.post('/api/booking-pages', { slug: 'office-hours', title: 'Office hours', durationMinutes: 30, dailyLimit: 1 });
    expect(page.status, page.text).toBe(201);
    expect((await book('office-hours', '2031-03-14T08:00:00Z', { name: 'Kim', email: 'kim@guest.test' })).status).toBe(201);
    expect(await slots('office-hours', '2031-03-14T00:00:00Z', '2031-03-15T00:00:00Z')).toEqual([]);
    expect((await book('office-hours', '2031-03-14T12:00:00Z', { name: 'Lee', email: 'lee@guest.test' })).status).toBe(409);
    expect((await slots('office-hours', '2031-03-17T00:00:00Z', '2031-03-18T00:00:00Z')).length).toBeGreaterThan(0);
  });
});

describe('bookings in the app', () => {
  it('lists the bookings you host by start time; admins see all', async () => {
    const mine = await bob.client.get('/api/bookings?from=2031-03-01T00:00:00Z');
    expect(mine.status, mine.text).toBe(200);
    expect(mine.body.items.every((b: { hosts: { userId: string }[] }) => b.hosts.some((h) => h.userId === bob.user.id))).toBe(true);
    const starts = mine.body.items.map((b: { start: string }) => b.start);
    expect(starts).toEqual([...starts].sort());
    const all = await team.owner.get('/api/bookings?limit=200');
    expect(all.body.items.length).toBeGreaterThan(mine.body.items.length);
  });

  it('lets a host cancel a booking, and tells the guest', async () => {
    const made = await book('intro', '2031-03-17T08:00:00Z', { name: 'Max Moved', email: 'max@guest.test' });
    const list = await anna.client.get('/api/bookings?status=confirmed&from=2031-03-17T00:00:00Z');
    const booking = list.body.items.find((b: { guestEmail: string }) => b.guestEmail === 'max@guest.test');
    expect((await bob.client.post(`/api/bookings/${booking.id}/cancel`, {})).status).toBe(403);
    const res = await anna.client.post(`/api/bookings/${booking.id}/cancel`, { reason: 'Sick today' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toBe('cancelled');
    const mails = await mailsTo('max@guest.test');
    expect(mails.at(-1)!.text).toContain('Anna Berg cancelled');
    expect(mails.at(-1)!.text).toContain('Sick today');
    expect(made.status).toBe(201);
  });
});

describe('abuse', () => {
  it('refuses more than 30 bookings from one address on one portal within 15 minutes (429)', async () => {
    const other = await signupPortal(server);
    await setHours(
      other.client,
      'UTC',
      [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' })),
    );
    expect((await other.client.post('/api/booking-pages', { slug: 'quick', title: 'Quick', durationMinutes: 5, slotStepMinutes: 5 })).status).toBe(201);
    const path = `/api/public/${other.portal.slug}/booking/quick/book`;
    for (let i = 0; i < 30; i++) {
      const start = new Date(Date.parse('2031-03-04T08:00:00Z') + i * 5 * 60_000).toISOString();
      const res = await guest.post(path, { start, name: `Bot ${i}`, email: `bot${i}@spam.test` });
      expect(res.status, res.text).toBe(201);
    }
    const refused = await guest.post(path, { start: '2031-03-04T12:00:00Z', name: 'Bot 31', email: 'bot31@spam.test' });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
  });
});

describe('after a downgrade', () => {
  it('keeps a team page visible in the app but read-only, and stops offering it to guests', async () => {
    const free = await signupPortal(server);
    const colleague = await addUser(server, free.client, { name: 'Cole League' });
    const page = await free.client.post('/api/booking-pages', { slug: 'duo', title: 'Duo', durationMinutes: 30 });
    expect(page.status).toBe(201);
    // As if the page had been made with two hosts on a plan that had team pages.
    await server.deps.db
      .insertInto('booking_page_hosts')
      .values({ portal_id: free.portal.id, page_id: page.body.id, user_id: colleague.user.id, position: 1, last_booked_at: null })
      .execute();
    expect((await free.client.get(`/api/booking-pages/${page.body.id}`)).body.hosts).toHaveLength(2);
    const edit = await free.client.patch(`/api/booking-pages/${page.body.id}`, { title: 'Renamed' });
    expect(edit.status).toBe(402);
    expect(edit.body.error.code).toBe('PLAN_FEATURE_REQUIRED');
    expect((await guest.get(`/api/public/${free.portal.slug}/booking/duo/slots`)).status).toBe(404);
    expect((await free.client.delete(`/api/booking-pages/${page.body.id}`)).status).toBe(204);
  });
});

describe('while the portal is paused', () => {
  it('refuses new bookings and changes through the guest’s link (423), and shows what is booked', async () => {
    const made = await book('intro', '2031-03-18T08:00:00Z', { name: 'Pat Paused', email: 'pat@guest.test' });
    expect(made.status, made.text).toBe(201);
    const token = made.body.manageUrl.split('/').at(-1);
    const pause = await team.owner.post('/api/billing/subscription/pause', { months: 1 });
    expect(pause.status, pause.text).toBe(200);
    expect((await book('intro', '2031-03-18T09:00:00Z', { name: 'Late', email: 'late@guest.test' })).status).toBe(423);
    const cancel = await guest.post(`/api/public/bookings/${token}/cancel`, {});
    expect(cancel.status).toBe(423);
    expect(cancel.body.error.code).toBe('PORTAL_PAUSED');
    expect((await guest.post(`/api/public/bookings/${token}/reschedule`, { start: '2031-03-18T10:00:00Z' })).status).toBe(423);
    expect((await guest.get(`/api/public/bookings/${token}`)).body.status).toBe('confirmed');
  });
});
