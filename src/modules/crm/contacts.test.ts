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

describe('contacts (CRM-1)', () => {
  it('keeps several emails and phones, each with its type, and shows the full name and company', async () => {
    const c = team.member;
    const company = await newCompany(c, { name: 'Globex' });
    const contact = await newContact(c, {
      firstName: 'Anna',
      lastName: 'Müller',
      companyId: company.id,
      jobTitle: 'Head of Purchasing',
      emails: [
        { value: 'anna@globex.example', type: 'work' },
        { value: 'anna.m@home.example', type: 'home' },
      ],
      phones: [
        { value: '+49 30 1234567', type: 'work' },
        { value: '+49 171 7654321', type: 'mobile' },
      ],
    });
    expect(contact).toMatchObject({
      name: 'Anna Müller',
      companyId: company.id,
      companyName: 'Globex',
      emails: [
        { value: 'anna@globex.example', type: 'work' },
        { value: 'anna.m@home.example', type: 'home' },
      ],
      phones: [
        { value: '+49 30 1234567', type: 'work' },
        { value: '+49 171 7654321', type: 'mobile' },
      ],
    });
    expect((await c.get(`/api/crm/contacts/${contact.id}`)).body).toEqual(contact);

    const patched = await c.patch(`/api/crm/contacts/${contact.id}`, { lastName: 'Schmidt', phones: [{ value: '030 999 888', type: 'fax' }] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Anna Schmidt', phones: [{ value: '030 999 888', type: 'fax' }], emails: contact.emails });

    expect((await c.delete(`/api/crm/contacts/${contact.id}`)).status).toBe(204);
    expect((await c.get(`/api/crm/contacts/${contact.id}`)).status).toBe(404);
  });

  it('names the bad email, the bad phone type and the missing first name', async () => {
    const res = await team.member.post('/api/crm/contacts', {
      firstName: '',
      emails: [
        { value: 'ok@example.test', type: 'work' },
        { value: 'nope', type: 'work' },
      ],
      phones: [{ value: '+1 555 0100', type: 'pager' }],
    });
    expect(res.status).toBe(400);
    expect(fieldsOf(res).sort()).toEqual(['emails.1.value', 'firstName', 'phones.0.type']);
  });

  it("refuses another portal's company with INVALID_REFERENCE naming companyId, and creates nothing", async () => {
    const other = await signupPortal(server);
    const theirs = await newCompany(other.client, { name: 'Their Company' });
    const p = await signupPortal(server);
    const res = await p.client.post('/api/crm/contacts', { firstName: 'Eve', companyId: theirs.id });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_REFERENCE');
    expect(fieldsOf(res)).toEqual(['companyId']);
    expect(res.text).not.toContain('Their Company');
    expect((await p.client.get('/api/crm/contacts')).body.items).toEqual([]);
  });

  it('finds "Müller" when searching "muller", and a phone by its digits however they are written', async () => {
    const p = await signupPortal(server);
    await newContact(p.client, { firstName: 'Jörg', lastName: 'Müller', phones: [{ value: '+49 (30) 1234-5678', type: 'work' }] });
    await newContact(p.client, { firstName: 'Heinz', lastName: 'Groß', emails: [{ value: 'Heinz.Gross@Example.test', type: 'work' }] });
    await newContact(p.client, { firstName: 'Other', lastName: 'Person', phones: [{ value: '+1 212 555 0100', type: 'mobile' }] });
    const find = async (q: string) => (await p.client.get(`/api/crm/contacts?q=${encodeURIComponent(q)}`)).body.items.map((c: { name: string }) => c.name);
    expect(await find('muller')).toEqual(['Jörg Müller']);
    expect(await find('JORG')).toEqual(['Jörg Müller']);
    expect(await find('groß')).toEqual(['Heinz Groß']);
    expect(await find('heinz.gross@example')).toEqual(['Heinz Groß']);
    expect(await find('+49 30 1234')).toEqual(['Jörg Müller']);
    expect(await find('4930 12345678')).toEqual(['Jörg Müller']);
    expect(await find('1234-5678')).toEqual(['Jörg Müller']);
    expect(await find('555 0100')).toEqual(['Other Person']);
  });

  it('lists the contacts of one company', async () => {
    const p = await signupPortal(server);
    const initech = await newCompany(p.client, { name: 'Initech' });
    await newContact(p.client, { firstName: 'Peter', lastName: 'Gibbons', companyId: initech.id });
    await newContact(p.client, { firstName: 'Bill', lastName: 'Lumbergh', companyId: initech.id });
    await newContact(p.client, { firstName: 'Free', lastName: 'Lancer' });
    const res = await p.client.get(`/api/crm/contacts?companyId=${initech.id}`);
    expect(res.body.items.map((c: { name: string }) => c.name)).toEqual(['Bill Lumbergh', 'Peter Gibbons']);
  });

  it('pages through 25 contacts 7 at a time, each exactly once, in name order either way', async () => {
    const p = await signupPortal(server);
    const firstNames = Array.from({ length: 25 }, (_, i) => `Person${String(i).padStart(2, '0')}`);
    for (const n of [...firstNames].reverse()) await newContact(p.client, { firstName: n, lastName: 'Test' });
    const asc = await pageAll(p.client, '/api/crm/contacts?sort=name', 7);
    expect(asc.items.map((c) => c.firstName)).toEqual(firstNames);
    const desc = await pageAll(p.client, '/api/crm/contacts?sort=-name', 7);
    expect(desc.items.map((c) => c.firstName)).toEqual([...firstNames].reverse());
    const newest = await pageAll(p.client, '/api/crm/contacts?sort=-createdAt', 7);
    expect(new Set(newest.items.map((c) => c.id)).size).toBe(25);
  });

  it('refuses a cursor it did not hand out', async () => {
    const res = await team.member.get('/api/crm/contacts?cursor=garbage');
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(['cursor']);
  });

  it('keeps a deal when its contact is deleted, without the contact', async () => {
    const c = team.member;
    const contact = await newContact(c, { firstName: 'Gone', lastName: 'Soon' });
    const deal = await newDeal(c, { title: 'Outlives its contact', contactId: contact.id });
    expect(deal.contactName).toBe('Gone Soon');
    expect((await c.delete(`/api/crm/contacts/${contact.id}`)).status).toBe(204);
    expect((await c.get(`/api/crm/deals/${deal.id}`)).body).toMatchObject({ contactId: null, contactName: null });
    const audit = await team.owner.get('/api/audit?action=crm.contact_deleted');
    expect(audit.body.items.some((e: { targetId: string }) => e.targetId === contact.id)).toBe(true);
  });
});
