import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import type { TestClient } from '../../test/client.js';
import { systemContext } from '../../kernel/context.js';
import { defaultPipeline, newCompany, newContact, newDeal, newLead, stageNamed } from '../crm/crm.testkit.js';
import { newTask } from '../tasks/tasks.testkit.js';
import { emitRecordEvent } from '../../kernel/events.js';
import { newRule, ok, paidPortal, runsOf, startAutomationsServer, tasksTitled } from './automations.testkit.js';

let server: TestServer;
beforeAll(async () => {
  server = await startAutomationsServer();
});
afterAll(async () => {
  await server?.close();
});

const HOUR = 3_600_000;
const note = (body: string) => [{ type: 'add_note', body }];
const activitiesOf = async (c: TestClient, type: string, id: string) =>
  (await ok(c.get(`/api/crm/activities?recordType=${type}&recordId=${id}`))).items.map((a: { body: string }) => a.body);

describe('record triggers', () => {
  it('runs "created" rules for companies, contacts, leads, deals and tasks, each on its own kind', async () => {
    const { client } = await paidPortal(server);
    const rules: Record<string, { id: string }> = {};
    for (const entity of ['company', 'contact', 'lead', 'deal', 'task']) {
      const label = entity === 'contact' ? 'name' : entity === 'company' ? 'name' : 'title';
      rules[entity] = await newRule(client, {
        name: `New ${entity}`,
        trigger: { type: 'record.created', entity },
        actions: note(`New ${entity}: {{${entity}.${label}}}`),
      });
    }
    const company = await newCompany(client, { name: 'Müller GmbH' });
    const contact = await newContact(client, { firstName: 'Anna', lastName: 'Schmidt' });
    const lead = await newLead(client, { title: 'Website enquiry' });
    const deal = await newDeal(client, { title: 'Forty chairs' });
    const task = await newTask(client, { title: 'Call back' });
    await server.runJobs();

    expect(await activitiesOf(client, 'company', company.id)).toEqual(['New company: Müller GmbH']);
    expect(await activitiesOf(client, 'contact', contact.id)).toEqual(['New contact: Anna Schmidt']);
    expect(await activitiesOf(client, 'lead', lead.id)).toEqual(['New lead: Website enquiry']);
    expect(await activitiesOf(client, 'deal', deal.id)).toEqual(['New deal: Forty chairs']);
    // A note on a task is a comment on it.
    expect((await ok(client.get(`/api/tasks/${task.id}/comments`))).items.map((c: { body: string }) => c.body)).toEqual(['New task: Call back']);
    for (const [entity, rule] of Object.entries(rules)) {
      const runs = await runsOf(client, rule.id);
      expect(
        runs.map((r) => [r.status, r.event.type, r.event.entity]),
        entity,
      ).toEqual([['succeeded', 'record.created', entity]]);
      expect(runs[0]!.actions).toEqual([
        { type: 'add_note', status: 'succeeded', detail: expect.stringContaining(`Added a note to the ${entity}`), attempts: 0 },
      ]);
    }
  });

  it('runs "updated" rules only for the fields named, and shows what changed', async () => {
    const { client } = await paidPortal(server);
    const rule = await newRule(client, {
      trigger: { type: 'record.updated', entity: 'contact', fields: ['emails'] },
      conditions: [{ field: 'contact.email', op: 'contains', value: '@VIP.test' }],
      actions: note('VIP address {{contact.email}}'),
    });
    const contact = await newContact(client, { firstName: 'Vera' });
    await ok(client.patch(`/api/crm/contacts/${contact.id}`, { jobTitle: 'CEO' }));
    await ok(client.patch(`/api/crm/contacts/${contact.id}`, { emails: [{ value: 'vera@vip.test' }] }));
    await ok(client.patch(`/api/crm/contacts/${contact.id}`, { emails: [{ value: 'vera@vip.test' }] })); // no change: no event
    await server.runJobs();
    const runs = await runsOf(client, rule.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'succeeded', event: { type: 'record.updated', entity: 'contact', recordLabel: 'Vera' } });
    expect(runs[0]!.event.changes.emails).toEqual({ from: [], to: [{ value: 'vera@vip.test', type: 'work' }] });
    expect(await activitiesOf(client, 'contact', contact.id)).toEqual(['VIP address vera@vip.test']);
  });

  it('sees a lead conversion: the lead is updated, and its contact, company and deal are created', async () => {
    const { client } = await paidPortal(server);
    const converted = await newRule(client, {
      trigger: { type: 'record.updated', entity: 'lead', fields: ['status'] },
      conditions: [{ field: 'lead.status', op: 'eq', value: 'converted' }],
      actions: note('Converted by {{lead.ownerName}}'),
    });
    const newContacts = await newRule(client, { trigger: { type: 'record.created', entity: 'contact' }, actions: note('Hello {{contact.name}}') });
    const lead = await newLead(client, { title: 'Fair contact', name: 'Jon Doe', companyName: 'Doe Ltd', amount: 5000, currency: 'EUR' });
    await ok(client.post(`/api/crm/leads/${lead.id}/convert`, { createDeal: true }));
    await server.runJobs();
    expect((await runsOf(client, converted.id)).map((r) => r.status)).toEqual(['succeeded']);
    const [run] = await runsOf(client, newContacts.id);
    expect(run).toMatchObject({ status: 'succeeded', event: { recordLabel: 'Jon Doe' } });
  });
});

describe('deal.stage_changed', () => {
  it('fires when a deal reaches the stage named, and skips (saying why) when the conditions do not hold', async () => {
    const { client } = await paidPortal(server);
    const sales = await defaultPipeline(client);
    const negotiation = stageNamed(sales, 'Negotiation');
    const rule = await newRule(client, {
      name: 'Contract for big deals',
      trigger: { type: 'deal.stage_changed', pipelineId: sales.id, stageId: negotiation },
      conditions: [
        { field: 'deal.amount', op: 'gt', value: 100000 },
        { field: 'deal.currency', op: 'eq', value: 'EUR' },
      ],
      actions: [{ type: 'create_task', title: 'Send the contract for {{deal.title}} ({{deal.amount}})', dueInDays: 2 }],
    });
    const big = await newDeal(client, { title: 'Big one', amount: 150000, currency: 'EUR' });
    const small = await newDeal(client, { title: 'Small one', amount: 50000, currency: 'EUR' });
    await ok(client.patch(`/api/crm/deals/${big.id}`, { stageId: negotiation }));
    await ok(client.patch(`/api/crm/deals/${small.id}`, { stageId: negotiation }));
    await ok(client.patch(`/api/crm/deals/${big.id}`, { stageId: stageNamed(sales, 'Won') }));
    await server.runJobs();

    const [task] = await tasksTitled(client, 'Send the contract for Big one (1,500.00 EUR)');
    expect(task).toBeTruthy();
    expect(task!.links).toEqual([{ type: 'deal', id: big.id }]);
    const runs = await runsOf(client, rule.id);
    expect(runs.map((r) => [r.event.recordLabel, r.status])).toEqual(
      expect.arrayContaining([
        ['Big one', 'succeeded'],
        ['Small one', 'skipped'],
      ]),
    );
    expect(runs).toHaveLength(2);
    const skipped = runs.find((r) => r.status === 'skipped')!;
    expect(skipped.reason).toContain('amount (500.00 EUR)');
    expect(skipped.actions).toEqual([]);
    expect(runs.find((r) => r.status === 'succeeded')!.event.data).toMatchObject({ pipelineId: sales.id, toStageId: negotiation });
  });
});

describe('task.overdue', () => {
  it('fires once per task and due time, after the due time passes, for tasks not done', async () => {
    const { client, portal } = await paidPortal(server);
    const rule = await newRule(client, { trigger: { type: 'task.overdue' }, actions: note('Overdue: {{task.title}} was due {{task.dueAt}}') });
    const now = server.clock.now(portal.id).getTime();
    const due = (h: number) => new Date(now + h * HOUR).toISOString();
    const late = await newTask(client, { title: 'Late report', dueAt: due(2) });
    await newTask(client, { title: 'Finished early', dueAt: due(1), status: 'done' });
    await newTask(client, { title: 'Next week', dueAt: due(24 * 7) });
    await ok(client.post('/api/test-clock/advance', { to: due(3) }));
    await ok(client.post('/api/test-clock/advance', { to: due(4) }));
    let runs = await runsOf(client, rule.id);
    expect(runs.map((r) => [r.event.type, r.event.recordLabel, r.status])).toEqual([['task.overdue', 'Late report', 'succeeded']]);
    expect((await ok(client.get(`/api/tasks/${late.id}/comments`))).items).toHaveLength(1);

    // A new due time is a new deadline: it fires again once that one passes.
    await ok(client.patch(`/api/tasks/${late.id}`, { dueAt: due(5) }));
    await ok(client.post('/api/test-clock/advance', { to: due(6) }));
    runs = await runsOf(client, rule.id);
    expect(runs).toHaveLength(2);
    expect(runs[0]!.event.data).toEqual({ dueAt: due(5) });

    // A task entered late, already past its due time, is seen by the next scan too.
    await newTask(client, { title: 'Entered late', dueAt: due(5.5) });
    await ok(client.post('/api/test-clock/advance', { to: due(6.2) }));
    runs = await runsOf(client, rule.id);
    expect(runs.map((r) => r.event.recordLabel)).toEqual(['Entered late', 'Late report', 'Late report']);
  });
});

describe('booking.created', () => {
  it('runs rules with the booking the scheduling module reports', async () => {
    const { client, portal } = await paidPortal(server);
    const rule = await newRule(client, {
      trigger: { type: 'booking.created' },
      conditions: [{ field: 'booking.email', op: 'contains', value: '@' }],
      actions: [{ type: 'create_task', title: 'Prepare the call with {{booking.name}} ({{booking.email}})' }],
    });
    const ctx = systemContext(server.deps, portal.id);
    await server.deps.db.transaction().execute((trx) =>
      emitRecordEvent(ctx, trx, {
        type: 'booking.created',
        entity: 'booking',
        recordId: 'booking-1',
        data: { name: 'Anna Berg', email: 'anna@berg.test', startAt: '2026-12-01T09:00:00Z' },
      }),
    );
    await server.runJobs();
    expect(await tasksTitled(client, 'Prepare the call with Anna Berg (anna@berg.test)')).toHaveLength(1);
    expect((await runsOf(client, rule.id))[0]).toMatchObject({ status: 'succeeded', event: { type: 'booking.created', recordLabel: 'Anna Berg' } });
  });
});

describe('schedule', () => {
  it("runs at the cron time in the rule's time zone, then re-schedules itself", async () => {
    const { client } = await paidPortal(server);
    const rule = await newRule(client, {
      trigger: { type: 'schedule', cron: '0 9 * * 1-5', timeZone: 'Europe/Berlin' },
      actions: [{ type: 'send_email', to: 'sales@acme.test', subject: 'Morning pipeline review ({{event.date}})', body: 'Rule: {{rule.name}}' }],
    });
    const first = rule.nextRunAt as string;
    const berlin = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    expect(berlin.format(new Date(first))).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:00$/);

    await ok(client.post('/api/test-clock/advance', { to: new Date(Date.parse(first) + 60_000).toISOString() }));
    const runs = await runsOf(client, rule.id);
    expect(runs.map((r) => [r.event.type, r.status])).toEqual([['schedule', 'succeeded']]);
    const mail = await server.deps.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', 'sales@acme.test').execute();
    expect(mail.map((m) => [m.subject, m.text_body])).toEqual([[`Morning pipeline review (${first.slice(0, 10)})`, 'Rule: A rule']]);
    const next = (await ok(client.get(`/api/automations/${rule.id}`))).nextRunAt as string;
    expect(Date.parse(next)).toBeGreaterThan(Date.parse(first));
    expect(berlin.format(new Date(next))).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:00$/);

    // Disabled: no more runs, even when its time passes.
    await ok(client.patch(`/api/automations/${rule.id}`, { enabled: false }));
    await ok(client.post('/api/test-clock/advance', { days: 7 }));
    expect(await runsOf(client, rule.id)).toHaveLength(1);
  });
});
