import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, signupPortal, type Team } from '../../test/factories.js';
import { fieldsOf, newCompany, newContact, newDeal, pageAll } from './crm.testkit.js';

let server: TestServer;
let team: Team;
beforeAll(async () => {
  server = await startTestServer();
  team = await portalWithTeam(server);
});
afterAll(async () => {
  await server?.close();
});

describe('companies (CRM-1)', () => {
  it('creates, reads, changes and deletes a company', async () => {
    const c = team.member;
    const company = await newCompany(c, {
      name: 'Acme GmbH',
      website: 'https://acme.example',
      industry: 'Manufacturing',
      phone: '+49 30 123456',
      email: 'info@acme.example',
      address: 'Hauptstraße 1, Berlin',
      ownerId: team.memberUser.id,
    });
    expect(company).toMatchObject({ name: 'Acme GmbH', industry: 'Manufacturing', ownerId: team.memberUser.id, notes: null });
    expect((await c.get(`/api/crm/companies/${company.id}`)).body).toEqual(company);

    server.clock.advance(1000);
    const patched = await c.patch(`/api/crm/companies/${company.id}`, { notes: 'Key account', industry: '' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Acme GmbH', notes: 'Key account', industry: null, website: 'https://acme.example' });
    expect(patched.body.updatedAt > company.updatedAt).toBe(true);

    expect((await c.delete(`/api/crm/companies/${company.id}`)).status).toBe(204);
    const gone = await c.get(`/api/crm/companies/${company.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('NOT_FOUND');
  });

  it('answers bad input with 400 naming every bad field', async () => {
    const res = await team.member.post('/api/crm/companies', { name: '  ', email: 'not-an-email', phone: 'call me' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(res).sort()).toEqual(['email', 'name', 'phone']);
  });

  it('refuses an owner who is not a user of the portal with INVALID_REFERENCE naming ownerId', async () => {
    const other = await signupPortal(server);
    const res = await team.member.post('/api/crm/companies', { name: 'Owned elsewhere', ownerId: other.user.id });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_REFERENCE');
    expect(fieldsOf(res)).toEqual(['ownerId']);
    expect(res.text).not.toContain(other.portal.slug);
  });

  it('pages through 25 companies 7 at a time, each exactly once, in name order', async () => {
    const p = await signupPortal(server);
    const names = Array.from({ length: 25 }, (_, i) => `Firm ${String(i).padStart(2, '0')}`);
    // Created in a scrambled order, so that name order is not creation order.
    for (const i of [...names.keys()].sort((a, b) => ((a * 7) % 25) - ((b * 7) % 25))) await newCompany(p.client, { name: names[i] });
    const asc = await pageAll(p.client, '/api/crm/companies?sort=name', 7);
    expect(asc.pages).toBe(4);
    expect(asc.items.map((c) => c.name)).toEqual(names);
    const desc = await pageAll(p.client, '/api/crm/companies?sort=-name', 7);
    expect(desc.items.map((c) => c.name)).toEqual([...names].reverse());
    const byCreation = await pageAll(p.client, '/api/crm/companies?sort=createdAt', 7);
    expect(new Set(byCreation.items.map((c) => c.id)).size).toBe(25);
    const created = byCreation.items.map((c) => c.createdAt);
    expect(created).toEqual([...created].sort());
  });

  it('sorts by last change, newest first, with -updatedAt', async () => {
    const p = await signupPortal(server);
    const a = await newCompany(p.client, { name: 'Alpha' });
    await newCompany(p.client, { name: 'Beta' });
    server.clock.advance(1000, p.portal.id);
    await p.client.patch(`/api/crm/companies/${a.id}`, { notes: 'touched' });
    const res = await p.client.get('/api/crm/companies?sort=-updatedAt');
    expect(res.body.items.map((c: { name: string }) => c.name)).toEqual(['Alpha', 'Beta']);
  });

  it('refuses an unknown sort field naming sort', async () => {
    const res = await team.member.get('/api/crm/companies?sort=website');
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(['sort']);
  });

  it('finds "Groß" when searching "gross" or "GROSS", and "Müller" when searching "muller"', async () => {
    const p = await signupPortal(server);
    await newCompany(p.client, { name: 'Groß & Partner' });
    await newCompany(p.client, { name: 'Müller Logistik' });
    await newCompany(p.client, { name: 'Unrelated Ltd' });
    for (const [q, expected] of [
      ['gross', ['Groß & Partner']],
      ['GROSS', ['Groß & Partner']],
      ['groß', ['Groß & Partner']],
      ['muller', ['Müller Logistik']],
      ['MÜLLER', ['Müller Logistik']],
      ['100%', []],
    ] as const) {
      const res = await p.client.get(`/api/crm/companies?q=${encodeURIComponent(q)}`);
      expect(
        res.body.items.map((c: { name: string }) => c.name),
        q,
      ).toEqual(expected);
    }
  });

  it('finds a company by its email and by the digits of its phone number', async () => {
    const p = await signupPortal(server);
    await newCompany(p.client, { name: 'Reachable', email: 'Sales@Reachable.example', phone: '+49 (30) 555-0199' });
    expect((await p.client.get('/api/crm/companies?q=sales%40reachable')).body.items).toHaveLength(1);
    expect((await p.client.get(`/api/crm/companies?q=${encodeURIComponent('+49 30 555')}`)).body.items).toHaveLength(1);
    expect((await p.client.get('/api/crm/companies?q=5550199')).body.items).toHaveLength(1);
  });

  it('keeps contacts and deals when their company is deleted, without the company, and audits the delete', async () => {
    const c = team.member;
    const company = await newCompany(c, { name: 'Short-lived AG' });
    const contact = await newContact(c, { firstName: 'Kim', lastName: 'Lee', companyId: company.id });
    const deal = await newDeal(c, { title: 'Short-lived deal', companyId: company.id, currency: 'EUR' });
    expect(contact.companyName).toBe('Short-lived AG');
    expect(deal.companyName).toBe('Short-lived AG');
    expect((await c.delete(`/api/crm/companies/${company.id}`)).status).toBe(204);
    expect((await c.get(`/api/crm/contacts/${contact.id}`)).body).toMatchObject({ companyId: null, companyName: null });
    expect((await c.get(`/api/crm/deals/${deal.id}`)).body).toMatchObject({ companyId: null, companyName: null });
    const audit = await team.owner.get('/api/audit?action=crm.company_deleted');
    expect(audit.body.items.some((e: { targetId: string }) => e.targetId === company.id)).toBe(true);
  });

  it('filters companies by owner', async () => {
    const p = await signupPortal(server);
    await newCompany(p.client, { name: 'Mine', ownerId: p.user.id });
    await newCompany(p.client, { name: 'Nobody’s' });
    const res = await p.client.get(`/api/crm/companies?ownerId=${p.user.id}`);
    expect(res.body.items.map((c: { name: string }) => c.name)).toEqual(['Mine']);
  });
});

describe("a company's website is a web link: http or https only", () => {
  const refused = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(document.cookie)',
    '  javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\r\nscript:alert(1)',
    '\u0001javascript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'ftp://files.example.com/',
  ];
  it.each(refused)('refuses %j with 400 VALIDATION_FAILED, on create and on change', async (website) => {
    const created = await team.member.post('/api/crm/companies', { name: 'Evil Inc', website });
    expect(created.status, created.text).toBe(400);
    expect(created.body.error.code).toBe('VALIDATION_FAILED');
    expect(created.body.error.details.fields[0]).toMatchObject({ path: 'website', in: 'body' });
    const company = await newCompany(team.member, { name: `Fine ${Math.random()}` });
    const patched = await team.member.patch(`/api/crm/companies/${company.id}`, { website });
    expect(patched.status).toBe(400);
    expect((await team.member.get(`/api/crm/companies/${company.id}`)).body.website).toBeNull();
  });

  it('keeps an https or http address as typed, reads a bare host as https, and clears it with ""', async () => {
    const company = await newCompany(team.member, { name: 'Links GmbH', website: 'https://links.example/über?a=1' });
    expect(company.website).toBe('https://links.example/über?a=1');
    const http = await team.member.patch(`/api/crm/companies/${company.id}`, { website: 'http://links.example' });
    expect(http.body.website).toBe('http://links.example');
    const bare = await team.member.patch(`/api/crm/companies/${company.id}`, { website: 'www.links.example' });
    expect(bare.body.website).toBe('https://www.links.example');
    const cleared = await team.member.patch(`/api/crm/companies/${company.id}`, { website: '' });
    expect(cleared.body.website).toBeNull();
  });
});
