import { expect } from 'vitest';
import type { TestResponse } from '../../test/client.js';
import type { IsolationFixture, IsolationModule, Probe } from '../../test/isolation.fixture.js';

/** Cross-portal probes for every crm route (walked by src/test/isolation.test.ts). */
export function crmIsolation(f: IsolationFixture): IsolationModule {
  const { a, b } = f;
  const ids = {} as Record<'company' | 'contact' | 'lead' | 'deal' | 'pipeline' | 'stage' | 'activity', string>;

  const ok = async (res: Promise<TestResponse>, status = 201) => {
    const r = await res;
    expect(r.status, r.text).toBe(status);
    return r.body;
  };
  /** B's list shows nothing of A's, also when searching for A's names. */
  const listProbe = (path: string, q: string) => async () => {
    for (const url of [path, `${path}?q=${encodeURIComponent(q)}`]) {
      const res = await b.owner.get(url);
      expect(res.status, res.text).toBe(200);
      f.expectNoLeak(res);
    }
    expect((await b.owner.get(`${path}?q=${encodeURIComponent(q)}`)).body.items).toEqual([]);
  };
  /** GET, PATCH and DELETE of A's record answer B with 404, and A's record is untouched. */
  const byId = (path: string, key: keyof typeof ids, patch: Record<string, unknown>, check: (body: any) => void): Record<string, Probe> => ({
    [`GET ${path}/:id`]: async () => f.expectNotFound(await b.owner.get(`${path}/${ids[key]}`)),
    [`PATCH ${path}/:id`]: async () => {
      f.expectNotFound(await b.owner.patch(`${path}/${ids[key]}`, patch));
      check((await a.owner.get(`${path}/${ids[key]}`)).body);
    },
    [`DELETE ${path}/:id`]: async () => {
      f.expectNotFound(await b.owner.delete(`${path}/${ids[key]}`));
      expect((await a.owner.get(`${path}/${ids[key]}`)).status).toBe(200);
    },
  });
  /** B's create that names one of A's records is refused without a word about it. */
  const refusedReference = async (path: string, body: Record<string, unknown>) => {
    const res = await b.owner.post(path, body);
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.code).toBe('INVALID_REFERENCE');
    f.expectNoLeak(res);
  };

  return {
    async setup() {
      const company = await ok(a.member.post('/api/crm/companies', { name: 'Isolated Widgets AG', email: 'sales@isolated-widgets.test' }));
      const contact = await ok(a.member.post('/api/crm/contacts', { firstName: 'Ingrid', lastName: 'Isolda', companyId: company.id }));
      const lead = await ok(a.member.post('/api/crm/leads', { title: 'Isolated enquiry', name: 'Lars Lead', companyName: 'Lead Company Isolated' }));
      const pipeline = await ok(a.admin.post('/api/crm/pipelines', { name: 'Isolated pipeline', stages: [{ name: 'Isolated stage' }] }));
      const deal = await ok(
        a.member.post('/api/crm/deals', { title: 'Isolated deal', amount: 1000, currency: 'EUR', companyId: company.id, contactId: contact.id }),
      );
      await ok(a.member.patch(`/api/crm/deals/${deal.id}`, { stageId: pipeline.stages[0].id }), 200);
      const activity = await ok(a.member.post('/api/crm/activities', { recordType: 'contact', recordId: contact.id, body: 'Isolated note body' }));
      Object.assign(ids, {
        company: company.id,
        contact: contact.id,
        lead: lead.id,
        deal: deal.id,
        pipeline: pipeline.id,
        stage: pipeline.stages[0].id,
        activity: activity.id,
      });
      const sales = (await a.member.get('/api/crm/pipelines')).body.items.find((p: { isDefault: boolean }) => p.isDefault);
      f.mark(...Object.values(ids), sales.id, ...sales.stages.map((s: { id: string }) => s.id));
      f.mark('Isolated Widgets', 'isolated-widgets.test', 'Ingrid', 'Isolda', 'Isolated enquiry', 'Lars Lead', 'Lead Company Isolated');
      f.mark('Isolated pipeline', 'Isolated stage', 'Isolated deal', 'Isolated note body');
    },
    probes: {
      'POST /api/crm/companies': async () => f.expectNoLeak(await b.owner.post('/api/crm/companies', { name: 'B company' })),
      'GET /api/crm/companies': listProbe('/api/crm/companies', 'Isolated Widgets'),
      ...byId('/api/crm/companies', 'company', { name: 'Taken over' }, (c) => expect(c.name).toBe('Isolated Widgets AG')),

      'POST /api/crm/contacts': async () => refusedReference('/api/crm/contacts', { firstName: 'B', companyId: ids.company }),
      'GET /api/crm/contacts': listProbe('/api/crm/contacts', 'Isolda'),
      ...byId('/api/crm/contacts', 'contact', { firstName: 'Taken' }, (c) => expect(c.firstName).toBe('Ingrid')),

      'POST /api/crm/leads': async () => f.expectNoLeak(await b.owner.post('/api/crm/leads', { title: 'B lead' })),
      'GET /api/crm/leads': listProbe('/api/crm/leads', 'Isolated enquiry'),
      ...byId('/api/crm/leads', 'lead', { status: 'lost' }, (l) => expect(l.status).toBe('new')),
      'POST /api/crm/leads/:id/convert': async () => {
        f.expectNotFound(await b.owner.post(`/api/crm/leads/${ids.lead}/convert`, { createDeal: true }));
        expect((await a.owner.get(`/api/crm/leads/${ids.lead}`)).body.status).toBe('new');
        // B's lead for a company of A's name gets a company of B's own, never A's.
        const mine = await ok(b.owner.post('/api/crm/leads', { title: 'B lead', companyName: 'ISOLATED WIDGETS ag' }));
        const converted = await b.owner.post(`/api/crm/leads/${mine.id}/convert`, { createDeal: true });
        expect(converted.status, converted.text).toBe(200);
        expect(converted.body.companyId).toEqual(expect.any(String));
        f.expectNoLeak(converted);
      },

      'POST /api/crm/deals': async () => {
        await refusedReference('/api/crm/deals', { title: 'B deal', stageId: ids.stage });
        await refusedReference('/api/crm/deals', { title: 'B deal', contactId: ids.contact });
      },
      'GET /api/crm/deals': listProbe('/api/crm/deals', 'Isolated deal'),
      ...byId('/api/crm/deals', 'deal', { amount: 1 }, (d) => expect(d.amount).toBe(1000)),
      'GET /api/crm/deals/:id/stage-changes': async () => f.expectNotFound(await b.owner.get(`/api/crm/deals/${ids.deal}/stage-changes`)),

      'POST /api/crm/pipelines': async () => f.expectNoLeak(await b.owner.post('/api/crm/pipelines', { name: 'B pipeline' })),
      'GET /api/crm/pipelines': listProbe('/api/crm/pipelines', 'Isolated pipeline'),
      ...byId('/api/crm/pipelines', 'pipeline', { name: 'Taken over' }, (p) => expect(p.name).toBe('Isolated pipeline')),
      'GET /api/crm/pipelines/:id/board': async () => f.expectNotFound(await b.owner.get(`/api/crm/pipelines/${ids.pipeline}/board`)),

      'POST /api/crm/activities': async () => refusedReference('/api/crm/activities', { recordType: 'contact', recordId: ids.contact, body: 'B note' }),
      'GET /api/crm/activities': async () => {
        await listProbe('/api/crm/activities', 'Isolated note')();
        const timeline = await b.owner.get(`/api/crm/activities?recordType=contact&recordId=${ids.contact}`);
        expect(timeline.body.items).toEqual([]);
      },
      ...byId('/api/crm/activities', 'activity', { body: 'Taken over' }, (x) => expect(x.body).toBe('Isolated note body')),
    },
  };
}
