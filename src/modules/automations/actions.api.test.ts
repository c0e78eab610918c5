import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import { addUser } from '../../test/factories.js';
import { defaultPipeline, newCompany, newContact, newDeal, newLead, stageNamed } from '../crm/crm.testkit.js';
import { newRule, ok, paidPortal, runsOf, startAutomationsServer, tasksTitled } from './automations.testkit.js';

let server: TestServer;
beforeAll(async () => {
  server = await startAutomationsServer();
});
afterAll(async () => {
  await server?.close();
});

const DAY = 86_400_000;

describe('create_task', () => {
  it("creates a task from templates, due in N days, assigned to the deal's owner and linked to the deal", async () => {
    const p = await paidPortal(server);
    const rep = await addUser(server, p.session, { name: 'Rita Rep' });
    await newRule(p.client, {
      trigger: { type: 'record.created', entity: 'deal' },
      actions: [
        {
          type: 'create_task',
          title: 'Send the contract for {{deal.title}}',
          description: 'Owner: {{deal.ownerName}}, amount {{deal.amount}}',
          dueInDays: 3,
          assigneeId: '{{deal.ownerId}}',
        },
      ],
    });
    const deal = await newDeal(p.client, { title: 'Forty chairs', amount: 99900, currency: 'EUR', ownerId: rep.user.id });
    await server.runJobs();
    const [task] = await tasksTitled(p.client, 'Send the contract for Forty chairs');
    expect(task).toMatchObject({
      assigneeId: rep.user.id,
      description: 'Owner: Rita Rep, amount 999.00 EUR',
      links: [{ type: 'deal', id: deal.id }],
      status: 'todo',
    });
    const dueIn = Date.parse(task!.dueAt) - server.clock.now(p.portal.id).getTime();
    expect(dueIn).toBeGreaterThan(3 * DAY - 60_000);
    expect(dueIn).toBeLessThanOrEqual(3 * DAY);
  });

  it('logs an action that fails with the reason, and still runs the others', async () => {
    const p = await paidPortal(server);
    const gone = await addUser(server, p.session, { name: 'Gone Soon' });
    const rule = await newRule(p.client, {
      trigger: { type: 'record.created', entity: 'deal' },
      actions: [
        { type: 'create_task', title: 'Call {{deal.title}}', assigneeId: gone.user.id },
        { type: 'add_note', body: 'Noted {{deal.title}}' },
      ],
    });
    await ok(p.client.post(`/api/users/${gone.user.id}/deactivate`));
    await newDeal(p.client, { title: 'Orphan' });
    await server.runJobs();
    const [run] = await runsOf(p.client, rule.id);
    expect(run).toMatchObject({
      status: 'failed',
      actions: [
        { type: 'create_task', status: 'failed', detail: expect.stringContaining('deactivated') },
        { type: 'add_note', status: 'succeeded' },
      ],
    });
    expect(await tasksTitled(p.client, 'Call Orphan')).toEqual([]);
  });
});

describe('update_field', () => {
  it("moves a deal to another stage through the CRM (which records the stage change) and sets a lead's status", async () => {
    const { client } = await paidPortal(server);
    const sales = await defaultPipeline(client);
    const moveRule = await newRule(client, {
      trigger: { type: 'record.updated', entity: 'deal', fields: ['amount'] },
      conditions: [{ field: 'deal.amount', op: 'gte', value: 1000000 }],
      actions: [{ type: 'update_field', field: 'deal.stageId', value: stageNamed(sales, 'Negotiation') }],
    });
    await newRule(client, {
      trigger: { type: 'record.created', entity: 'lead' },
      conditions: [{ field: 'lead.source', op: 'eq', value: 'referral' }],
      actions: [{ type: 'update_field', field: 'lead.status', value: 'qualified' }],
    });
    const deal = await newDeal(client, { title: 'Big order' });
    await ok(client.patch(`/api/crm/deals/${deal.id}`, { amount: 2000000 }));
    const lead = await newLead(client, { title: 'From a friend', source: 'referral' });
    await server.runJobs();
    expect((await ok(client.get(`/api/crm/deals/${deal.id}`))).stageId).toBe(stageNamed(sales, 'Negotiation'));
    const history = await ok(client.get(`/api/crm/deals/${deal.id}/stage-changes`));
    expect(history.items.map((c: { toStageId: string; changedBy: string | null }) => [c.toStageId, c.changedBy])).toEqual([
      [stageNamed(sales, 'Negotiation'), null],
    ]);
    expect((await ok(client.get(`/api/crm/leads/${lead.id}`))).status).toBe('qualified');
    const [run] = await runsOf(client, moveRule.id);
    expect(run!.actions[0]!.detail).toBe('Set the deal\'s stage to "Negotiation"');
  });

  it("fails with the owning module's reason when the value is not valid there", async () => {
    const { client } = await paidPortal(server);
    const rule = await newRule(client, {
      trigger: { type: 'record.created', entity: 'company' },
      actions: [{ type: 'update_field', field: 'company.email', value: 'sales at {{company.name}}' }],
    });
    await newCompany(client, { name: 'Initech' });
    await server.runJobs();
    const [run] = await runsOf(client, rule.id);
    expect(run).toMatchObject({ status: 'failed', actions: [{ status: 'failed', detail: 'email must be an email address' }] });
  });
});

describe('send_email', () => {
  it("mails the contact's address with the fields filled in", async () => {
    const { client } = await paidPortal(server);
    const rule = await newRule(client, {
      trigger: { type: 'record.created', entity: 'contact' },
      conditions: [{ field: 'contact.email', op: 'empty', value: false }],
      actions: [
        { type: 'send_email', to: '{{contact.email}}', subject: 'Welcome, {{contact.firstName}}', body: 'Hello {{contact.name}}, thanks for your interest.' },
      ],
    });
    await newContact(client, { firstName: 'Zoë', lastName: 'Brandt', emails: [{ value: 'zoe@brandt.test' }] });
    await newContact(client, { firstName: 'No', lastName: 'Mail' });
    await server.runJobs();
    const mail = await server.deps.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', 'zoe@brandt.test').execute();
    expect(mail.map((m) => [m.subject, m.text_body, m.status])).toEqual([['Welcome, Zoë', 'Hello Zoë Brandt, thanks for your interest.', 'stored']]);
    const runs = await runsOf(client, rule.id);
    expect(runs.map((r) => [r.event.recordLabel, r.status])).toEqual(
      expect.arrayContaining([
        ['Zoë Brandt', 'succeeded'],
        ['No Mail', 'skipped'],
      ]),
    );
    expect(runs.find((r) => r.status === 'succeeded')!.actions[0]!.detail).toBe('Queued "Welcome, Zoë" to zoe@brandt.test');
  });
});
