import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import type { TestClient } from '../../test/client.js';
import { PASSWORD, portalWithTeam, signupPortal, type Team } from '../../test/factories.js';
import { newTask } from '../tasks/tasks.testkit.js';
import { inboxOf } from './reminders.testkit.js';
import { scheduleReminderStart } from './reminders.scan.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const pg = !!process.env.DATABASE_URL;

let server: TestServer & { pgSchema?: string };
beforeAll(async () => {
  server = await startTestServer({ env: { TEST_CLOCK: '1' } });
});
afterAll(async () => {
  await server?.close();
});

async function ok(p: Promise<{ status: number; body: any; text: string }>) {
  const res = await p;
  expect(res.status, res.text).toBeLessThan(300);
  return res.body;
}

const portalNow = async (c: TestClient) => Date.parse((await ok(c.get('/api/test-clock'))).now);
const advanceTo = (c: TestClient, ms: number) => ok(c.post('/api/test-clock/advance', { to: new Date(ms).toISOString() }));
/** "YYYY-MM-DDTHH:mm:ss" in UTC, for events in the UTC zone. */
const local = (ms: number) => new Date(ms).toISOString().slice(0, 19);
/** A whole minute at least `ms` after `from`. */
const minuteAfter = (from: number, ms: number) => Math.ceil((from + ms) / MINUTE) * MINUTE;

async function newEvent(c: TestClient, startMs: number, body: Record<string, unknown> = {}) {
  return ok(
    c.post('/api/events', {
      title: 'Weekly sync',
      start: local(startMs),
      end: local(startMs + 30 * MINUTE),
      timeZone: 'UTC',
      reminders: [{ minutesBefore: 15 }],
      ...body,
    }),
  ) as Promise<{ id: string }>;
}

/** A portal of its own (its own clock) with just its owner: quicker than a team. */
const ownerOnly = async () => ({ owner: (await signupPortal(server)).client });

const sharedCalendar = async (c: TestClient) => (await ok(c.post('/api/calendars', { name: 'Team', kind: 'shared' }))).id as string;

const reminders = async (c: TestClient, kind = 'event.reminder') => (await inboxOf(c)).filter((n) => n.kind === kind);

describe('event reminders', () => {
  let team: Team;
  beforeAll(async () => {
    team = await portalWithTeam(server);
  });

  it("reminds the attendees who are users of a shared calendar's event, once, at the moment and not before", async () => {
    const now = await portalNow(team.owner);
    const start = minuteAfter(now, 2 * HOUR);
    const event = await newEvent(team.owner, start, {
      calendarId: await sharedCalendar(team.owner),
      title: 'Board meeting',
      attendees: [{ userId: team.memberUser.id }, { userId: team.adminUser.id, status: 'declined' }, { email: 'guest@example.test' }],
    });

    await advanceTo(team.owner, start - 15 * MINUTE - 1000);
    expect(await reminders(team.member)).toEqual([]);

    await advanceTo(team.owner, start - 15 * MINUTE);
    expect(await reminders(team.member)).toEqual([
      expect.objectContaining({
        title: 'Board meeting starts in 15 minutes',
        body: `Starts at ${local(start).replace('T', ' ').slice(0, 16)} (UTC)`,
        url: expect.stringContaining(`/app/calendar?event=${event.id}`),
      }),
    ]);
    expect(await reminders(team.admin)).toEqual([]); // declined
    expect(await reminders(team.owner)).toEqual([]); // not an attendee of a shared calendar's event

    // Later scans, and a change to the event that keeps its start, do not remind again.
    await ok(team.owner.patch(`/api/events/${event.id}`, { title: 'Board meeting (room 2)' }));
    await advanceTo(team.owner, start + HOUR);
    expect(await reminders(team.member)).toHaveLength(1);
  });

  it('reminds the owner of a personal calendar and its user attendees, at the moment, and no colleague who is not invited', async () => {
    const now = await portalNow(team.owner);
    const start = minuteAfter(now, 3 * HOUR);
    await newEvent(team.owner, start, { title: 'One to one', attendees: [{ userId: team.memberUser.id }] });
    await advanceTo(team.owner, start - 15 * MINUTE - 1000);
    expect((await reminders(team.member)).map((n) => n.title)).not.toContain('One to one starts in 15 minutes');
    await advanceTo(team.owner, start - 15 * MINUTE);
    expect((await reminders(team.owner)).map((n) => n.title)).toEqual(['One to one starts in 15 minutes']);
    expect((await reminders(team.member)).filter((n) => n.title === 'One to one starts in 15 minutes')).toHaveLength(1);
    expect((await reminders(team.admin)).map((n) => n.title)).not.toContain('One to one starts in 15 minutes');
  });

  it('follows a move: reminds at the new time, and not again for a start it already reminded of', async () => {
    const t = await ownerOnly();
    const now = await portalNow(t.owner);
    const start = minuteAfter(now, HOUR);
    const event = await newEvent(t.owner, start, { title: 'Moved meeting' });
    await advanceTo(t.owner, start - 15 * MINUTE);
    expect(await reminders(t.owner)).toHaveLength(1);

    // Moved an hour later: reminded again 15 minutes before the new start, not at the old moment.
    await ok(t.owner.patch(`/api/events/${event.id}`, { start: local(start + HOUR), end: local(start + HOUR + 30 * MINUTE) }));
    await advanceTo(t.owner, start + 45 * MINUTE - 1000);
    expect(await reminders(t.owner)).toHaveLength(1);
    await advanceTo(t.owner, start + 45 * MINUTE);
    expect(await reminders(t.owner)).toHaveLength(2);

    // Moved back to a start it reminded of (its moment is past): not repeated.
    await ok(t.owner.patch(`/api/events/${event.id}`, { start: local(start + 2 * HOUR), end: local(start + 2 * HOUR + 30 * MINUTE) }));
    await ok(t.owner.patch(`/api/events/${event.id}`, { start: local(start + HOUR), end: local(start + HOUR + 30 * MINUTE) }));
    await advanceTo(t.owner, start + 50 * MINUTE);
    expect(await reminders(t.owner)).toHaveLength(2);
  });

  it('reminds late, once, when an event is moved into its reminder time', async () => {
    const t = await ownerOnly();
    const now = await portalNow(t.owner);
    const event = await newEvent(t.owner, minuteAfter(now, 3 * HOUR), { title: 'Pulled forward' });
    const soon = minuteAfter(now, 10 * MINUTE);
    await ok(t.owner.patch(`/api/events/${event.id}`, { start: local(soon), end: local(soon + 30 * MINUTE) }));
    await advanceTo(t.owner, now + MINUTE);
    expect((await reminders(t.owner)).map((n) => n.title)).toEqual([expect.stringMatching(/^Pulled forward starts in (9|10|11) minutes$/)]);
    await advanceTo(t.owner, soon + MINUTE);
    expect(await reminders(t.owner)).toHaveLength(1);
  });

  it('does not remind of a deleted event, a cancelled occurrence, or reminders removed from the event', async () => {
    const t = await ownerOnly();
    const now = await portalNow(t.owner);
    const start = minuteAfter(now, 2 * HOUR);
    const deleted = await newEvent(t.owner, start, { title: 'Deleted' });
    const edited = await newEvent(t.owner, start, { title: 'No more reminders' });
    const series = await newEvent(t.owner, start, { title: 'Daily stand-up', rrule: 'FREQ=DAILY;COUNT=3' });
    await ok(t.owner.delete(`/api/events/${deleted.id}`));
    await ok(t.owner.patch(`/api/events/${edited.id}`, { reminders: [] }));
    await ok(t.owner.delete(`/api/events/${series.id}/occurrences/${local(start)}`));
    await advanceTo(t.owner, start + HOUR);
    expect(await reminders(t.owner)).toEqual([]);
    // The next day's occurrence still reminds.
    await advanceTo(t.owner, start + 24 * HOUR - 15 * MINUTE);
    expect((await reminders(t.owner)).map((n) => n.title)).toEqual(['Daily stand-up starts in 15 minutes']);
  });

  it('reminds each week of a weekly event, an exception at its own time and with its own title', async () => {
    const t = await ownerOnly();
    const now = await portalNow(t.owner);
    const start = minuteAfter(now, HOUR);
    const WEEK = 7 * 24 * HOUR;
    const series = await newEvent(t.owner, start, {
      title: 'Weekly review',
      rrule: 'FREQ=WEEKLY;COUNT=3',
      reminders: [{ minutesBefore: 10 }, { minutesBefore: 60 * 24 }],
    });
    // The second week's occurrence moved two hours later and renamed.
    await ok(
      t.owner.put(`/api/events/${series.id}/occurrences/${local(start + WEEK)}`, {
        title: 'Review (moved)',
        start: local(start + WEEK + 2 * HOUR),
        end: local(start + WEEK + 2 * HOUR + 30 * MINUTE),
      }),
    );

    // The first occurrence is already within a day: its day-before reminder comes at once, telling the real time left.
    await advanceTo(t.owner, now + MINUTE);
    expect((await reminders(t.owner)).map((n) => n.title)).toEqual([expect.stringMatching(/^Weekly review starts in (59 minutes|1 hour)/)]);
    await advanceTo(t.owner, start - 10 * MINUTE);
    expect(await reminders(t.owner)).toHaveLength(2);
    await advanceTo(t.owner, start + WEEK + 2 * HOUR - 10 * MINUTE - 1000);
    expect((await reminders(t.owner)).slice(2).map((n) => n.title)).toEqual(['Review (moved) starts in 1 day']);
    await advanceTo(t.owner, start + 3 * WEEK);
    expect((await reminders(t.owner)).slice(2).map((n) => n.title)).toEqual([
      'Review (moved) starts in 1 day',
      'Review (moved) starts in 10 minutes',
      'Weekly review starts in 1 day',
      'Weekly review starts in 10 minutes',
    ]);
  });
});

describe('task deadline reminders', () => {
  it('tells the assignee once that a task is due soon and once that it is overdue, again for a new due date, never for a done task', async () => {
    const t = await portalWithTeam(server);
    const now = await portalNow(t.owner);
    const due = minuteAfter(now, 30 * HOUR);
    const task = await newTask(t.owner, { title: 'Send the offer', assigneeId: t.memberUser.id, dueAt: new Date(due).toISOString() });
    const done = await newTask(t.owner, { title: 'Already done', assigneeId: t.memberUser.id, dueAt: new Date(due).toISOString() });
    await ok(t.owner.patch(`/api/tasks/${done.id}`, { status: 'done' }));

    await advanceTo(t.owner, due - 24 * HOUR - 1000);
    expect(await reminders(t.member, 'task.due_soon')).toEqual([]);
    await advanceTo(t.owner, due - 24 * HOUR);
    expect(await reminders(t.member, 'task.due_soon')).toEqual([expect.objectContaining({ title: 'Due soon: Send the offer', url: `/app/tasks/${task.id}` })]);
    await advanceTo(t.owner, due - 1000);
    expect(await reminders(t.member, 'task.overdue')).toEqual([]);
    await advanceTo(t.owner, due);
    expect(await reminders(t.member, 'task.overdue')).toEqual([expect.objectContaining({ title: 'Overdue: Send the offer' })]);
    await advanceTo(t.owner, due + 2 * HOUR);
    expect(await reminders(t.member, 'task.due_soon')).toHaveLength(1);
    expect(await reminders(t.member, 'task.overdue')).toHaveLength(1);
    expect(await reminders(t.owner, 'task.overdue')).toEqual([]); // not the assignee

    // A new due date in three hours: due soon at once (late), overdue when it passes.
    const due2 = minuteAfter(due + 2 * HOUR, 3 * HOUR);
    await ok(t.owner.patch(`/api/tasks/${task.id}`, { dueAt: new Date(due2).toISOString() }));
    await advanceTo(t.owner, due + 2 * HOUR + MINUTE);
    expect(await reminders(t.member, 'task.due_soon')).toHaveLength(2);
    await advanceTo(t.owner, due2);
    expect(await reminders(t.member, 'task.overdue')).toHaveLength(2);
    expect((await inboxOf(t.member)).filter((n) => n.kind.startsWith('task.') && n.kind !== 'task.assigned' && n.title.includes('Already done'))).toEqual([]);
  });
});

describe('exactly once', () => {
  it('does not remind again after a restart, nor when a scan is repeated after a crash', async () => {
    const first = await startTestServer({ env: { TEST_CLOCK: '1' }, keepData: true });
    const dataDir = first.dataDir;
    const pgSchema = first.pgSchema;
    const t = await portalWithTeam(first);
    const now = await portalNow(t.owner);
    const start = minuteAfter(now, HOUR);
    await newEvent(t.owner, start, { calendarId: await sharedCalendar(t.owner), title: 'Survives restarts', attendees: [{ userId: t.memberUser.id }] });
    await advanceTo(t.owner, start - 15 * MINUTE);
    expect(await reminders(t.member)).toHaveLength(1);
    await first.close();

    const second = await startTestServer({ env: { TEST_CLOCK: '1' }, reuse: { dataDir, pgSchema } });
    try {
      const owner = second.client();
      const member = second.client();
      await ok(owner.post('/api/auth/login', { portalSlug: t.portal.slug, email: t.ownerUser.email, password: PASSWORD }));
      await ok(member.post('/api/auth/login', { portalSlug: t.portal.slug, email: t.memberUser.email, password: PASSWORD }));
      // As if the process had died after delivering and before recording how far it got.
      await second.deps.db
        .updateTable('reminder_scans')
        .set({ scanned_to: new Date(start - HOUR).toISOString() })
        .where('portal_id', '=', t.portal.id)
        .execute();
      // A change re-arms the chain: its next scan runs over that window again.
      await newEvent(owner, start + 5 * HOUR, { title: 'Later' });
      await advanceTo(owner, start);
      expect(await reminders(member)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('starts the chain of a portal that has none at start-up (events from before reminders were delivered)', async () => {
    const t = await ownerOnly();
    const now = await portalNow(t.owner);
    const start = minuteAfter(now, HOUR);
    await newEvent(t.owner, start, { title: 'From an older version' });
    const portalId = (await ok(t.owner.get('/api/me'))).portal.id as string;
    await server.deps.db.deleteFrom('jobs').where('portal_id', '=', portalId).where('kind', '=', 'reminders.scan').execute();
    await server.deps.db.deleteFrom('reminder_scans').where('portal_id', '=', portalId).execute();
    await advanceTo(t.owner, start - 30 * MINUTE);

    await scheduleReminderStart(server.deps); // what a start of the job runner does
    await server.runJobs();
    await advanceTo(t.owner, start - 15 * MINUTE);
    expect((await reminders(t.owner)).map((n) => n.title)).toEqual(['From an older version starts in 15 minutes']);
  });

  it.skipIf(!pg)('two processes on one PostgreSQL schema deliver each reminder once', async () => {
    const a = server;
    const b = await startTestServer({ env: { TEST_CLOCK: '1' }, reuse: { dataDir: a.dataDir, pgSchema: a.pgSchema }, keepData: true });
    try {
      const t = await portalWithTeam(a);
      const now = await portalNow(t.owner);
      const start = minuteAfter(now, HOUR);
      const calendarId = await sharedCalendar(t.owner);
      for (let i = 0; i < 20; i++) {
        await newEvent(t.owner, start, {
          calendarId,
          title: `Meeting ${i}`,
          attendees: [{ userId: t.ownerUser.id }, { userId: t.memberUser.id }, { userId: t.adminUser.id }],
        });
      }
      const ownerB = b.client();
      await ok(ownerB.post('/api/auth/login', { portalSlug: t.portal.slug, email: t.ownerUser.email, password: PASSWORD }));
      // Both processes' clocks at the moment, both running the portal's due jobs at once.
      await Promise.all([advanceTo(t.owner, start - 15 * MINUTE), advanceTo(ownerB, start - 15 * MINUTE)]);
      await Promise.all([advanceTo(t.owner, start), advanceTo(ownerB, start)]);
      for (const c of [t.owner, t.member, t.admin]) {
        const titles = (await reminders(c)).map((n) => n.title).sort();
        expect(titles).toEqual(Array.from({ length: 20 }, (_, i) => `Meeting ${i} starts in 15 minutes`).sort());
      }
    } finally {
      await b.close();
    }
  });
});
