import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, signupPortal, type Team } from '../../test/factories.js';
import { defaultPipeline, fieldsOf, newCompany, newLead, newPipeline, pageAll, stageNamed } from './crm.testkit.js';

let server: TestServer;
let team: Team;
beforeAll(async () => {
  server = await startTestServer();
  team = await portalWithTeam(server);
});
afterAll(async () => {
  await server?.close();
});

const count = async (p: { client: any }, path: string) => (await pageAll(p.client, path, 200)).items.length;

describe('leads (CRM-1)', () => {
  it('creates a new lead, reads, changes and deletes it', async () => {
    const c = team.member;
    const lead = await newLead(c, {
      title: 'Website enquiry: 40 seats',
      name: 'Sam Carter',
      email: 'sam@carter.example',
      source: 'website',
      amount: 480000,
      currency: 'EUR',
    });
    expect(lead).toMatchObject({ status: 'new', source: 'website', amount: 480000, currency: 'EUR', convertedAt: null, convertedContactId: null });
    const patched = await c.patch(`/api/crm/leads/${lead.id}`, { status: 'qualified', notes: 'Budget confirmed' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ status: 'qualified', notes: 'Budget confirmed', title: lead.title });
    expect((await c.get(`/api/crm/leads/${lead.id}`)).body).toEqual(patched.body);
    expect((await c.delete(`/api/crm/leads/${lead.id}`)).status).toBe(204);
    expect((await c.get(`/api/crm/leads/${lead.id}`)).status).toBe(404);
  });

  it('defaults the source to "other", and names bad fields', async () => {
    expect((await newLead(team.member, { title: 'Walk-in' })).source).toBe('other');
    const res = await team.member.post('/api/crm/leads', { title: '', status: 'won', source: 'carrier pigeon', amount: 12.5 });
    expect(res.status).toBe(400);
    expect(fieldsOf(res).sort()).toEqual(['amount', 'source', 'status', 'title']);
  });

  it('wants a currency with an amount, on create and on change', async () => {
    const res = await team.member.post('/api/crm/leads', { title: 'No currency', amount: 1000 });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(['currency']);
    const lead = await newLead(team.member, { title: 'Later amount' });
    const patched = await team.member.patch(`/api/crm/leads/${lead.id}`, { amount: 1000 });
    expect(patched.status).toBe(400);
    expect(fieldsOf(patched)).toEqual(['currency']);
  });

  it('sets "converted" only by converting', async () => {
    const lead = await newLead(team.member, { title: 'Shortcut' });
    const res = await team.member.patch(`/api/crm/leads/${lead.id}`, { status: 'converted' });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(['status']);
  });

  it('filters by status and finds leads by name, company or phone digits', async () => {
    const p = await signupPortal(server);
    await newLead(p.client, { title: 'A', name: 'Zoë Weiß', status: 'in_progress' });
    await newLead(p.client, { title: 'B', companyName: 'Müller Bau', phone: '+49 89 4711 0815' });
    await newLead(p.client, { title: 'C', status: 'lost' });
    const titles = async (qs: string) => (await p.client.get(`/api/crm/leads?${qs}`)).body.items.map((l: { title: string }) => l.title);
    expect(await titles('status=lost')).toEqual(['C']);
    expect(await titles('q=zoe%20weiss')).toEqual(['A']);
    expect(await titles('q=muller')).toEqual(['B']);
    expect(await titles(`q=${encodeURIComponent('4711 0815')}`)).toEqual(['B']);
    expect(await titles('sort=title')).toEqual(['A', 'B', 'C']);
  });
});

describe('converting a lead (CRM-1)', () => {
  it('creates a contact and a company, and marks the lead converted', async () => {
    const p = await signupPortal(server);
    const lead = await newLead(p.client, {
      title: 'Fleet renewal',
      name: 'Anna Maria Schulz',
      companyName: 'Schulz Transporte',
      email: 'a.schulz@transporte.example',
      phone: '+49 40 123 456',
    });
    const res = await p.client.post(`/api/crm/leads/${lead.id}/convert`, {});
    expect(res.status, res.text).toBe(200);
    expect(res.body.dealId).toBeNull();
    const contact = (await p.client.get(`/api/crm/contacts/${res.body.contactId}`)).body;
    expect(contact).toMatchObject({
      firstName: 'Anna Maria',
      lastName: 'Schulz',
      companyId: res.body.companyId,
      companyName: 'Schulz Transporte',
      emails: [{ value: 'a.schulz@transporte.example', type: 'work' }],
      phones: [{ value: '+49 40 123 456', type: 'work' }],
    });
    const after = (await p.client.get(`/api/crm/leads/${lead.id}`)).body;
    expect(after).toMatchObject({ status: 'converted', convertedContactId: res.body.contactId, convertedCompanyId: res.body.companyId, convertedDealId: null });
    expect(after.convertedAt).toEqual(expect.any(String));
    expect(await count(p, '/api/crm/deals')).toBe(0);
  });

  it("creates a deal with the lead's title and amount in the default pipeline's first stage", async () => {
    const p = await signupPortal(server);
    const lead = await newLead(p.client, { title: 'Big rollout', name: 'Ben', amount: 1250000, currency: 'USD' });
    const res = await p.client.post(`/api/crm/leads/${lead.id}/convert`, { createDeal: true });
    expect(res.status, res.text).toBe(200);
    expect(res.body.companyId).toBeNull();
    const sales = await defaultPipeline(p.client);
    const deal = (await p.client.get(`/api/crm/deals/${res.body.dealId}`)).body;
    expect(deal).toMatchObject({
      title: 'Big rollout',
      amount: 1250000,
      currency: 'USD',
      pipelineId: sales.id,
      stageId: stageNamed(sales, 'New'),
      status: 'open',
      contactId: res.body.contactId,
      contactName: 'Ben',
    });
    expect((await p.client.get(`/api/crm/leads/${lead.id}`)).body.convertedDealId).toBe(deal.id);
  });

  it('puts the deal in the pipeline and stage asked for', async () => {
    const p = await signupPortal(server);
    const renewals = await newPipeline(p.client, { name: 'Renewals', stages: [{ name: 'Due' }, { name: 'Quoted' }, { name: 'Renewed', kind: 'won' }] });
    const lead = await newLead(p.client, { title: 'Renewal 2027' });
    const res = await p.client.post(`/api/crm/leads/${lead.id}/convert`, {
      createDeal: true,
      pipelineId: renewals.id,
      stageId: stageNamed(renewals, 'Quoted'),
    });
    expect(res.status, res.text).toBe(200);
    const deal = (await p.client.get(`/api/crm/deals/${res.body.dealId}`)).body;
    expect(deal).toMatchObject({ pipelineId: renewals.id, stageId: stageNamed(renewals, 'Quoted'), amount: 0 });
  });

  it('reuses a company with the same name, ignoring case and accents', async () => {
    const p = await signupPortal(server);
    const existing = await newCompany(p.client, { name: 'Café Zürich AG' });
    const lead = await newLead(p.client, { title: 'Coffee machines', name: 'Lena', companyName: 'CAFE ZURICH ag' });
    const res = await p.client.post(`/api/crm/leads/${lead.id}/convert`, {});
    expect(res.body.companyId).toBe(existing.id);
    expect(await count(p, '/api/crm/companies')).toBe(1);
  });

  it('refuses a second conversion with 409 LEAD_ALREADY_CONVERTED and creates nothing more', async () => {
    const p = await signupPortal(server);
    const lead = await newLead(p.client, { title: 'Once only', name: 'Olga', companyName: 'Once GmbH' });
    const first = await p.client.post(`/api/crm/leads/${lead.id}/convert`, { createDeal: true });
    expect(first.status).toBe(200);
    const second = await p.client.post(`/api/crm/leads/${lead.id}/convert`, { createDeal: true });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('LEAD_ALREADY_CONVERTED');
    expect(second.body.error.details).toMatchObject({ contactId: first.body.contactId, dealId: first.body.dealId });
    expect(await count(p, '/api/crm/contacts')).toBe(1);
    expect(await count(p, '/api/crm/deals')).toBe(1);
  });

  it('creates nothing at all when the deal cannot be created (stage of another pipeline)', async () => {
    const p = await signupPortal(server);
    const sales = await defaultPipeline(p.client);
    const other = await newPipeline(p.client, { name: 'Other', stages: [{ name: 'Start' }] });
    const lead = await newLead(p.client, { title: 'Atomic', name: 'Ada', companyName: 'Atomic Ltd' });
    const res = await p.client.post(`/api/crm/leads/${lead.id}/convert`, { createDeal: true, pipelineId: sales.id, stageId: stageNamed(other, 'Start') });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('STAGE_NOT_IN_PIPELINE');
    expect(await count(p, '/api/crm/contacts')).toBe(0);
    expect(await count(p, '/api/crm/companies')).toBe(0);
    expect((await p.client.get(`/api/crm/leads/${lead.id}`)).body.status).toBe('new');
  });

  it('answers 404 for a lead that does not exist', async () => {
    const res = await team.member.post('/api/crm/leads/00000000-0000-0000-0000-000000000000/convert', {});
    expect(res.status).toBe(404);
  });
});
