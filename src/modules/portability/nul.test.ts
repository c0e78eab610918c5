import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { signupPortal, type SignedUpPortal } from '../../test/factories.js';
import { exportEverything, unzip, upload } from './portability.testkit.js';

/**
 * NUL (U+0000) in imported files (ADR 0011): SQLite stores it, PostgreSQL cannot.
 * Every import replaces it by U+FFFD and says so in its report, so that an export
 * of a SQLite install imports into PostgreSQL (DATABASE_URL) — on SQLite alike.
 */

/** The install being moved: always SQLite. */
let sqlite: TestServer;
/** Where it moves to: PostgreSQL when DATABASE_URL is set, else SQLite too. */
let target: TestServer;
let source: SignedUpPortal;

beforeAll(async () => {
  // One after the other: each picks a free port just before it listens.
  sqlite = await startTestServer({ sqlite: true });
  target = await startTestServer();
  source = await signupPortal(sqlite);
});
afterAll(async () => {
  await sqlite?.close();
  await target?.close();
});

const icsWith = (title: string) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VEVENT',
    'UID:nul-1@test',
    'DTSTAMP:20260301T000000Z',
    'DTSTART:20260305T090000Z',
    'DTEND:20260305T100000Z',
    `SUMMARY:${title}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

describe('an export made on SQLite with NULs in its records', () => {
  let zip: Buffer;

  beforeAll(async () => {
    const company = await source.client.post('/api/crm/companies', { name: 'Nul GmbH' });
    const contact = await source.client.post('/api/crm/contacts', { firstName: 'Zoë', lastName: 'Null', companyId: company.body.id });
    expect(contact.status, contact.text).toBe(201);
    // What an older install let through: written straight into SQLite, past the HTTP edge.
    await sqlite.deps.db.updateTable('contacts').set({ notes: 'before\u0000after\u0000' }).where('id', '=', contact.body.id).execute();
    await sqlite.deps.db.updateTable('companies').set({ industry: 'Nu\u0000ll' }).where('id', '=', company.body.id).execute();
    zip = (await exportEverything(sqlite, source.client)).zip;
  });

  it('holds the NULs in its CSV files', async () => {
    const files = await unzip(zip);
    expect(files.get('contacts.csv')!.toString('utf8')).toContain('before\u0000after\u0000');
  });

  it(`imports into ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'} with U+FFFD in their place, counted in the report`, async () => {
    const into = await signupPortal(target, { email: 'owner@moved.test' });
    const started = await upload(into.client, '/api/imports', 'export.zip', zip);
    expect(started.status, started.text).toBe(201);
    await target.runJobs();
    const done = (await into.client.get(`/api/imports/${started.body.id}`)).body;
    expect(done, JSON.stringify(done)).toMatchObject({ status: 'done', error: null });
    expect(done.report.warnings).toEqual(
      expect.arrayContaining([
        'contacts.csv: 2 NUL characters (U+0000) replaced by U+FFFD, which every database can store',
        'companies.csv: 1 NUL character (U+0000) replaced by U+FFFD, which every database can store',
      ]),
    );
    const contacts = (await into.client.get('/api/crm/contacts')).body.items;
    expect(contacts).toHaveLength(1);
    const contact = (await into.client.get(`/api/crm/contacts/${contacts[0].id}`)).body;
    expect(contact).toMatchObject({ firstName: 'Zoë', notes: 'before\uFFFDafter\uFFFD' });
    const company = (await into.client.get('/api/crm/companies')).body.items[0];
    expect(company).toMatchObject({ name: 'Nul GmbH', industry: 'Nu\uFFFDll' });
  });
});

describe('NULs in the files of the other imports', () => {
  let into: SignedUpPortal;
  beforeAll(async () => {
    into = await signupPortal(target);
  });

  it('CSV import: imports the rows with U+FFFD and names the rows in a warning', async () => {
    const csv = 'First name,Last name,Notes\r\nAnn,Smith,a\u0000b\r\nBob,Jones,fine\r\nCarl,N\u0000\u0000,x\r\n';
    const res = await upload(into.client, '/api/imports/csv', 'people.csv', csv, { entity: 'contacts' });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ status: 'done', error: null });
    expect(res.body.report.counts.contacts.imported).toBe(3);
    expect(res.body.report.warnings).toEqual(['rows 1, 3: 3 NUL characters (U+0000) replaced by U+FFFD, which every database can store']);
    const names = (await into.client.get('/api/crm/contacts?limit=50')).body.items.map((c: any) => c.lastName).sort();
    expect(names).toEqual(['Jones', 'N\uFFFD\uFFFD', 'Smith']);
  });

  it('calendar import: imports the event with U+FFFD and says so', async () => {
    const cal = (await into.client.post('/api/calendars', { name: 'Nul', kind: 'personal' })).body;
    const res = await into.client.request('POST', `/api/calendars/${cal.id}/import`, icsWith('Stand\u0000up'), { 'content-type': 'text/calendar' });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      imported: 1,
      updated: 0,
      skipped: 0,
      errors: [],
      warnings: ['the file: 1 NUL character (U+0000) replaced by U+FFFD, which every database can store'],
    });
    const list = await into.client.get(`/api/events?from=2026-03-05T00:00:00Z&to=2026-03-06T00:00:00Z&calendarIds=${cal.id}`);
    expect(list.body.items.map((o: any) => o.title)).toEqual(['Stand\uFFFDup']);
  });

  it('Bitrix24 migration: imports the rows with U+FFFD and names the file in a warning', async () => {
    const form = new FormData();
    form.append('companies', new Blob(['"ID";"Company Name";\r\n"7";"Bit\u0000rix AG";\r\n']), 'companies.csv');
    form.append('calendar', new Blob([icsWith('Call\u0000')]), 'calendar.ics');
    const res = await into.client.post('/api/imports/bitrix24', form);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ status: 'done', error: null });
    expect(res.body.report.warnings).toEqual([
      'companies.csv: 1 NUL character (U+0000) replaced by U+FFFD, which every database can store',
      'calendar.ics: the file: 1 NUL character (U+0000) replaced by U+FFFD, which every database can store',
    ]);
    const companies = (await into.client.get('/api/crm/companies?limit=50')).body.items.map((c: any) => c.name);
    expect(companies).toContain('Bit\uFFFDrix AG');
  });
});
