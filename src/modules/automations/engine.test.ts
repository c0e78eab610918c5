import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import { newDeal } from '../crm/crm.testkit.js';
import { newTask } from '../tasks/tasks.testkit.js';
import { EVENT_JOB } from './automations.events.js';
import { MAX_CHAIN_DEPTH, MAX_EVENT_ATTEMPTS } from './engine.js';
import { newRule, ok, paidPortal, runsOf, startAutomationsServer, tasksTitled } from './automations.testkit.js';

let server: TestServer;
beforeAll(async () => {
  server = await startAutomationsServer();
});
afterAll(async () => {
  await server?.close();
});

const eventsOf = (portalId: string, recordId: string) =>
  server.deps.db.selectFrom('automation_events').selectAll().where('portal_id', '=', portalId).where('record_id', '=', recordId).orderBy('seq').execute();

describe('events', () => {
  it('are written with the change, and not at all when no rule listens or the change rolls back', async () => {
    const { client, portal } = await paidPortal(server);
    const quiet = await newDeal(client, { title: 'Nobody listens' });
    expect(await eventsOf(portal.id, quiet.id)).toEqual([]);
    await newRule(client, { trigger: { type: 'record.updated', entity: 'deal' }, actions: [{ type: 'add_note', body: 'changed' }] });
    const refused = await client.patch(`/api/crm/deals/${quiet.id}`, { title: 'Renamed', ownerId: 'no-such-user' });
    expect(refused.status).toBe(400);
    expect(await eventsOf(portal.id, quiet.id)).toEqual([]);
    await ok(client.patch(`/api/crm/deals/${quiet.id}`, { title: 'Renamed' }));
    expect((await eventsOf(portal.id, quiet.id)).map((e) => [e.type, JSON.parse(e.changes!)])).toEqual([
      ['record.updated', { title: { from: 'Nobody listens', to: 'Renamed' } }],
    ]);
  });
});

describe('exactly one run per event and rule', () => {
  it("does nothing more when the event's job runs again (a retry after a crash)", async () => {
    const { client, portal } = await paidPortal(server);
    const rule = await newRule(client, {
      trigger: { type: 'record.created', entity: 'deal' },
      actions: [{ type: 'create_task', title: 'Qualify {{deal.title}}' }],
    });
    const deal = await newDeal(client, { title: 'Retry me' });
    await server.runJobs();
    const [event] = await eventsOf(portal.id, deal.id);
    // The same job again, as the runner does after a lease expires.
    await server.deps.jobs.enqueue(server.deps.db, EVENT_JOB, { eventId: event!.id }, { portalId: portal.id });
    await server.runJobs();
    // And as if the process died after the run's action but before the event was marked done.
    await server.deps.db.updateTable('automation_events').set({ processed_at: null }).where('id', '=', event!.id).execute();
    await server.deps.db.updateTable('automation_runs').set({ state: 'running', finished_at: null }).where('event_id', '=', event!.id).execute();
    await server.deps.jobs.enqueue(server.deps.db, EVENT_JOB, { eventId: event!.id }, { portalId: portal.id });
    await server.runJobs();
    expect(await tasksTitled(client, 'Qualify Retry me')).toHaveLength(1);
    const runs = await runsOf(client, rule.id);
    expect(runs.map((r) => [r.status, r.actions.map((a) => a.status)])).toEqual([['succeeded', ['succeeded']]]);
  });

  it('finishes the actions a crashed run had not done yet, without repeating the done ones', async () => {
    const { client, portal } = await paidPortal(server);
    const rule = await newRule(client, {
      trigger: { type: 'record.created', entity: 'deal' },
      actions: [
        { type: 'create_task', title: 'First for {{deal.title}}' },
        { type: 'create_task', title: 'Second for {{deal.title}}' },
      ],
    });
    const deal = await newDeal(client, { title: 'Half done' });
    await server.runJobs();
    const [event] = await eventsOf(portal.id, deal.id);
    // Pretend the process died after the first action: the second never ran.
    const second = await tasksTitled(client, 'Second for Half done');
    await ok(client.delete(`/api/tasks/${second[0]!.id}`), 204);
    const run = await server.deps.db.selectFrom('automation_runs').selectAll().where('event_id', '=', event!.id).executeTakeFirstOrThrow();
    await server.deps.db.deleteFrom('automation_run_actions').where('run_id', '=', run.id).where('position', '=', 1).execute();
    await server.deps.db.updateTable('automation_runs').set({ state: 'running' }).where('id', '=', run.id).execute();
    await server.deps.db.updateTable('automation_events').set({ processed_at: null }).where('id', '=', event!.id).execute();
    await server.deps.jobs.enqueue(server.deps.db, EVENT_JOB, { eventId: event!.id }, { portalId: portal.id });
    await server.runJobs();
    expect(await tasksTitled(client, 'First for Half done')).toHaveLength(1);
    expect(await tasksTitled(client, 'Second for Half done')).toHaveLength(1);
    expect((await runsOf(client, rule.id)).map((r) => r.status)).toEqual(['succeeded']);
  });
});

describe('order per record', () => {
  it("handles a record's events in the order they happened, even when a later event's job runs first", async () => {
    const { client, portal } = await paidPortal(server);
    await newRule(client, {
      trigger: { type: 'record.updated', entity: 'deal', fields: ['amount'] },
      actions: [{ type: 'update_field', field: 'deal.title', value: '{{deal.title}} {{changes.amount.to}}' }],
    });
    const deal = await newDeal(client, { title: 'Order', amount: 0, currency: 'EUR' });
    for (const amount of [100, 200, 300]) await ok(client.patch(`/api/crm/deals/${deal.id}`, { amount }));
    const events = await eventsOf(portal.id, deal.id);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    // The last event's job comes first in the queue.
    const jobs = await server.deps.db
      .selectFrom('jobs')
      .select(['id', 'payload'])
      .where('kind', '=', EVENT_JOB)
      .where('status', '=', 'queued')
      .where('portal_id', '=', portal.id)
      .execute();
    const last = jobs.find((j) => JSON.parse(j.payload).eventId === events[2]!.id)!;
    await server.deps.db.updateTable('jobs').set({ run_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', last.id).execute();
    await server.runJobs();
    expect((await ok(client.get(`/api/crm/deals/${deal.id}`))).title).toBe('Order 1.00 EUR 2.00 EUR 3.00 EUR');
  });
});

describe('chains of rules', () => {
  it(`stop at a depth of ${MAX_CHAIN_DEPTH}, with the reason in the run log`, async () => {
    const { client } = await paidPortal(server);
    const rule = await newRule(client, {
      name: 'Echo',
      trigger: { type: 'record.updated', entity: 'task', fields: ['title'] },
      actions: [{ type: 'update_field', field: 'task.title', value: '{{task.title}}!' }],
    });
    const task = await newTask(client, { title: 'Loop' });
    await ok(client.patch(`/api/tasks/${task.id}`, { title: 'Loop again' }));
    await server.runJobs();
    expect((await ok(client.get(`/api/tasks/${task.id}`))).title).toBe(`Loop again${'!'.repeat(MAX_CHAIN_DEPTH)}`);
    const runs = (await runsOf(client, rule.id)).reverse();
    expect(runs.map((r) => [r.event.depth, r.status])).toEqual([...[0, 1, 2, 3, 4].map((d) => [d, 'succeeded']), [MAX_CHAIN_DEPTH, 'skipped']]);
    expect(runs.at(-1)!.reason).toMatch(/chain of 5 automations triggering each other/);
  });

  it('let one rule trigger another across records', async () => {
    const { client } = await paidPortal(server);
    await newRule(client, { trigger: { type: 'record.created', entity: 'deal' }, actions: [{ type: 'create_task', title: 'Call about {{deal.title}}' }] });
    const second = await newRule(client, {
      trigger: { type: 'record.created', entity: 'task' },
      conditions: [{ field: 'task.title', op: 'contains', value: 'call about' }],
      actions: [{ type: 'update_field', field: 'task.priority', value: 'high' }],
    });
    await newDeal(client, { title: 'Chained' });
    await server.runJobs();
    const [task] = await tasksTitled(client, 'Call about Chained');
    expect(task!.priority).toBe('high');
    expect((await runsOf(client, second.id)).map((r) => [r.event.depth, r.status])).toEqual([[1, 'succeeded']]);
  });
});

describe('an event that keeps failing', () => {
  it(`is given up after ${MAX_EVENT_ATTEMPTS} attempts, so that the record's later events still run`, async () => {
    const { client, portal } = await paidPortal(server);
    const rule = await newRule(client, { trigger: { type: 'record.updated', entity: 'deal' }, actions: [{ type: 'add_note', body: 'Now {{deal.title}}' }] });
    const deal = await newDeal(client, { title: 'Poison' });
    await ok(client.patch(`/api/crm/deals/${deal.id}`, { title: 'Poisoned' }));
    const [first] = await eventsOf(portal.id, deal.id);
    // As if every attempt so far had died on an unexpected error.
    await server.deps.db
      .updateTable('automation_events')
      .set({ attempts: MAX_EVENT_ATTEMPTS, last_error: 'database went away' })
      .where('id', '=', first!.id)
      .execute();
    await ok(client.patch(`/api/crm/deals/${deal.id}`, { title: 'Healthy' }));
    await server.runJobs();
    const runs = await runsOf(client, rule.id);
    expect(runs.map((r) => r.status)).toEqual(['succeeded']);
    expect((await eventsOf(portal.id, deal.id)).every((e) => e.processed_at !== null)).toBe(true);
  });
});
