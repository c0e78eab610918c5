import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, signupPortal, type Team } from '../../test/factories.js';
import { writePlansFile } from '../billing/billing.testkit.js';
import { exportEverything, readCsvFile, seedEverything, TRICKY, unzip } from './portability.testkit.js';
import { restore } from './csv-cells.js';

let server: TestServer;
let team: Team;
let seeded: Awaited<ReturnType<typeof seedEverything>>;
let entries: Map<string, Buffer>;
let exportId: string;

beforeAll(async () => {
  server = await startTestServer({ env: { TEST_CLOCK: '1', PLANS_FILE: writePlansFile() } });
  team = await portalWithTeam(server);
  seeded = await seedEverything(server, team.owner, { billing: true });
  const out = await exportEverything(server, team.admin);
  entries = await unzip(out.zip);
  exportId = out.id;
});
afterAll(async () => {
  await server?.close();
});

const manifest = () => JSON.parse(entries.get('manifest.json')!.toString('utf8'));

describe('export everything (POR-1)', () => {
  it('writes a CSV per entity, named after it, each with a header row', () => {
    for (const name of [
      'companies',
      'contacts',
      'leads',
      'deals',
      'pipelines',
      'activities',
      'projects',
      'tasks',
      'comments',
      'users',
      'calendars',
      'events',
      'invoices',
      'audit_log',
      'telephony_calls',
    ]) {
      const text = entries.get(`${name}.csv`)?.toString('utf8');
      expect(text, name).toBeDefined();
      // UTF-8 with a BOM, for spreadsheets (POR-7).
      expect(text!.startsWith('\uFEFF'), name).toBe(true);
      expect(text!.slice(1).split('\r\n')[0]!.split(',')).toContain('id');
    }
  });

  it('lists every file with its SHA-256 and size in manifest.json, and they match', () => {
    const m = manifest();
    expect(m).toMatchObject({ formatVersion: 1, portal: { id: team.portal.id, slug: team.portal.slug } });
    expect(m.files.length).toBeGreaterThan(15);
    for (const f of m.files as { path: string; sha256: string; bytes: number }[]) {
      const buf = entries.get(f.path);
      expect(buf, f.path).toBeDefined();
      expect(buf!.length).toBe(f.bytes);
      expect(createHash('sha256').update(buf!).digest('hex')).toBe(f.sha256);
    }
    // Everything in the archive is listed, but the manifest itself and folder entries.
    const listed = new Set(m.files.map((f: { path: string }) => f.path));
    for (const path of entries.keys()) if (path !== 'manifest.json' && !path.endsWith('/')) expect(listed.has(path), path).toBe(true);
  });

  it('counts the records of each entity in the manifest', () => {
    expect(manifest().counts).toMatchObject({
      companies: 1,
      contacts: 2,
      leads: 1,
      deals: 2,
      projects: 1,
      tasks: 2,
      comments: 1,
      users: 4,
      events: 2,
      telephony_calls: 1,
      files: 3,
    });
  });

  it('reads back with an independent CSV parser, tricky values intact', () => {
    const contacts = readCsvFile(entries, 'contacts.csv');
    const zoe = contacts.find((c) => c.first_name === 'Zoë')!;
    expect(zoe.last_name).toBe(`O'Brien ${TRICKY.quotes}`);
    expect(zoe.notes).toBe(TRICKY.newlines);
    expect(JSON.parse(zoe.emails!)).toEqual([
      { value: 'zoe@mueller.test', type: 'work' },
      { value: 'zoe.home@example.test', type: 'home' },
    ]);
    expect(contacts.find((c) => c.first_name === TRICKY.emoji)!.last_name).toBe('');
    expect(readCsvFile(entries, 'companies.csv')[0]!.name).toBe(TRICKY.commas);
  });

  it('neutralises cells a spreadsheet would run as formulas, and the import rule restores them exactly', () => {
    const company = readCsvFile(entries, 'companies.csv')[0]!;
    expect(company.notes).toBe(`'${TRICKY.formula}`);
    const lead = readCsvFile(entries, 'leads.csv')[0]!;
    expect(lead.title).toBe(`'${TRICKY.plus}`);
    expect(lead.name).toBe(`'${TRICKY.apostrophe}`);
    expect(readCsvFile(entries, 'deals.csv').find((d) => d.title.includes('2+3'))!.title).toBe(`'${TRICKY.minus}`);
    expect([company.notes, lead.title, lead.name].map((v) => restore(v!))).toEqual([TRICKY.formula, TRICKY.plus, TRICKY.apostrophe]);
  });

  it('keeps "no value" and "empty text" apart: an empty cell is null, "" is empty text', () => {
    const raw = entries.get('contacts.csv')!.toString('utf8');
    const bare = raw.split('\r\n').find((l) => l.includes('Rocket'))!;
    // last_name is empty text; company_id and job_title have no value.
    expect(bare).toContain(`,${TRICKY.emoji},"",,,`);
    expect(readCsvFile(entries, 'tasks.csv').find((t) => t.title.startsWith("'="))!.estimate_minutes).toBe('90');
  });

  it('writes money as minor units in columns that say so', () => {
    const lead = readCsvFile(entries, 'leads.csv')[0]!;
    expect(lead).toMatchObject({ amount_minor: '123456', currency: 'EUR' });
    const invoices = readCsvFile(entries, 'invoices.csv');
    expect(invoices.length).toBeGreaterThan(0);
    expect(invoices[0]).toHaveProperty('total_minor');
  });

  it('writes every calendar as an iCalendar file', () => {
    const ics = [...entries.keys()].filter((p) => p.startsWith('calendars/') && p.endsWith('.ics'));
    expect(ics.length).toBeGreaterThanOrEqual(2);
    const shared = entries.get(ics.find((p) => p.includes('Team'))!)!.toString('utf8');
    expect(shared).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(shared).toContain('RRULE:FREQ=WEEKLY;COUNT=10;BYDAY=MO');
    expect(shared).toContain('RECURRENCE-ID;TZID=Europe/Berlin:20260309T100000');
    expect(shared.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1);
    expect(shared.trimEnd()).toMatch(/END:VCALENDAR$/);
  });

  it('puts drive files in their folder tree under their own names, the trash apart, empty folders too', () => {
    expect(entries.get('files/Reports, 2024/Q1 "final" 🚀/résumé, v2.txt')!.toString('utf8')).toBe(`${TRICKY.nonAscii}\n${TRICKY.emoji}\n`);
    expect([...entries.get('files/root.bin')!]).toEqual([0, 1, 2, 3, 255, 254, 0, 10, 13]);
    expect(entries.get(`trash/${seeded.trashed.id}/old.txt`)!.toString()).toBe('in the trash');
    expect(entries.has('files/Empty folder/')).toBe(true);
    const drive = readCsvFile(entries, 'drive.csv');
    expect(drive.find((d) => d.name === 'old.txt')).toMatchObject({ path: `trash/${seeded.trashed.id}/old.txt`, kind: 'file' });
  });

  it('adds the automations as JSON', () => {
    expect(JSON.parse(entries.get('automations.json')!.toString('utf8'))).toHaveProperty('rules');
  });

  it('never exports password hashes or feed secrets', () => {
    const users = entries.get('users.csv')!.toString('utf8');
    expect(users).not.toMatch(/argon2|password/i);
    expect(entries.get('calendars.csv')!.toString('utf8')).not.toContain('feed_token');
  });
});

describe('export runs and downloads', () => {
  it('mails the admin who asked a link to the download', async () => {
    const mail = await server.deps.db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('to_address', '=', team.adminUser.email)
      .where('subject', '=', 'Your export is ready')
      .executeTakeFirst();
    expect(mail?.text_body).toContain(`/api/exports/${exportId}/download`);
  });

  it('is for admins only', async () => {
    expect((await team.member.post('/api/exports')).status).toBe(403);
    expect((await team.member.get(`/api/exports/${exportId}`)).status).toBe(403);
    expect((await team.member.get(`/api/exports/${exportId}/download`)).status).toBe(403);
  });

  it('answers 409 while the export is still being made', async () => {
    const started = await team.owner.post('/api/exports');
    const res = await team.owner.get(`/api/exports/${started.body.id}/download`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('EXPORT_NOT_READY');
    await server.runJobs();
  });

  it('lists exports newest first', async () => {
    const res = await team.owner.get('/api/exports');
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(2);
    expect(res.body.items[0].createdAt >= res.body.items[1].createdAt).toBe(true);
  });

  it('expires the link after 7 days: 410 Gone', async () => {
    const p = await signupPortal(server);
    const started = await p.client.post('/api/exports');
    await server.runJobs();
    expect((await p.client.get(`/api/exports/${started.body.id}/download`)).status).toBe(200);
    server.clock.advance(8 * 86_400_000, p.portal.id);
    const res = await p.client.get(`/api/exports/${started.body.id}/download`);
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('EXPORT_EXPIRED');
    expect((await p.client.get(`/api/exports/${started.body.id}`)).body.downloadUrl).toBeNull();
  });

  it('exports an empty portal too', async () => {
    const p = await signupPortal(server);
    const out = await exportEverything(server, p.client);
    const m = JSON.parse((await unzip(out.zip)).get('manifest.json')!.toString());
    expect(m.counts).toMatchObject({ users: 1, contacts: 0, files: 0 });
  });
});
