import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import { addUser, signupPortal } from '../../test/factories.js';
import { advanceDays, choosePlan } from '../billing/billing.testkit.js';
import { defaultPipeline, fieldsOf, newDeal, stageNamed } from '../crm/crm.testkit.js';
import { seedAutomationsDemo } from '../../cli/demo/automations.demo.js';
import { newRule, ok, paidPortal, runsOf, startAutomationsServer } from './automations.testkit.js';

let server: TestServer;
beforeAll(async () => {
  server = await startAutomationsServer();
});
afterAll(async () => {
  await server?.close();
});

const noteOnNewDeals = { trigger: { type: 'record.created', entity: 'deal' }, actions: [{ type: 'add_note', body: 'Welcome {{deal.title}}' }] };

describe('rules', () => {
  it('creates a rule, lists rules by name and shows one', async () => {
    const { client } = await paidPortal(server);
    const b = await newRule(client, { name: 'Zebra follow-up', ...noteOnNewDeals });
    const a = await newRule(client, {
      name: 'Big deals',
      trigger: { type: 'record.updated', entity: 'deal', fields: ['deal.amount'] },
      conditions: [{ field: 'amount', op: 'gte', value: 100000 }],
      actions: [{ type: 'update_field', field: 'title', value: '{{deal.title}} (big)' }],
    });
    expect(a).toMatchObject({
      name: 'Big deals',
      enabled: true,
      active: true,
      readOnly: false,
      inactiveReason: null,
      // Stored in one form: fields named with their record, as conditions are.
      trigger: { type: 'record.updated', entity: 'deal', fields: ['amount'] },
      conditions: [{ field: 'deal.amount', op: 'gte', value: 100000 }],
      actions: [{ type: 'update_field', field: 'deal.title', value: '{{deal.title}} (big)' }],
    });
    const list = await ok(client.get('/api/automations'));
    expect(list.items.map((r: { name: string }) => r.name)).toEqual(['Big deals', 'Zebra follow-up']);
    expect(await ok(client.get(`/api/automations/${b.id}`))).toMatchObject({ id: b.id, name: 'Zebra follow-up' });
  });

  it('refuses a rule that does not make sense, naming the bad part', async () => {
    const { client } = await paidPortal(server);
    const cases: [Record<string, unknown>, string][] = [
      [{ trigger: { type: 'deal.exploded' }, actions: noteOnNewDeals.actions }, 'trigger'],
      [{ ...noteOnNewDeals, conditions: [{ field: 'contact.email', op: 'eq', value: 'a@b.test' }] }, 'conditions.0.field'],
      [{ ...noteOnNewDeals, conditions: [{ field: 'deal.nonsense', op: 'eq', value: 1 }] }, 'conditions.0.field'],
      [{ ...noteOnNewDeals, conditions: [{ field: 'deal.title', op: 'gt', value: 3 }] }, 'conditions.0.op'],
      [{ ...noteOnNewDeals, conditions: [{ field: 'deal.amount', op: 'gt', value: 'lots' }] }, 'conditions.0.value'],
      [{ ...noteOnNewDeals, conditions: [{ field: 'deal.amount', op: 'in', value: 5 }] }, 'conditions.0.value'],
      [{ ...noteOnNewDeals, actions: [{ type: 'create_task', title: 'Call {{deal.titel}}' }] }, 'actions.0.title'],
      [{ ...noteOnNewDeals, actions: [{ type: 'update_field', field: 'deal.createdAt', value: 'x' }] }, 'actions.0.field'],
      [{ ...noteOnNewDeals, actions: [{ type: 'send_email', to: 'not an address', subject: 's', body: 'b' }] }, 'actions.0.to'],
      [{ ...noteOnNewDeals, actions: [{ type: 'webhook', url: 'ftp://erp.example.com/x' }] }, 'actions.0.url'],
      [{ ...noteOnNewDeals, actions: [{ type: 'webhook', url: 'http://10.1.2.3/hook' }] }, 'actions.0.url'],
      [{ ...noteOnNewDeals, actions: [{ type: 'webhook', url: 'http://169.254.169.254/latest/meta-data' }] }, 'actions.0.url'],
      [{ ...noteOnNewDeals, actions: [] }, 'actions'],
      [
        {
          trigger: { type: 'schedule', cron: '0 9 * *', timeZone: 'Europe/Berlin' },
          actions: [{ type: 'send_email', to: 'a@b.test', subject: 's', body: 'b' }],
        },
        'trigger.cron',
      ],
      [
        {
          trigger: { type: 'schedule', cron: '0 9 * * 1', timeZone: 'Mars/Olympus' },
          actions: [{ type: 'send_email', to: 'a@b.test', subject: 's', body: 'b' }],
        },
        'trigger.timeZone',
      ],
      [{ trigger: { type: 'schedule', cron: '0 9 * * 1', timeZone: 'UTC' }, actions: [{ type: 'add_note', body: 'x' }] }, 'actions.0.type'],
    ];
    for (const [body, path] of cases) {
      const res = await client.post('/api/automations', { name: 'Bad', ...body });
      expect(res.status, `${path}: ${res.text}`).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(
        fieldsOf(res).some((p: string) => p === path || p.startsWith(`${path}.`)),
        `${path} in ${res.text}`,
      ).toBe(true);
    }
    const stage = await client.post('/api/automations', {
      name: 'Bad',
      trigger: { type: 'deal.stage_changed', stageId: 'no-such-stage' },
      actions: noteOnNewDeals.actions,
    });
    expect(stage.status).toBe(400);
    expect(stage.body.error.code).toBe('INVALID_REFERENCE');
    expect(fieldsOf(stage)).toEqual(['trigger.stageId']);
    expect((await ok(client.get('/api/automations'))).items).toEqual([]);
  });

  it('lets admins manage rules, and tells a member whom to ask', async () => {
    const p = await paidPortal(server);
    const member = await addUser(server, p.session, { role: 'member' });
    const rule = await newRule(p.client, noteOnNewDeals);
    for (const res of [
      await member.client.get('/api/automations'),
      await member.client.get(`/api/automations/${rule.id}`),
      await member.client.post('/api/automations', noteOnNewDeals),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.details.admins[0].email).toBe(p.user.email);
    }
  });

  it('renames, disables, re-enables and changes a rule, and audits each change', async () => {
    const { client } = await paidPortal(server);
    const rule = await newRule(client, noteOnNewDeals);
    expect(await ok(client.patch(`/api/automations/${rule.id}`, { enabled: false }))).toMatchObject({
      enabled: false,
      active: false,
      inactiveReason: 'disabled',
    });
    const renamed = await ok(
      client.patch(`/api/automations/${rule.id}`, { name: 'Greet new deals', enabled: true, actions: [{ type: 'add_note', body: 'Hello {{deal.title}}' }] }),
    );
    expect(renamed).toMatchObject({ name: 'Greet new deals', enabled: true, active: true, actions: [{ type: 'add_note', body: 'Hello {{deal.title}}' }] });
    const bad = await client.patch(`/api/automations/${rule.id}`, { conditions: [{ field: 'deal.amount', op: 'contains', value: 'x' }] });
    expect(fieldsOf(bad)).toEqual(['conditions.0.op']);
    const audit = await ok(client.get('/api/audit?limit=50'));
    const actions = audit.items.filter((e: { targetId: string }) => e.targetId === rule.id).map((e: { action: string }) => e.action);
    expect(actions).toEqual(['automations.rule_updated', 'automations.rule_updated', 'automations.rule_created']);
  });

  it('deletes a rule with its run log', async () => {
    const { client } = await paidPortal(server);
    const rule = await newRule(client, noteOnNewDeals);
    await newDeal(client, { title: 'Log me' });
    await server.runJobs();
    expect(await runsOf(client, rule.id)).toHaveLength(1);
    expect((await client.delete(`/api/automations/${rule.id}`)).status).toBe(204);
    expect((await client.get(`/api/automations/${rule.id}`)).status).toBe(404);
    expect((await client.get(`/api/automations/${rule.id}/runs`)).status).toBe(404);
    const left = await server.deps.db.selectFrom('automation_runs').select('id').where('rule_id', '=', rule.id).execute();
    expect(left).toEqual([]);
  });

  it('resolves a stage given by id in the trigger, and refuses a stage of another pipeline', async () => {
    const { client } = await paidPortal(server);
    const sales = await defaultPipeline(client);
    const other = await ok(client.post('/api/crm/pipelines', { name: 'Partners', stages: [{ name: 'Talking' }] }), 201);
    const okRule = await newRule(client, {
      trigger: { type: 'deal.stage_changed', pipelineId: sales.id, stageId: stageNamed(sales, 'Negotiation') },
      actions: noteOnNewDeals.actions,
    });
    expect(okRule.trigger.stageId).toBe(stageNamed(sales, 'Negotiation'));
    const res = await client.post('/api/automations', {
      name: 'x',
      trigger: { type: 'deal.stage_changed', pipelineId: sales.id, stageId: other.stages[0].id },
      actions: noteOnNewDeals.actions,
    });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(['trigger.stageId']);
  });
});

describe('the plan gate', () => {
  it('refuses automations on a plan without them, naming the plan that has them', async () => {
    const { client } = await signupPortal(server);
    const res = await client.post('/api/automations', { name: 'Free rule', ...noteOnNewDeals });
    expect(res.status).toBe(402);
    expect(res.body.error.code).toBe('PLAN_FEATURE_REQUIRED');
    expect(res.body.error.message).toContain('Team');
    expect((await client.post('/api/automations/import', { formatVersion: 1, rules: [] })).status).toBe(402);
  });

  it('after a downgrade keeps rules read-only and idle, exports them, and an upgrade restores them exactly', async () => {
    const { client } = await paidPortal(server);
    const on = await newRule(client, { name: 'On', ...noteOnNewDeals });
    const off = await newRule(client, { name: 'Off', enabled: false, ...noteOnNewDeals });
    await choosePlan(client, 'free');
    await advanceDays(client, 32);
    expect((await ok(client.get('/api/billing/subscription'))).planId).toBe('free');

    const rules = (await ok(client.get('/api/automations'))).items;
    expect(rules.map((r: any) => [r.name, r.enabled, r.active, r.readOnly, r.inactiveReason])).toEqual([
      ['Off', false, false, true, 'plan'],
      ['On', true, false, true, 'plan'],
    ]);
    const patch = await client.patch(`/api/automations/${off.id}`, { enabled: true });
    expect(patch.status).toBe(402);
    expect(patch.body.error.code).toBe('PLAN_FEATURE_REQUIRED');
    await newDeal(client, { title: 'While on Free' });
    await server.runJobs();
    expect(await runsOf(client, on.id)).toEqual([]);
    const doc = await ok(client.get('/api/automations/export'));
    expect(doc.rules.map((r: any) => [r.name, r.enabled])).toEqual([
      ['Off', false],
      ['On', true],
    ]);

    await choosePlan(client, 'team');
    const back = (await ok(client.get('/api/automations'))).items;
    expect(back.map((r: any) => [r.name, r.enabled, r.active, r.readOnly])).toEqual([
      ['Off', false, false, false],
      ['On', true, true, false],
    ]);
    await newDeal(client, { title: 'After the upgrade' });
    await server.runJobs();
    expect((await runsOf(client, on.id)).map((r) => r.event.recordLabel)).toEqual(['After the upgrade']);
    expect(await runsOf(client, off.id)).toEqual([]);
    // Deleting is never paywalled.
    expect((await client.delete(`/api/automations/${off.id}`)).status).toBe(204);
  });
});

describe('the webhook signing secret', () => {
  it('is shown to admins and can be rotated', async () => {
    const p = await paidPortal(server);
    const first = await ok(p.client.get('/api/automations/webhook-secret'));
    expect(first).toMatchObject({ header: 'X-SchedulingKit-Signature' });
    expect(first.secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    expect((await ok(p.client.get('/api/automations/webhook-secret'))).secret).toBe(first.secret);
    const rotated = await ok(p.client.post('/api/automations/webhook-secret/rotate'));
    expect(rotated.secret).not.toBe(first.secret);
    expect((await ok(p.client.get('/api/automations/webhook-secret'))).secret).toBe(rotated.secret);
    const member = await addUser(server, p.session, { role: 'member' });
    expect((await member.client.get('/api/automations/webhook-secret')).status).toBe(403);
  });
});

describe('demo rules (skit demo)', () => {
  it('adds a few working rules once, and none on a plan without automations', async () => {
    const paid = await paidPortal(server);
    const ctx = {
      deps: server.deps,
      portalId: paid.portal.id,
      actor: { type: 'user' as const, userId: paid.user.id, role: 'owner' as const },
      ip: null,
      userAgent: 'test',
    };
    await seedAutomationsDemo(ctx);
    await seedAutomationsDemo(ctx);
    const rules = (await ok(paid.client.get('/api/automations'))).items;
    expect(rules.map((r: any) => [r.name, r.active])).toEqual([
      ['Contract for big deals', true],
      ['Escalate overdue tasks', true],
      ['Monday pipeline review', true],
      ['Welcome new contacts', false],
    ]);
    const free = await signupPortal(server);
    await seedAutomationsDemo({ ...ctx, portalId: free.portal.id, actor: { type: 'user', userId: free.user.id, role: 'owner' } });
    expect(await server.deps.db.selectFrom('automation_rules').select('id').where('portal_id', '=', free.portal.id).execute()).toEqual([]);
  });
});
