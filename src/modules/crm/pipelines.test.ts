import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, signupPortal, type Team } from '../../test/factories.js';
import { defaultPipeline, fieldsOf, newDeal, newPipeline, pageAll, stageNamed } from './crm.testkit.js';

let server: TestServer;
let team: Team;
beforeAll(async () => {
  server = await startTestServer();
  team = await portalWithTeam(server);
});
afterAll(async () => {
  await server?.close();
});

const stagesOf = (p: { stages: { name: string; kind: string }[] }) => p.stages.map((s) => `${s.name}:${s.kind}`);

describe('pipelines (CRM-1)', () => {
  it('gives a portal its "Sales" pipeline on first use', async () => {
    const p = await signupPortal(server);
    const res = await p.client.get('/api/crm/pipelines');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    const sales = res.body.items[0];
    expect(sales).toMatchObject({ name: 'Sales', isDefault: true });
    expect(stagesOf(sales)).toEqual(['New:open', 'Qualified:open', 'Proposal:open', 'Negotiation:open', 'Won:won', 'Lost:lost']);
    expect(sales.stages.map((s: { position: number }) => s.position)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('creates the default pipeline exactly once under 5 concurrent first uses', async () => {
    const p = await signupPortal(server);
    const responses = await Promise.all(Array.from({ length: 5 }, () => p.client.get('/api/crm/pipelines')));
    for (const res of responses) {
      expect(res.status, res.text).toBe(200);
      expect(res.body.items).toHaveLength(1);
    }
    expect(new Set(responses.map((r) => r.body.items[0].id)).size).toBe(1);
    expect((await p.client.get('/api/crm/pipelines')).body.items).toHaveLength(1);
  });

  it('creates the default pipeline once when the first uses are deal creations', async () => {
    const p = await signupPortal(server);
    const deals = await Promise.all(Array.from({ length: 5 }, (_, i) => p.client.post('/api/crm/deals', { title: `Race ${i}` })));
    for (const d of deals) expect(d.status, d.text).toBe(201);
    expect(new Set(deals.map((d) => d.body.pipelineId)).size).toBe(1);
    expect((await p.client.get('/api/crm/pipelines')).body.items).toHaveLength(1);
  });

  it('keeps exactly one default pipeline when another is made the default', async () => {
    const p = await signupPortal(server);
    const sales = await defaultPipeline(p.client);
    const hiring = await newPipeline(p.client, { name: 'Hiring' });
    expect(hiring.isDefault).toBe(false);
    expect(stagesOf(hiring)).toEqual(stagesOf(sales));
    const made = await p.client.patch(`/api/crm/pipelines/${hiring.id}`, { isDefault: true });
    expect(made.body.isDefault).toBe(true);
    const all = (await p.client.get('/api/crm/pipelines')).body.items;
    expect(all.filter((x: { isDefault: boolean }) => x.isDefault).map((x: { name: string }) => x.name)).toEqual(['Hiring']);
    const unset = await p.client.patch(`/api/crm/pipelines/${hiring.id}`, { isDefault: false });
    expect(fieldsOf(unset)).toEqual(['isDefault']);
    const third = await newPipeline(p.client, { name: 'Third', isDefault: true });
    const after = (await p.client.get('/api/crm/pipelines')).body.items;
    expect(after.filter((x: { isDefault: boolean }) => x.isDefault).map((x: { id: string }) => x.id)).toEqual([third.id]);
  });

  it('renames, reorders, adds and removes stages', async () => {
    const p = await signupPortal(server);
    const pipe = await newPipeline(p.client, {
      name: 'Projects',
      stages: [{ name: 'Idea' }, { name: 'Plan' }, { name: 'Done', kind: 'won' }, { name: 'Dropped', kind: 'lost' }],
    });
    const id = (n: string) => stageNamed(pipe, n);
    const res = await p.client.patch(`/api/crm/pipelines/${pipe.id}`, {
      name: 'Project pipeline',
      stages: [
        { id: id('Plan'), name: 'Planning', kind: 'open' },
        { id: id('Idea'), name: 'Idea', kind: 'open' },
        { name: 'Build', kind: 'open' },
        { id: id('Done'), name: 'Shipped', kind: 'won' },
      ],
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.name).toBe('Project pipeline');
    expect(stagesOf(res.body)).toEqual(['Planning:open', 'Idea:open', 'Build:open', 'Shipped:won']);
    expect(res.body.stages[0].id).toBe(id('Plan'));
    expect(res.body.stages.map((s: { position: number }) => s.position)).toEqual([0, 1, 2, 3]);
    // Positions given explicitly win over list order.
    const byPosition = await p.client.patch(`/api/crm/pipelines/${pipe.id}`, {
      stages: res.body.stages.map((s: any, i: number) => ({ ...s, position: [3, 0, 1, 2][i] })),
    });
    expect(stagesOf(byPosition.body)).toEqual(['Idea:open', 'Build:open', 'Shipped:won', 'Planning:open']);
  });

  it('names bad stage lists: no open stage, a repeated name, a stage of another pipeline', async () => {
    const p = await signupPortal(server);
    const sales = await defaultPipeline(p.client);
    const other = await newPipeline(p.client, { name: 'Other' });
    const noOpen = await p.client.post('/api/crm/pipelines', { name: 'Closed only', stages: [{ name: 'Won', kind: 'won' }] });
    expect(noOpen.status).toBe(400);
    expect(fieldsOf(noOpen)).toEqual(['stages']);
    const twice = await p.client.post('/api/crm/pipelines', { name: 'Twice', stages: [{ name: 'Step' }, { name: 'STEP' }] });
    expect(fieldsOf(twice)).toEqual(['stages.1.name']);
    const foreign = await p.client.patch(`/api/crm/pipelines/${sales.id}`, { stages: [{ id: other.stages[0].id, name: 'Stolen' }] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('INVALID_REFERENCE');
    expect(fieldsOf(foreign)).toEqual(['stages.0.id']);
  });

  it('refuses to remove a stage that has deals (409 STAGE_HAS_DEALS) unless told where to move them', async () => {
    const p = await signupPortal(server);
    const sales = await defaultPipeline(p.client);
    const [proposal, negotiation] = [stageNamed(sales, 'Proposal'), stageNamed(sales, 'Negotiation')];
    await newDeal(p.client, { title: 'Already there', stageId: negotiation });
    const d1 = await newDeal(p.client, { title: 'P1', stageId: proposal });
    await newDeal(p.client, { title: 'P2', stageId: proposal });
    const without = sales.stages.filter((s) => s.id !== proposal);
    const refused = await p.client.patch(`/api/crm/pipelines/${sales.id}`, { stages: without });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('STAGE_HAS_DEALS');
    expect(stagesOf(await defaultPipeline(p.client))).toContain('Proposal:open');

    const moved = await p.client.patch(`/api/crm/pipelines/${sales.id}`, { stages: without, moveDealsToStageId: negotiation });
    expect(moved.status, moved.text).toBe(200);
    expect(stagesOf(moved.body)).not.toContain('Proposal:open');
    const column = await p.client.get(`/api/crm/deals?stageId=${negotiation}&sort=position`);
    expect(column.body.items.map((d: { title: string; position: number }) => [d.title, d.position])).toEqual([
      ['Already there', 0],
      ['P1', 1],
      ['P2', 2],
    ]);
    const history = await p.client.get(`/api/crm/deals/${d1.id}/stage-changes`);
    expect(history.body.items).toMatchObject([{ fromStageId: proposal, toStageId: negotiation }]);

    // The audit log says what went where; sending the same request again changes nothing.
    const audit = await p.client.get('/api/audit?action=crm.pipeline_updated');
    expect(audit.body.items[0]).toMatchObject({ targetId: sales.id, details: { removedStageIds: [proposal], movedDeals: 2 } });
    const again = await p.client.patch(`/api/crm/pipelines/${sales.id}`, { stages: without, moveDealsToStageId: negotiation });
    expect(again.status, again.text).toBe(200);
    expect(again.body.stages).toEqual(moved.body.stages);
    expect((await p.client.get(`/api/crm/deals?stageId=${negotiation}`)).body.items).toHaveLength(3);
    expect((await p.client.get(`/api/crm/deals/${d1.id}/stage-changes`)).body.items).toHaveLength(1);
  });

  it('lets members read pipelines but only admins create or change them (403 names the admins)', async () => {
    const sales = await defaultPipeline(team.member);
    const create = await team.member.post('/api/crm/pipelines', { name: 'Mine' });
    expect(create.status).toBe(403);
    expect(create.body.error.code).toBe('FORBIDDEN');
    const rename = await team.member.patch(`/api/crm/pipelines/${sales.id}`, { name: 'Renamed by a member' });
    expect(rename.status).toBe(403);
    expect((await defaultPipeline(team.member)).name).toBe(sales.name);
    const byAdmin = await team.admin.patch(`/api/crm/pipelines/${sales.id}`, { name: 'Sales team' });
    expect(byAdmin.status, byAdmin.text).toBe(200);
    expect((await defaultPipeline(team.member)).name).toBe('Sales team');
  });

  it('refuses to delete the default pipeline or one with deals; lets an admin delete an empty one, not a member', async () => {
    const sales = await defaultPipeline(team.owner);
    const isDefault = await team.admin.delete(`/api/crm/pipelines/${sales.id}`);
    expect(isDefault.status).toBe(409);
    expect(isDefault.body.error.code).toBe('PIPELINE_IS_DEFAULT');

    const busy = await newPipeline(team.admin, { name: 'Busy' });
    await newDeal(team.member, { title: 'Keeps it busy', pipelineId: busy.id });
    const hasDeals = await team.admin.delete(`/api/crm/pipelines/${busy.id}`);
    expect(hasDeals.status).toBe(409);
    expect(hasDeals.body.error.code).toBe('PIPELINE_HAS_DEALS');

    const empty = await newPipeline(team.admin, { name: 'Empty' });
    expect((await team.member.delete(`/api/crm/pipelines/${empty.id}`)).status).toBe(403);
    expect((await team.admin.delete(`/api/crm/pipelines/${empty.id}`)).status).toBe(204);
    expect((await team.member.get(`/api/crm/pipelines/${empty.id}`)).status).toBe(404);
  });

  it('lists pipelines by name, a page at a time, searchable', async () => {
    const p = await signupPortal(server);
    for (const n of ['Zeta', 'Älpha', 'Beta']) await newPipeline(p.client, { name: n });
    const { items } = await pageAll(p.client, '/api/crm/pipelines?sort=name', 2);
    expect(items.map((x) => x.name)).toEqual(['Älpha', 'Beta', 'Sales', 'Zeta']);
    expect((await p.client.get('/api/crm/pipelines?q=alpha')).body.items.map((x: { name: string }) => x.name)).toEqual(['Älpha']);
  });
});
