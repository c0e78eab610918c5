import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, signupPortal, type Team } from '../../test/factories.js';
import type { TestClient } from '../../test/client.js';
import { defaultPipeline, fieldsOf, newCompany, newContact, newDeal, newPipeline, pageAll, stageNamed } from './crm.testkit.js';

let server: TestServer;
let team: Team;
beforeAll(async () => {
  server = await startTestServer();
  team = await portalWithTeam(server);
});
afterAll(async () => {
  await server?.close();
});

/** Deal titles of one board column, top to bottom. */
async function column(c: TestClient, stageId: string): Promise<string[]> {
  const res = await c.get(`/api/crm/deals?stageId=${stageId}&sort=position&limit=200`);
  expect(res.status).toBe(200);
  res.body.items.forEach((d: { position: number }, i: number) => expect(d.position).toBe(i));
  return res.body.items.map((d: { title: string }) => d.title);
}

describe('deals (CRM-1)', () => {
  it("creates a deal in the default pipeline's first stage, reads, changes and deletes it", async () => {
    const c = team.member;
    const company = await newCompany(c, { name: 'Umbrella Corp' });
    const contact = await newContact(c, { firstName: 'Alice', lastName: 'Abernathy', companyId: company.id });
    const deal = await newDeal(c, {
      title: 'Umbrella licences',
      amount: 990000,
      currency: 'EUR',
      companyId: company.id,
      contactId: contact.id,
      ownerId: team.adminUser.id,
      expectedCloseDate: '2027-03-31',
    });
    const sales = await defaultPipeline(c);
    expect(deal).toMatchObject({
      pipelineId: sales.id,
      stageId: stageNamed(sales, 'New'),
      status: 'open',
      amount: 990000,
      currency: 'EUR',
      companyName: 'Umbrella Corp',
      contactName: 'Alice Abernathy',
      ownerId: team.adminUser.id,
      expectedCloseDate: '2027-03-31',
    });
    const patched = await c.patch(`/api/crm/deals/${deal.id}`, { amount: 1090000, expectedCloseDate: null });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ amount: 1090000, expectedCloseDate: null, stageId: deal.stageId });
    expect((await c.get(`/api/crm/deals/${deal.id}`)).body).toEqual(patched.body);
    expect((await c.delete(`/api/crm/deals/${deal.id}`)).status).toBe(204);
    expect((await c.get(`/api/crm/deals/${deal.id}`)).status).toBe(404);
  });

  it('keeps money in whole minor units with an ISO 4217 currency', async () => {
    const res = await team.member.post('/api/crm/deals', { title: 'Bad money', amount: 10.5, currency: 'eur', expectedCloseDate: '31.03.2027' });
    expect(res.status).toBe(400);
    expect(fieldsOf(res).sort()).toEqual(['amount', 'currency', 'expectedCloseDate']);
    const negative = await team.member.post('/api/crm/deals', { title: 'Negative', amount: -1, currency: 'EUR' });
    expect(fieldsOf(negative)).toEqual(['amount']);
  });

  it('refuses a stage that is not in the pipeline with 400 STAGE_NOT_IN_PIPELINE', async () => {
    const sales = await defaultPipeline(team.member);
    const other = await newPipeline(team.admin, { name: 'Partners', stages: [{ name: 'Intro' }, { name: 'Signed', kind: 'won' }] });
    const res = await team.member.post('/api/crm/deals', { title: 'Mismatch', currency: 'EUR', pipelineId: sales.id, stageId: stageNamed(other, 'Intro') });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('STAGE_NOT_IN_PIPELINE');
    expect(fieldsOf(res)).toEqual(['stageId']);
    // A stage alone names its pipeline.
    const ok = await newDeal(team.member, { title: 'Partner deal', stageId: stageNamed(other, 'Intro') });
    expect(ok.pipelineId).toBe(other.id);
  });

  it("refuses another portal's company, contact and user with INVALID_REFERENCE naming each field", async () => {
    const other = await signupPortal(server);
    const theirCompany = await newCompany(other.client, { name: 'Elsewhere Inc' });
    const theirContact = await newContact(other.client, { firstName: 'Out', lastName: 'Sider' });
    for (const [field, value] of [
      ['companyId', theirCompany.id],
      ['contactId', theirContact.id],
      ['ownerId', other.user.id],
    ]) {
      const res = await team.member.post('/api/crm/deals', { title: 'Cross-portal', [field]: value });
      expect(res.status, field).toBe(400);
      expect(res.body.error.code).toBe('INVALID_REFERENCE');
      expect(fieldsOf(res)).toEqual([field]);
      expect(res.text).not.toContain('Elsewhere');
    }
    const patch = await team.member.patch(`/api/crm/deals/${(await newDeal(team.member, { title: 'Mine' })).id}`, { companyId: theirCompany.id });
    expect(patch.body.error.code).toBe('INVALID_REFERENCE');
  });

  it('moves a deal to another stage, derives its status from the stage and records the move', async () => {
    const p = await signupPortal(server);
    const sales = await defaultPipeline(p.client);
    const deal = await newDeal(p.client, { title: 'Moving deal', amount: 5000, currency: 'EUR' });
    server.clock.advance(1000, p.portal.id);
    const toQualified = await p.client.patch(`/api/crm/deals/${deal.id}`, { stageId: stageNamed(sales, 'Qualified') });
    expect(toQualified.body).toMatchObject({ stageId: stageNamed(sales, 'Qualified'), status: 'open' });
    server.clock.advance(1000, p.portal.id);
    const won = await p.client.patch(`/api/crm/deals/${deal.id}`, { stageId: stageNamed(sales, 'Won') });
    expect(won.body.status).toBe('won');
    // A change that keeps the stage is not a move.
    await p.client.patch(`/api/crm/deals/${deal.id}`, { title: 'Moving deal (signed)', stageId: stageNamed(sales, 'Won') });
    const history = await p.client.get(`/api/crm/deals/${deal.id}/stage-changes`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((h: any) => [h.fromStageId, h.toStageId, h.changedBy])).toEqual([
      [stageNamed(sales, 'Qualified'), stageNamed(sales, 'Won'), p.user.id],
      [stageNamed(sales, 'New'), stageNamed(sales, 'Qualified'), p.user.id],
    ]);
  });

  it('keeps board columns in order when cards are dropped between others', async () => {
    const p = await signupPortal(server);
    const sales = await defaultPipeline(p.client);
    const [newId, qualifiedId] = [stageNamed(sales, 'New'), stageNamed(sales, 'Qualified')];
    const ids: Record<string, string> = {};
    for (const t of ['A', 'B', 'C', 'D']) ids[t] = (await newDeal(p.client, { title: t })).id;
    ids.X = (await newDeal(p.client, { title: 'X', stageId: qualifiedId })).id;
    expect(await column(p.client, newId)).toEqual(['A', 'B', 'C', 'D']);

    await p.client.patch(`/api/crm/deals/${ids.C}`, { stageId: qualifiedId, position: 0 });
    expect(await column(p.client, newId)).toEqual(['A', 'B', 'D']);
    expect(await column(p.client, qualifiedId)).toEqual(['C', 'X']);

    await p.client.patch(`/api/crm/deals/${ids.A}`, { position: 2 });
    expect(await column(p.client, newId)).toEqual(['B', 'D', 'A']);
    await p.client.patch(`/api/crm/deals/${ids.A}`, { position: 0 });
    expect(await column(p.client, newId)).toEqual(['A', 'B', 'D']);

    // Past the end lands at the end; a new card can go to the top.
    await p.client.patch(`/api/crm/deals/${ids.B}`, { stageId: qualifiedId, position: 99 });
    expect(await column(p.client, qualifiedId)).toEqual(['C', 'X', 'B']);
    await newDeal(p.client, { title: 'Top', stageId: qualifiedId, position: 0 });
    expect(await column(p.client, qualifiedId)).toEqual(['Top', 'C', 'X', 'B']);

    await p.client.delete(`/api/crm/deals/${ids.X}`);
    expect(await column(p.client, qualifiedId)).toEqual(['Top', 'C', 'B']);
  });

  it('totals each board column per currency', async () => {
    const p = await signupPortal(server);
    const sales = await defaultPipeline(p.client);
    await newDeal(p.client, { title: 'e1', amount: 100_00, currency: 'EUR' });
    await newDeal(p.client, { title: 'e2', amount: 250_50, currency: 'EUR' });
    await newDeal(p.client, { title: 'u1', amount: 99_99, currency: 'USD' });
    await newDeal(p.client, { title: 'w', amount: 1_00, currency: 'EUR', stageId: stageNamed(sales, 'Won') });
    const board = await p.client.get(`/api/crm/pipelines/${sales.id}/board`);
    expect(board.status).toBe(200);
    const byName = Object.fromEntries(board.body.stages.map((s: any) => [s.name, s]));
    expect(byName.New).toMatchObject({
      dealCount: 3,
      totals: [
        { currency: 'EUR', amount: 350_50 },
        { currency: 'USD', amount: 99_99 },
      ],
    });
    expect(byName.Won).toMatchObject({ dealCount: 1, totals: [{ currency: 'EUR', amount: 1_00 }] });
    expect(byName.Lost).toMatchObject({ dealCount: 0, totals: [] });
  });

  it('pages through 25 deals 7 at a time by amount, ties broken steadily, each exactly once', async () => {
    const p = await signupPortal(server);
    for (let i = 0; i < 25; i++) await newDeal(p.client, { title: `Deal ${String(i).padStart(2, '0')}`, amount: (i % 5) * 1000, currency: 'EUR' });
    for (const sort of ['amount', '-amount']) {
      const { items } = await pageAll(p.client, `/api/crm/deals?sort=${sort}`, 7);
      expect(new Set(items.map((d) => d.id)).size).toBe(25);
      const amounts = items.map((d) => d.amount);
      const sorted = [...amounts].sort((a, b) => a - b);
      expect(amounts).toEqual(sort === 'amount' ? sorted : sorted.reverse());
    }
    const byTitle = await pageAll(p.client, '/api/crm/deals?sort=-title', 7);
    expect(byTitle.items.map((d) => d.title)).toEqual(Array.from({ length: 25 }, (_, i) => `Deal ${String(24 - i).padStart(2, '0')}`));
  });

  it('filters deals by pipeline, stage, owner, company and contact', async () => {
    const p = await signupPortal(server);
    const sales = await defaultPipeline(p.client);
    const company = await newCompany(p.client, { name: 'Filter Co' });
    const contact = await newContact(p.client, { firstName: 'Fil', lastName: 'Ter' });
    await newDeal(p.client, { title: 'plain' });
    await newDeal(p.client, { title: 'with company', companyId: company.id });
    await newDeal(p.client, { title: 'with contact', contactId: contact.id, ownerId: p.user.id });
    await newDeal(p.client, { title: 'won', stageId: stageNamed(sales, 'Won') });
    const titles = async (qs: string) => (await p.client.get(`/api/crm/deals?sort=title&${qs}`)).body.items.map((d: { title: string }) => d.title);
    expect(await titles(`companyId=${company.id}`)).toEqual(['with company']);
    expect(await titles(`contactId=${contact.id}`)).toEqual(['with contact']);
    expect(await titles(`ownerId=${p.user.id}`)).toEqual(['with contact']);
    expect(await titles(`stageId=${stageNamed(sales, 'Won')}`)).toEqual(['won']);
    expect(await titles(`pipelineId=${sales.id}`)).toHaveLength(4);
    expect(await titles('q=COMPANY')).toEqual(['with company']);
  });
});
