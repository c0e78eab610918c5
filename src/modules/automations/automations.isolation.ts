import { expect } from 'vitest';
import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';

/** Cross-portal probes for every automations route (walked by src/test/isolation.test.ts). */
export function automationsIsolation(f: IsolationFixture): IsolationModule {
  const { a, b } = f;
  const ids = { rule: '', secret: '', stage: '' };

  const ruleOfA = async () => {
    const res = await a.owner.get(`/api/automations/${ids.rule}`);
    expect(res.status, res.text).toBe(200);
    return res.body;
  };

  return {
    async setup() {
      // Portal A needs a plan with automations: the built-in Team plan, unless another module's setup chose a paid one already.
      if ((await a.owner.get('/api/billing/subscription')).body.planId === 'free') {
        if (!(await a.owner.get('/api/billing/payment-method')).body.paymentMethod) {
          const card = await a.owner.post('/api/billing/payment-method', { cardNumber: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123' });
          expect(card.status, card.text).toBe(200);
        }
        const plan = await a.owner.post('/api/billing/subscription', { planId: 'team', interval: 'monthly' });
        expect(plan.status, plan.text).toBe(200);
      }
      const rule = await a.owner.post('/api/automations', {
        name: 'Isolated automation rule',
        trigger: { type: 'record.created', entity: 'deal' },
        actions: [{ type: 'add_note', body: 'Isolated automation note for {{deal.title}}' }],
      });
      expect(rule.status, rule.text).toBe(201);
      const deal = await a.owner.post('/api/crm/deals', { title: 'Isolated automation deal', amount: 100, currency: 'EUR' });
      expect(deal.status, deal.text).toBe(201);
      await f.server.runJobs();
      const runs = await a.owner.get(`/api/automations/${rule.body.id}/runs`);
      expect(runs.body.items).toHaveLength(1);
      const secret = await a.owner.get('/api/automations/webhook-secret');
      const sales = (await a.owner.get('/api/crm/pipelines')).body.items.find((p: { isDefault: boolean }) => p.isDefault);
      Object.assign(ids, { rule: rule.body.id, secret: secret.body.secret, stage: sales.stages[1].id });
      f.mark(ids.rule, ids.secret, runs.body.items[0].id, 'Isolated automation rule', 'Isolated automation note', 'Isolated automation deal');
    },
    probes: {
      'GET /api/automations': async () => {
        const res = await b.owner.get('/api/automations');
        expect(res.status, res.text).toBe(200);
        expect(res.body.items).toEqual([]);
        f.expectNoLeak(res);
      },
      'POST /api/automations': async () => {
        // Whatever B's plan, a rule naming A's stage is refused without a word about it, and A's rules stay A's.
        const res = await b.owner.post('/api/automations', {
          name: 'B rule',
          trigger: { type: 'deal.stage_changed', stageId: ids.stage },
          actions: [{ type: 'add_note', body: 'x' }],
        });
        expect([400, 402], res.text).toContain(res.status);
        f.expectNoLeak(res);
        const mine = await b.owner.post('/api/automations', { name: 'B rule', trigger: { type: 'task.overdue' }, actions: [{ type: 'add_note', body: 'x' }] });
        expect([201, 402], mine.text).toContain(mine.status);
        f.expectNoLeak(mine);
        expect((await a.owner.get('/api/automations')).body.items.map((r: { id: string }) => r.id)).toEqual([ids.rule]);
      },
      'GET /api/automations/catalog': async () => f.expectNoLeak(await b.owner.get('/api/automations/catalog')),
      'GET /api/automations/export': async () => {
        const res = await b.owner.get('/api/automations/export');
        expect(res.status, res.text).toBe(200);
        f.expectNoLeak(res);
      },
      'POST /api/automations/import': async () => {
        // A document naming A's ids: they resolve to nothing of A's.
        const doc = {
          formatVersion: 1,
          rules: [
            {
              name: 'B import',
              enabled: true,
              trigger: { type: 'deal.stage_changed', stageId: ids.stage },
              conditions: [],
              actions: [{ type: 'add_note', body: 'x' }],
              references: { pipelines: [], stages: [{ id: ids.stage, name: 'Nowhere', pipelineName: 'Nothing' }], users: [] },
            },
          ],
        };
        const res = await b.owner.post('/api/automations/import', doc);
        expect([201, 402], res.text).toContain(res.status);
        f.expectNoLeak(res);
        expect((await a.owner.get('/api/automations')).body.items).toHaveLength(1);
      },
      'GET /api/automations/webhook-secret': async () => {
        const res = await b.owner.get('/api/automations/webhook-secret');
        expect(res.status, res.text).toBe(200);
        f.expectNoLeak(res);
      },
      'POST /api/automations/webhook-secret/rotate': async () => {
        const res = await b.owner.post('/api/automations/webhook-secret/rotate');
        expect(res.status, res.text).toBe(200);
        f.expectNoLeak(res);
        expect((await a.owner.get('/api/automations/webhook-secret')).body.secret).toBe(ids.secret);
      },
      'GET /api/automations/:id': async () => f.expectNotFound(await b.owner.get(`/api/automations/${ids.rule}`)),
      'PATCH /api/automations/:id': async () => {
        f.expectNotFound(await b.owner.patch(`/api/automations/${ids.rule}`, { enabled: false, name: 'taken over' }));
        expect(await ruleOfA()).toMatchObject({ enabled: true, name: 'Isolated automation rule' });
      },
      'DELETE /api/automations/:id': async () => {
        f.expectNotFound(await b.owner.delete(`/api/automations/${ids.rule}`));
        await ruleOfA();
      },
      'GET /api/automations/:id/runs': async () => f.expectNotFound(await b.owner.get(`/api/automations/${ids.rule}/runs`)),
    },
  };
}
