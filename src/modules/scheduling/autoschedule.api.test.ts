import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import type { Team } from '../../test/factories.js';
import { event, setHours, startSchedulingServer, teamWithPeople, upgrade } from './scheduling.testkit.js';

let server: TestServer;
let team: Team;
let anna: Awaited<ReturnType<typeof teamWithPeople>>['anna'];
const ids: Record<string, string> = {};
beforeAll(async () => {
  server = await startSchedulingServer();
  ({ team, anna } = await teamWithPeople(server));
  await setHours(anna.client, 'Europe/Berlin');
  // Now: Monday 3 March 2031, 08:00 in Berlin (07:00 UTC).
  await event(anna.client, { title: 'Weekly sync', start: '2031-03-03T12:00', end: '2031-03-03T13:00', timeZone: 'Europe/Berlin' });
  const tasks = [
    { key: 'report', title: 'Write the Q1 report', priority: 'high', estimateMinutes: 300, dueAt: '2031-03-04T16:00:00Z' },
    { key: 'review', title: 'Review the pricing page', priority: 'urgent', estimateMinutes: 60 },
    { key: 'tidy', title: 'Tidy the drive', priority: 'low', estimateMinutes: 45 },
    { key: 'huge', title: 'Rewrite everything', priority: 'normal', estimateMinutes: 1200, dueAt: '2031-03-04T17:00:00Z' },
    { key: 'late', title: 'Expense report', priority: 'normal', estimateMinutes: 30, dueAt: '2031-03-01T12:00:00Z' },
    { key: 'nosize', title: 'Think about it', priority: 'urgent' },
  ];
  for (const t of tasks) {
    const { key, ...body } = t;
    const res = await team.owner.post('/api/tasks', { ...body, assigneeId: anna.user.id });
    expect(res.status, res.text).toBe(201);
    ids[key] = res.body.id;
  }
});
afterAll(async () => {
  await server?.close();
});

const window = { from: '2031-03-03T00:00:00Z', to: '2031-03-08T00:00:00Z' };
type Result = {
  placed: { taskId: string; title: string; eventId: string; start: string; end: string }[];
  unplaced: { taskId: string; reason: string; message: string }[];
  removedBlocks: number;
};

async function run(body: Record<string, unknown> = {}) {
  const res = await anna.client.post('/api/scheduling/auto-schedule', { ...window, ...body });
  expect(res.status, res.text).toBe(200);
  return res.body as Result;
}

async function calendar() {
  const res = await anna.client.get(`/api/events?from=${window.from}&to=${window.to}`);
  return res.body.items as { eventId: string; title: string; start: string; end: string }[];
}

const overlaps = (a: { start: string; end: string }, b: { start: string; end: string }) => a.start < b.end && b.start < a.end;

describe('auto-scheduling (SCH-4)', () => {
  it('needs the plan’s auto-scheduling (402)', async () => {
    const res = await anna.client.post('/api/scheduling/auto-schedule', window);
    expect(res.status).toBe(402);
    expect(res.body.error.details.feature).toBe('auto_scheduling');
    await upgrade(team.owner);
  });

  it('places open tasks as calendar blocks titled with the task, inside working hours, around meetings, by priority then deadline', async () => {
    const r = await run();
    const byTask = (key: string) => r.placed.filter((p) => p.taskId === ids[key]);
    // The urgent review goes first, at 09:00 Berlin (08:00 UTC) — work starts then.
    expect(byTask('review')).toEqual([
      expect.objectContaining({ title: 'Review the pricing page', start: '2031-03-03T08:00:00.000Z', end: '2031-03-03T09:00:00.000Z' }),
    ]);
    // The report (high, due Tuesday 17:00 Berlin) is split around the sync and finished before its deadline.
    const report = byTask('report');
    expect(report.length).toBeGreaterThan(1);
    expect(report.reduce((a, p) => a + (Date.parse(p.end) - Date.parse(p.start)) / 60_000, 0)).toBe(300);
    expect(report.every((p) => p.end <= '2031-03-04T16:00:00.000Z')).toBe(true);
    expect(byTask('tidy')).toHaveLength(1);

    const events = await calendar();
    const sync = events.find((e) => e.title === 'Weekly sync')!;
    for (const p of r.placed) {
      const e = events.find((x) => x.eventId === p.eventId)!;
      expect(e).toMatchObject({ title: p.title, start: p.start, end: p.end });
      expect(overlaps(p, sync)).toBe(false);
      // Berlin working hours are 08:00–16:00 UTC in March.
      expect(p.start.slice(11, 16) >= '08:00' && p.end.slice(11, 16) <= '16:00' && p.start.slice(0, 10) === p.end.slice(0, 10)).toBe(true);
    }
    for (let i = 0; i < r.placed.length; i++) for (let j = i + 1; j < r.placed.length; j++) expect(overlaps(r.placed[i]!, r.placed[j]!)).toBe(false);
  });

  it('says what it could not place and why', async () => {
    const r = await run();
    const reasons = Object.fromEntries(r.unplaced.map((u) => [u.taskId, u]));
    expect(reasons[ids.huge!]).toMatchObject({ reason: 'deadline' });
    expect(reasons[ids.huge!]!.message).toMatch(
      /^Needs 20 h before its due date \(Tue, 4 Mar 2031, 18:00\), but only .+ of free working time is left before then$/,
    );
    expect(reasons[ids.late!]).toMatchObject({ reason: 'overdue', message: 'It was due Sat, 1 Mar 2031, 13:00; give it a new due date to place it' });
    expect(r.placed.some((p) => p.taskId === ids.nosize)).toBe(false);
    expect(r.unplaced.some((u) => u.taskId === ids.nosize)).toBe(false);
  });

  it('replaces its own blocks when run again, and re-places them around a new meeting', async () => {
    const before = await calendar();
    const first = before.filter((e) => e.title === 'Review the pricing page');
    expect(first).toHaveLength(1);
    await event(anna.client, { title: 'Customer call', start: '2031-03-03T09:00', end: '2031-03-03T10:00', timeZone: 'Europe/Berlin' });
    const r = await run();
    expect(r.removedBlocks).toBeGreaterThan(0);
    const after = await calendar();
    expect(after.filter((e) => e.title === 'Review the pricing page')).toHaveLength(1);
    const review = r.placed.find((p) => p.taskId === ids.review)!;
    // The call takes 09:00–10:00 Berlin (08:00–09:00 UTC): the review moves to right after it.
    expect(review.start).toBe('2031-03-03T09:00:00.000Z');
    const meetings = after.filter((e) => e.title === 'Customer call' || e.title === 'Weekly sync');
    for (const p of r.placed) for (const m of meetings) expect(overlaps(p, m)).toBe(false);
    expect(after.filter((e) => e.title === 'Write the Q1 report').length).toBe(r.placed.filter((p) => p.taskId === ids.report).length);
  });

  it('lets admins schedule for others, but not members', async () => {
    expect((await team.member.post('/api/scheduling/auto-schedule', { ...window, userId: anna.user.id })).status).toBe(403);
    const res = await team.admin.post('/api/scheduling/auto-schedule', { ...window, userId: anna.user.id });
    expect(res.status, res.text).toBe(200);
  });
});
