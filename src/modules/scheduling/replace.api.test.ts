import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import type { Team } from '../../test/factories.js';
import { event, setHours, startSchedulingServer, teamWithPeople, upgrade } from './scheduling.testkit.js';

// Re-placement of auto-scheduled blocks when the calendar changes (SCH-4, ADR 0024).
// Now: Monday 3 March 2031, 08:00 in Berlin (07:00 UTC); Anna works 09:00–17:00 Berlin (08:00–16:00 UTC).

let server: TestServer;
let team: Team;
let people: Awaited<ReturnType<typeof teamWithPeople>>;
const tasks: Record<string, string> = {};
const DEADLINE = '2031-03-05T16:00:00.000Z';

type Block = { id: string; taskId: string; eventId: string; start: string; end: string; pinned: boolean };
type Occurrence = { eventId: string; title: string; start: string; end: string };

beforeAll(async () => {
  server = await startSchedulingServer();
  people = await teamWithPeople(server);
  team = people.team;
  await upgrade(team.owner);
  await setHours(people.anna.client, 'Europe/Berlin');
  await setHours(people.bob.client, 'Europe/Berlin');
  for (const [key, body] of Object.entries({
    review: { title: 'Review the pricing page', priority: 'urgent', estimateMinutes: 60 },
    report: { title: 'Write the Q1 report', priority: 'high', estimateMinutes: 120, dueAt: DEADLINE },
  })) {
    const res = await team.owner.post('/api/tasks', { ...body, assigneeId: people.anna.user.id });
    expect(res.status, res.text).toBe(201);
    tasks[key] = res.body.id;
  }
  const res = await people.anna.client.post('/api/scheduling/auto-schedule', { from: '2031-03-03T00:00:00Z', to: '2031-03-10T00:00:00Z' });
  expect(res.status, res.text).toBe(200);
});
afterAll(async () => {
  await server?.close();
});

async function blocks(): Promise<Block[]> {
  const res = await people.anna.client.get('/api/scheduling/blocks');
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}
const blocksOf = async (key: string) => (await blocks()).filter((b) => b.taskId === tasks[key]);

async function calendar(): Promise<Occurrence[]> {
  const res = await people.anna.client.get('/api/events?from=2031-03-03T00:00:00Z&to=2031-03-10T00:00:00Z');
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

async function replaceRuns(): Promise<number> {
  const rows = await server.deps.db.selectFrom('jobs').select('status').where('kind', '=', 'scheduling.replace_blocks').where('status', '=', 'done').execute();
  return rows.length;
}

/** Lets the gathering delay pass on the clock and runs what is due; returns how many re-placement runs that made. */
async function afterDelay(): Promise<number> {
  const before = await replaceRuns();
  server.clock.advance(46_000);
  await server.runJobs();
  const failed = await server.deps.db
    .selectFrom('jobs')
    .select('last_error')
    .where('kind', '=', 'scheduling.replace_blocks')
    .where('last_error', 'is not', null)
    .execute();
  expect(failed).toEqual([]);
  return (await replaceRuns()) - before;
}

const overlaps = (a: { start: string; end: string }, b: { start: string; end: string }) => a.start < b.end && b.start < a.end;
const minutes = (bs: { start: string; end: string }[]) => bs.reduce((sum, b) => sum + (Date.parse(b.end) - Date.parse(b.start)) / 60_000, 0);

describe('re-placing auto-scheduled blocks when the calendar changes (SCH-4)', () => {
  it('starts from the plan auto-scheduling made: review first, then the report', async () => {
    expect(await blocksOf('review')).toEqual([expect.objectContaining({ start: '2031-03-03T08:00:00.000Z', end: '2031-03-03T09:00:00.000Z', pinned: false })]);
    expect(await blocksOf('report')).toEqual([expect.objectContaining({ start: '2031-03-03T09:00:00.000Z', end: '2031-03-03T11:00:00.000Z' })]);
  });

  it('moves a block a meeting was moved onto, after the gathering delay, to free time before the deadline; the others stay', async () => {
    const review = (await blocksOf('review'))[0]!;
    const call = await event(people.anna.client, { title: 'Client call', start: '2031-03-04T14:00', end: '2031-03-04T15:00', timeZone: 'Europe/Berlin' });
    await afterDelay(); // the call lands in free time: nothing to move
    const moved = await people.anna.client.patch(`/api/events/${call.id}`, { start: '2031-03-03T10:30', end: '2031-03-03T11:30' });
    expect(moved.status, moved.text).toBe(200);

    await server.runJobs();
    expect((await blocksOf('report'))[0]).toMatchObject({ start: '2031-03-03T09:00:00.000Z' }); // not yet: changes are gathered first
    expect(await afterDelay()).toBe(1);

    const report = await blocksOf('report');
    const callTime = { start: '2031-03-03T09:30:00.000Z', end: '2031-03-03T10:30:00.000Z' };
    expect(minutes(report)).toBe(120);
    for (const b of report) {
      expect(overlaps(b, callTime)).toBe(false);
      expect(b.end <= DEADLINE).toBe(true);
    }
    // The earliest free time: the half hour before the call, then after it.
    const expected = [
      { start: '2031-03-03T09:00:00.000Z', end: '2031-03-03T09:30:00.000Z' },
      { start: '2031-03-03T10:30:00.000Z', end: '2031-03-03T12:00:00.000Z' },
    ];
    expect(report.map(({ start, end }) => ({ start, end }))).toEqual(expected);
    // The calendar shows the blocks where they are, and the review block never moved.
    const events = await calendar();
    expect(events.filter((e) => e.title === 'Write the Q1 report').map(({ start, end }) => ({ start, end }))).toEqual(expected);
    expect(await blocksOf('review')).toEqual([review]);
  });

  it('leaves every block where it is after a change that touches none of them, and runs nothing for a user without blocks', async () => {
    const before = await blocks();
    await event(people.anna.client, { title: 'Lunch', start: '2031-03-03T14:30', end: '2031-03-03T15:00', timeZone: 'Europe/Berlin' });
    await event(people.bob.client, { title: 'Bob’s dentist', start: '2031-03-03T09:00', end: '2031-03-03T10:00', timeZone: 'Europe/Berlin' });
    expect(await afterDelay()).toBe(1); // Anna's, not Bob's
    expect(await blocks()).toEqual(before);
  });

  it('gathers many changes into one run, and a second run finds nothing left to do', async () => {
    for (const [start, end] of [
      ['2031-03-03T12:00', '2031-03-03T12:15'],
      ['2031-03-03T12:30', '2031-03-03T12:45'],
      ['2031-03-03T13:00', '2031-03-03T13:15'],
      ['2031-03-04T09:00', '2031-03-04T09:15'],
      ['2031-03-04T09:30', '2031-03-04T09:45'],
    ])
      await event(people.anna.client, { title: 'Check-in', start, end, timeZone: 'Europe/Berlin' });
    const queued = await server.deps.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', 'scheduling.replace_blocks')
      .where('status', '=', 'queued')
      .execute();
    expect(queued).toHaveLength(1);
    expect(await afterDelay()).toBe(1);
    // 12:00–12:15 Berlin (11:00 UTC) lies inside the report block: it moved once, around all five.
    const report = await blocksOf('report');
    expect(minutes(report)).toBe(120);
    const events = await calendar();
    for (const b of report) for (const c of events.filter((e) => e.title === 'Check-in' || e.title === 'Client call')) expect(overlaps(b, c)).toBe(false);

    const settled = await blocks();
    expect(await afterDelay()).toBe(0);
    expect(await blocks()).toEqual(settled);
    // Exactly one calendar event per block: nothing placed twice.
    const blockEvents = (await calendar()).filter((e) => e.title === 'Write the Q1 report' || e.title === 'Review the pricing page');
    expect(blockEvents.map((e) => e.eventId).sort()).toEqual(settled.map((b) => b.eventId).sort());
  });

  it('moves a block when one occurrence of a recurring meeting is moved onto it (a recurrence exception)', async () => {
    const [target] = await blocksOf('report');
    // Berlin is UTC+1 until 30 March: the block's local wall time.
    const local = (iso: string) => new Date(Date.parse(iso) + 3_600_000).toISOString().slice(0, 16);
    const series = await event(people.anna.client, {
      title: 'Weekly 1:1',
      start: `2031-03-10T${local(target!.start).slice(11)}`,
      end: `2031-03-10T${local(target!.end).slice(11)}`,
      timeZone: 'Europe/Berlin',
      rrule: 'FREQ=WEEKLY',
    });
    expect(await afterDelay()).toBe(1); // the series starts next week: nothing moves
    expect((await blocksOf('report'))[0]).toEqual(target);
    const moved = await people.anna.client.put(`/api/events/${series.id}/occurrences/2031-03-10T${local(target!.start).slice(11)}:00`, {
      start: local(target!.start),
      end: local(target!.end),
    });
    expect(moved.status, moved.text).toBe(200);
    expect(await afterDelay()).toBe(1);
    const report = await blocksOf('report');
    expect(report.some((b) => b.id === target!.id)).toBe(false);
    expect(minutes(report)).toBe(120);
    for (const b of report) expect(overlaps(b, target!)).toBe(false);
  });

  it('never moves a pinned block, even when a meeting lands on it', async () => {
    const review = (await blocksOf('review'))[0]!;
    const pinned = await people.anna.client.patch(`/api/scheduling/blocks/${review.id}`, { pinned: true });
    expect(pinned.status, pinned.text).toBe(200);
    expect(pinned.body).toMatchObject({ id: review.id, pinned: true });
    await event(people.anna.client, { title: 'Stand-up', start: '2031-03-03T09:00', end: '2031-03-03T09:30', timeZone: 'Europe/Berlin' });
    await afterDelay();
    expect(await blocksOf('review')).toEqual([{ ...review, pinned: true }]);
    expect((await calendar()).find((e) => e.eventId === review.eventId)).toMatchObject({ start: review.start, end: review.end });
  });

  it('pins a block the user moves by hand, where they put it', async () => {
    const [block] = await blocksOf('report');
    const res = await people.anna.client.patch(`/api/events/${block!.eventId}`, { start: '2031-03-05T09:00', end: '2031-03-05T09:30' });
    expect(res.status, res.text).toBe(200);
    const after = (await blocks()).find((b) => b.id === block!.id);
    expect(after).toMatchObject({ start: '2031-03-05T08:00:00.000Z', end: '2031-03-05T08:30:00.000Z', pinned: true });
    await event(people.anna.client, { title: 'Offsite', start: '2031-03-05T08:00', end: '2031-03-05T12:00', timeZone: 'Europe/Berlin' });
    await afterDelay();
    expect((await blocks()).find((b) => b.id === block!.id)).toEqual(after);
  });

  it('places more time when a task’s estimate grows, and removes the future blocks of a task that is done', async () => {
    const moved = (await blocksOf('report')).find((b) => b.pinned)!;
    const unpin = await people.anna.client.patch(`/api/scheduling/blocks/${moved.id}`, { pinned: false });
    expect(unpin.status, unpin.text).toBe(200);
    // Unpinned, it sits in the offsite: it moves.
    expect(await afterDelay()).toBe(1);
    const before = await blocksOf('report');
    expect(minutes(before)).toBe(120);
    expect(before.some((b) => b.id === moved.id)).toBe(false);
    const grow = await people.anna.client.patch(`/api/tasks/${tasks.report}`, { estimateMinutes: 180 });
    expect(grow.status, grow.text).toBe(200);
    expect(await afterDelay()).toBe(1);
    const grown = await blocksOf('report');
    expect(minutes(grown)).toBe(180);
    for (const b of before) expect(grown).toContainEqual(b);

    const done = await people.anna.client.patch(`/api/tasks/${tasks.report}`, { status: 'done' });
    expect(done.status, done.text).toBe(200);
    expect(await afterDelay()).toBe(1);
    expect(await blocksOf('report')).toEqual([]);
    expect((await calendar()).filter((e) => e.title === 'Write the Q1 report')).toEqual([]);
  });

  it('lets only the block’s owner pin it', async () => {
    const review = (await blocksOf('review'))[0]!;
    expect((await people.bob.client.patch(`/api/scheduling/blocks/${review.id}`, { pinned: false })).status).toBe(404);
    expect((await people.bob.client.get('/api/scheduling/blocks')).body.items).toEqual([]);
    expect((await people.anna.client.patch(`/api/scheduling/blocks/${review.id}`, { pinned: 'yes' })).status).toBe(400);
  });
});
