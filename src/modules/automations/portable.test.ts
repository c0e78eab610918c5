import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import { addUser } from '../../test/factories.js';
import { newDeal, newPipeline, stageNamed } from '../crm/crm.testkit.js';
import { newRule, ok, paidPortal, runsOf, startAutomationsServer, tasksTitled } from './automations.testkit.js';

let server: TestServer;
beforeAll(async () => {
  server = await startAutomationsServer();
});
afterAll(async () => {
  await server?.close();
});

describe('export and import', () => {
  it('recreates every rule in another portal, finding pipelines, stages and users by name, and reports what it cannot find', async () => {
    const a = await paidPortal(server);
    const closer = await addUser(server, a.session, { name: 'Carla Closer', email: 'carla@closers.test' });
    const onlyInA = await addUser(server, a.session, { name: 'Otto Only' });
    const partners = await newPipeline(a.client, { name: 'Partners', stages: [{ name: 'Talking' }, { name: 'Signed', kind: 'won' }] });
    await newRule(a.client, {
      name: 'Onboard signed partners',
      trigger: { type: 'deal.stage_changed', pipelineId: partners.id, stageId: stageNamed(partners, 'Signed') },
      conditions: [{ field: 'deal.amount', op: 'gte', value: 100000 }],
      actions: [{ type: 'create_task', title: 'Onboard {{deal.title}}', dueInDays: 1, assigneeId: closer.user.id }],
    });
    await newRule(a.client, {
      name: 'Hand to Otto',
      trigger: { type: 'record.created', entity: 'deal' },
      actions: [{ type: 'update_field', field: 'deal.ownerId', value: onlyInA.user.id }],
    });
    await newRule(a.client, {
      name: 'Weekly digest',
      enabled: false,
      trigger: { type: 'schedule', cron: '0 8 * * 1', timeZone: 'Europe/Vienna' },
      actions: [{ type: 'send_email', to: 'team@acme.test', subject: 'Week {{event.date}}', body: 'Go!' }],
    });

    const exported = await a.client.get('/api/automations/export');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename="automations-\d{4}-\d{2}-\d{2}\.json"$/);
    const doc = exported.body;
    expect(doc.formatVersion).toBe(1);
    expect(doc.rules.map((r: { name: string }) => r.name)).toEqual(['Hand to Otto', 'Onboard signed partners', 'Weekly digest']);
    expect(doc.rules[1].references).toEqual({
      pipelines: [{ id: partners.id, name: 'Partners' }],
      stages: [{ id: stageNamed(partners, 'Signed'), name: 'Signed', pipelineName: 'Partners' }],
      users: [{ id: closer.user.id, name: 'Carla Closer', email: 'carla@closers.test' }],
    });

    const b = await paidPortal(server);
    const carlaInB = await addUser(server, b.session, { name: 'Carla C.', email: 'carla@closers.test' });
    const partnersInB = await newPipeline(b.client, { name: 'partners', stages: [{ name: 'Talking' }, { name: 'Signed', kind: 'won' }] });
    const result = await ok(b.client.post('/api/automations/import', doc), 201);
    expect(result.imported).toBe(3);
    expect(result.unresolved).toEqual([
      { rule: 'Hand to Otto', what: `user "Otto Only" <${onlyInA.user.email}> was not found here; the rule was imported disabled` },
    ]);

    const rules = (await ok(b.client.get('/api/automations'))).items;
    expect(rules.map((r: any) => [r.name, r.enabled])).toEqual([
      ['Hand to Otto', false],
      ['Onboard signed partners', true],
      ['Weekly digest', false],
    ]);
    const onboard = rules[1];
    expect(onboard.trigger).toEqual({ type: 'deal.stage_changed', pipelineId: partnersInB.id, stageId: stageNamed(partnersInB, 'Signed') });
    expect(onboard.actions[0].assigneeId).toBe(carlaInB.user.id);

    // The imported rule works in its new portal.
    const deal = await newDeal(b.client, { title: 'ACME partnership', amount: 250000, currency: 'EUR', pipelineId: partnersInB.id });
    await ok(b.client.patch(`/api/crm/deals/${deal.id}`, { stageId: stageNamed(partnersInB, 'Signed') }));
    await server.runJobs();
    const [task] = await tasksTitled(b.client, 'Onboard ACME partnership');
    expect(task!.assigneeId).toBe(carlaInB.user.id);
    expect((await runsOf(b.client, onboard.id)).map((r) => r.status)).toEqual(['succeeded']);

    // Export → import → export gives the same rules, in the new portal's terms.
    const again = await ok(b.client.get('/api/automations/export'));
    const strip = (r: any) => ({ name: r.name, trigger: r.trigger.type, conditions: r.conditions, actionTypes: r.actions.map((x: any) => x.type) });
    expect(again.rules.map(strip)).toEqual(doc.rules.map(strip));
  });

  it('leaves out a rule that is not valid, naming why, and imports the others', async () => {
    const p = await paidPortal(server);
    const doc = {
      formatVersion: 1,
      rules: [
        { name: 'Good', enabled: true, trigger: { type: 'record.created', entity: 'lead' }, conditions: [], actions: [{ type: 'add_note', body: 'hi' }] },
        {
          name: 'Broken',
          enabled: true,
          trigger: { type: 'record.created', entity: 'lead' },
          conditions: [{ field: 'lead.nope', op: 'eq', value: 1 }],
          actions: [{ type: 'add_note', body: 'hi' }],
        },
        { name: 'No actions', enabled: true, trigger: { type: 'task.overdue' }, conditions: [], actions: [] },
      ],
    };
    const result = await ok(p.client.post('/api/automations/import', doc), 201);
    expect(result.imported).toBe(1);
    expect(result.unresolved).toEqual([
      { rule: 'Broken', what: 'not imported: conditions.0.field "nope" is not a field of a lead' },
      { rule: 'No actions', what: 'not imported: actions needs at least one action' },
    ]);
    const bad = await p.client.post('/api/automations/import', { formatVersion: 2, rules: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('formatVersion');
  });
});
