import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { signupPortal, type SignedUpPortal } from '../../test/factories.js';

const fixtures = path.join(import.meta.dirname, 'fixtures', 'bitrix24');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name));

let server: TestServer;
let p: SignedUpPortal;
let result: any;

function migrate(client: SignedUpPortal['client'], files: Record<string, string>) {
  const form = new FormData();
  for (const [field, name] of Object.entries(files)) form.append(field, new Blob([new Uint8Array(fixture(name))]), name);
  return client.post('/api/imports/bitrix24', form);
}

beforeAll(async () => {
  server = await startTestServer();
  p = await signupPortal(server);
  const res = await migrate(p.client, {
    companies: 'companies.csv',
    contacts: 'contacts.csv',
    leads: 'leads.csv',
    deals: 'deals.xls',
    tasks: 'tasks.xls',
    calendar: 'calendar.ics',
  });
  expect(res.status, res.text).toBe(201);
  result = res.body;
});
afterAll(async () => {
  await server?.close();
});

const list = async (path: string) => (await p.client.get(path)).body.items as any[];

describe('migration from Bitrix24 (POR-5)', () => {
  it('imports every list and reports imported, merged and skipped per entity', () => {
    expect(result).toMatchObject({ kind: 'bitrix24', status: 'done' });
    expect(result.report.counts).toMatchObject({
      companies: { imported: 2, merged: 0, skipped: 1 },
      contacts: { imported: 3, merged: 0, skipped: 1 },
      leads: { imported: 3, skipped: 0 },
      deals: { imported: 4, skipped: 0 },
      tasks: { imported: 3, skipped: 0 },
      events: { imported: 2 },
    });
  });

  it('says why each skipped row was skipped, by row', () => {
    expect(result.report.problems).toEqual(
      expect.arrayContaining([
        { entity: 'companies', row: 3, column: 'name', message: 'skipped: name is required' },
        { entity: 'contacts', row: 4, column: 'firstName', message: 'skipped: firstName is required (or a full name)' },
      ]),
    );
  });

  it('reads the CSV export (";", BOM, trailing delimiter) with several phones and emails per type', async () => {
    const anna = (await list('/api/crm/contacts?q=anna'))[0];
    expect(anna).toMatchObject({
      firstName: 'Anna Maria',
      lastName: 'Müller',
      jobTitle: 'CEO',
      companyName: 'Müller & Söhne GmbH',
      createdAt: '2023-03-15T10:00:00.000Z',
    });
    expect(anna.phones).toEqual([
      { value: '+49 30 1234567', type: 'work' },
      { value: '+49 170 1111111', type: 'mobile' },
      { value: '+49 171 2222222', type: 'mobile' },
    ]);
    expect(anna.emails.map((e: any) => `${e.type}:${e.value}`)).toEqual([
      'work:anna@mueller-soehne.test',
      'work:a.mueller@mueller-soehne.test',
      'home:anna.private@example.test',
    ]);
    expect(anna.notes).toContain('Met at "Hannover Messe"\nfollow up in May');
    expect(anna.notes).toContain('Address: Hauptstraße 5, Berlin');
    expect(anna.ownerId).toBe(p.user.id);
  });

  it('reads an export with field codes as column names, "," and day-first dates', async () => {
    const lead = (await list('/api/crm/leads?q=licences'))[0];
    expect(lead).toMatchObject({
      name: 'Clara Schmidt',
      companyName: 'Schmidt IT',
      status: 'in_progress',
      source: 'website',
      amount: 1250050,
      currency: 'EUR',
      email: 'clara@schmidt-it.test',
      phone: '+49 40 555 1234',
    });
    expect(lead.notes).toContain('More contact details: +49 160 9876543');
    expect(lead.createdAt).toBe('2024-01-12T14:30:00.000Z');
    expect((await list('/api/crm/leads?q=trade'))[0].status).toBe('lost');
  });

  it('reads the "Excel" export (an HTML table) and makes its pipelines and stages by name', async () => {
    const pipelines = await list('/api/crm/pipelines');
    const sales = pipelines.find((x) => x.name === 'Sales (Bitrix24)');
    expect(sales.stages.map((s: any) => `${s.name}:${s.kind}`)).toEqual(['Negotiate:open', 'Deal won:won', 'Deal lost:lost']);
    expect(pipelines.find((x) => x.name === 'Partners').stages.map((s: any) => s.name)).toEqual(['New']);
    const deals = await list('/api/crm/deals?limit=50');
    const big = deals.find((d) => d.title === 'Müller: 50 machines');
    expect(big).toMatchObject({
      amount: 25000000,
      currency: 'EUR',
      pipelineId: sales.id,
      contactName: 'Anna Maria Müller',
      companyName: 'Müller & Söhne GmbH',
      expectedCloseDate: '2024-06-30',
    });
    expect(big.stageId).toBe(sales.stages[0].id);
  });

  it('links deals to contacts and companies by Bitrix24 ID as well as by name', async () => {
    const deals = await list('/api/crm/deals?limit=50');
    expect(deals.find((d) => d.title === 'Acme support contract')).toMatchObject({
      contactName: 'Bob Smith',
      companyName: 'Acme Corp.',
      amount: 1200000,
      currency: 'USD',
    });
    expect(deals.find((d) => d.title === 'Partner referral')).toMatchObject({ contactId: null, amount: 150000 });
    expect(result.report.warnings).toEqual(expect.arrayContaining([expect.stringContaining('contact "Somebody Unknown" is not a contact here; left empty')]));
  });

  it("keeps a deal's comment as a note on the deal", async () => {
    const big = (await list('/api/crm/deals?limit=50')).find((d) => d.title === 'Müller: 50 machines');
    const notes = await list(`/api/crm/activities?recordType=deal&recordId=${big.id}`);
    expect(notes.map((n) => n.body)).toEqual(['Discount 5% agreed']);
  });

  it('imports tasks from the HTML export with deadline, duration, project and CRM links', async () => {
    const task = (await list('/api/tasks?q=offer'))[0];
    expect(task).toMatchObject({ status: 'in_progress', priority: 'high', dueAt: '2024-05-31T18:00:00.000Z', estimateMinutes: 90, assigneeId: p.user.id });
    expect(task.description).toBe('Include <b>volume</b> discount & delivery dates\n\nTags: offer, q2');
    expect(task.links.map((l: any) => l.type).sort()).toEqual(['contact', 'deal']);
    const done = (await list('/api/tasks?q=invoice'))[0];
    expect(done).toMatchObject({ status: 'done', assigneeId: null, completedAt: '2022-11-13T17:00:00.000Z' });
    expect(done.links).toEqual([{ type: 'company', id: expect.any(String) }]);
  });

  it('imports the calendar from its .ics', async () => {
    const occ = (await p.client.get('/api/events?from=2024-06-01T00:00:00Z&to=2024-07-31T00:00:00Z')).body.items;
    expect(occ.map((o: any) => o.title)).toEqual(expect.arrayContaining(['Weekly sales meeting', 'Company summer party']));
  });

  it('leaves unknown Bitrix24 users out and says so once', () => {
    const about = result.report.warnings.filter((w: string) => w.includes('Nobody Known'));
    expect(about.length).toBe(2);
  });

  it('merges a contact whose email is already here, and skips what was imported before', async () => {
    const again = await migrate(p.client, { contacts: 'contacts.csv', deals: 'deals.xls', leads: 'leads.csv' });
    expect(again.body.report.counts).toMatchObject({
      contacts: { imported: 0, merged: 3, skipped: 1 },
      leads: { imported: 0, skipped: 3 },
      deals: { imported: 0, skipped: 4 },
    });
    expect(again.body.report.merges[0]).toMatchObject({ entity: 'contacts', row: 1, into: 'Anna Maria Müller', reason: expect.stringContaining('same email') });
    expect((await list('/api/crm/contacts?q=anna')).length).toBe(1);
  });

  it('reads the HTML export of contacts, entities decoded', async () => {
    const res = await migrate(p.client, { contacts: 'contacts.xls' });
    expect(res.body.report.counts.contacts).toEqual({ imported: 1, merged: 0, skipped: 0 });
    expect((await list('/api/crm/contacts?q=eva'))[0]).toMatchObject({ lastName: 'Klein', companyName: 'Klein & Partner' });
  });

  it('refuses a request without files, and files that are not exports', async () => {
    const empty = await p.client.post('/api/imports/bitrix24', new FormData());
    expect(empty.status).toBe(400);
    const form = new FormData();
    form.append('contacts', new Blob([new Uint8Array(Buffer.from(''))]), 'empty.csv');
    const res = await p.client.post('/api/imports/bitrix24', form);
    expect(res.body.report.problems[0].message).toContain('is empty');
  });
});
