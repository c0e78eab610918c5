import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, type Team } from '../../test/factories.js';
import { upload } from './portability.testkit.js';

let server: TestServer;
let team: Team;

beforeAll(async () => {
  server = await startTestServer();
  team = await portalWithTeam(server);
});
afterAll(async () => {
  await server?.close();
});

const importCsv = (csv: string, fields: Record<string, string>, client = team.owner) => upload(client, '/api/imports/csv', 'import.csv', csv, fields);

describe('CSV import (POR-4)', () => {
  it('holds a job for the import while it runs, and leaves none behind once it is done', async () => {
    const held = () => server.deps.db.selectFrom('jobs').select(['status', 'locked_by']).where('kind', '=', 'portability.import_interrupted').execute();
    const res = await importCsv('Name\nHeld Job Company\n', { entity: 'companies' });
    expect(res.status, res.text).toBe(201);
    expect(res.body.status).toBe('done');
    expect(await held()).toEqual([]);
    // A file with problems, and a dry run: the same.
    expect((await importCsv('Name,Website\nBad,not a url at all\n', { entity: 'companies', dryRun: 'true' })).status).toBe(201);
    expect(await held()).toEqual([]);
  });

  it('matches columns by their names and imports every row', async () => {
    const csv = [
      'Name;E-mail;Mobile;Company;Job title',
      'Anna Müller;anna@example.test;+49 170 1234567;Acme GmbH;CEO',
      'Bob Smith;bob@example.test, bob@home.test;;Acme GmbH;',
    ].join('\n');
    const res = await importCsv(csv, { entity: 'contacts' });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ kind: 'csv', status: 'done', error: null });
    expect(res.body.report.mapping).toEqual({ Name: 'fullName', 'E-mail': 'emails', Mobile: 'mobilePhone', Company: 'company', 'Job title': 'jobTitle' });
    expect(res.body.report.counts).toMatchObject({ contacts: { imported: 2 }, companies: { imported: 1 } });
    const anna = (await team.owner.get('/api/crm/contacts?q=anna')).body.items[0];
    expect(anna).toMatchObject({
      firstName: 'Anna',
      lastName: 'Müller',
      companyName: 'Acme GmbH',
      jobTitle: 'CEO',
      phones: [{ value: '+49 170 1234567', type: 'mobile' }],
    });
    const bob = (await team.owner.get('/api/crm/contacts?q=bob')).body.items[0];
    expect(bob.emails.map((e: { value: string }) => e.value)).toEqual(['bob@example.test', 'bob@home.test']);
    expect(bob.companyId).toBe(anna.companyId);
  });

  it('reports every problem by row and column in a dry run, and writes nothing', async () => {
    const csv = [
      'title,amount,currency,stage,owner,expected close date',
      'Good deal,"1,500.00",EUR,,,2026-05-31',
      'Bad amount,lots,EUR,,,',
      'Bad stage,10,EUR,Nowhere,,',
      'Bad owner,10,EUR,,nobody@example.test,31.02.2026',
    ].join('\n');
    const res = await importCsv(csv, { entity: 'deals', dryRun: 'true' });
    expect(res.status, res.text).toBe(201);
    expect(res.body.status).toBe('failed');
    expect(res.body.error).toBe('4 problems found; nothing was imported');
    expect(res.body.report.problems).toEqual(
      [
        { entity: 'deals', row: 2, column: 'amount', message: expect.stringContaining('must be an amount') },
        { entity: 'deals', row: 3, column: 'stage', message: expect.stringContaining('has no stage "Nowhere"') },
        { entity: 'deals', row: 4, column: 'expected close date', message: expect.stringContaining('is not a date') },
        { entity: 'deals', row: 4, column: 'owner', message: expect.stringContaining('nobody@example.test') },
      ].sort((a, b) => a.row - b.row || (a.column === 'expected close date' ? -1 : 1)),
    );
    expect((await team.owner.get('/api/crm/deals?q=deal')).body.items.map((d: { title: string }) => d.title)).not.toContain('Good deal');
  });

  it('writes nothing of a file with one bad row (all or nothing)', async () => {
    const csv = ['Task,Status,Priority,Due,Estimate', 'Write report,in progress,high,2026-06-01 09:00,1:30', 'Broken task,sideways,high,,'].join('\n');
    const res = await importCsv(csv, { entity: 'tasks' });
    expect(res.body.status).toBe('failed');
    expect(res.body.report.problems).toEqual([
      { entity: 'tasks', row: 2, column: 'Status', message: expect.stringContaining('must be one of todo, in_progress, blocked, done') },
    ]);
    expect((await team.owner.get('/api/tasks?q=report')).body.items).toEqual([]);
  });

  it('imports a dry run that passed for real, with the same report', async () => {
    const csv = [
      'Task,Status,Priority,Due,Estimate,Project,Assignee',
      `Write report,in progress,high,2026-06-01 09:00,1:30,Reports,${team.memberUser.email}`,
      'Plan trip,,,06/15/2026,2h,Reports,',
    ].join('\n');
    const dry = await importCsv(csv, { entity: 'tasks', dryRun: 'true' });
    expect(dry.body).toMatchObject({ status: 'done', report: { dryRun: true, counts: { tasks: { imported: 2 }, projects: { imported: 1 } } } });
    expect((await team.owner.get('/api/tasks?q=report')).body.items).toEqual([]);
    const real = await importCsv(csv, { entity: 'tasks' });
    expect(real.body).toMatchObject({ status: 'done', report: { dryRun: false, counts: { tasks: { imported: 2 } } } });
    const task = (await team.owner.get('/api/tasks?q=report')).body.items[0];
    expect(task).toMatchObject({
      status: 'in_progress',
      priority: 'high',
      dueAt: '2026-06-01T09:00:00.000Z',
      estimateMinutes: 90,
      assigneeId: team.memberUser.id,
    });
    const trip = (await team.owner.get('/api/tasks?q=trip')).body.items[0];
    expect(trip).toMatchObject({ dueAt: '2026-06-15T00:00:00.000Z', estimateMinutes: 120, projectId: task.projectId });
  });

  it('follows a mapping given by the caller, and skips columns mapped to null', async () => {
    const csv = ['Firma,Notiz,Egal', '"Weiss, Schwarz & Co",=1+1,x'].join('\n');
    const res = await importCsv(csv, { entity: 'companies', mapping: JSON.stringify({ Firma: 'name', Notiz: 'notes', Egal: null }) });
    expect(res.body.status).toBe('done');
    expect(res.body.report.mapping).toEqual({ Firma: 'name', Notiz: 'notes', Egal: null });
    const company = (await team.owner.get('/api/crm/companies?q=weiss')).body.items[0];
    expect(company).toMatchObject({ name: 'Weiss, Schwarz & Co', notes: '=1+1' });
  });

  it('restores neutralised formula cells of an exported file', async () => {
    const csv = ['name,notes', `Formula Inc.,"'=SUM(A1:A2)"`, `Apostrophe Ltd.,"''quoted"`, `Plain Ltd.,"'plain"`].join('\r\n');
    expect((await importCsv(csv, { entity: 'companies' })).body.status).toBe('done');
    const notes = async (q: string) => (await team.owner.get(`/api/crm/companies?q=${q}`)).body.items[0].notes;
    expect(await notes('formula')).toBe('=SUM(A1:A2)');
    expect(await notes('apostrophe')).toBe("'quoted");
    expect(await notes('plain')).toBe("'plain");
  });

  it('says which required column is missing', async () => {
    const res = await importCsv('Amount,Currency\n10,EUR\n', { entity: 'leads' });
    expect(res.body.status).toBe('failed');
    expect(res.body.report.problems[0]).toMatchObject({ row: null, message: expect.stringContaining('title') });
  });

  it('refuses an unknown entity and a mapping that is not JSON', async () => {
    expect((await importCsv('a\n1\n', { entity: 'planets' })).status).toBe(400);
    const res = await importCsv('a\n1\n', { entity: 'leads', mapping: '{oops' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0].path).toBe('mapping');
  });

  it('is for admins only, and the import can be read back', async () => {
    expect((await importCsv('name\nX\n', { entity: 'companies' }, team.member)).status).toBe(403);
    const list = (await team.owner.get('/api/imports')).body.items;
    expect(list.length).toBeGreaterThan(3);
    expect((await team.owner.get(`/api/imports/${list[0].id}`)).body.id).toBe(list[0].id);
  });

  it('describes the fields each entity takes', async () => {
    const res = await team.owner.get('/api/imports/csv/fields');
    expect(res.body.entities.contacts.map((f: { field: string }) => f.field)).toContain('mobilePhone');
    expect(res.body.entities.deals.find((f: { field: string }) => f.field === 'title').required).toBe(true);
  });
});

describe('CSV import of websites', () => {
  it('takes http(s) addresses and bare hosts (as https), and refuses javascript: and other schemes by row', async () => {
    const fine = await importCsv(['Company,Website', 'Web One,https://one.example', 'Web Two,two.example/about'].join('\n'), { entity: 'companies' });
    expect(fine.body, fine.text).toMatchObject({ status: 'done' });
    const sites = (await team.owner.get('/api/crm/companies?q=Web&limit=50')).body.items.map((c: { website: string }) => c.website).sort();
    expect(sites).toEqual(['https://one.example', 'https://two.example/about']);
    const bad = await importCsv(['Company,Website', 'Evil One,javascript:alert(1)', 'Evil Two,data:text/html,x'].join('\n'), { entity: 'companies' });
    expect(bad.body.status).toBe('failed');
    expect(bad.body.report.problems).toEqual([
      { entity: 'companies', row: 1, column: 'Website', message: expect.stringContaining('must be a web address starting with https:// or http://') },
      { entity: 'companies', row: 2, column: 'Website', message: expect.stringContaining('must be a web address') },
    ]);
  });
});
