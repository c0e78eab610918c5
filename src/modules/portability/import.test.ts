import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thisProcess } from '../../kernel/jobs/process.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, signupPortal, type Team } from '../../test/factories.js';
import { writePlansFile } from '../billing/billing.testkit.js';
import { systemContext } from '../../kernel/context.js';
import { busyOf } from '../calendar/index.js';
import { canonicalRows, exportEverything, readCsvFile, seedEverything, TRICKY, unzip, upload } from './portability.testkit.js';

let server: TestServer;
let source: Team;
let first: Map<string, Buffer>;
let firstZip: Buffer;

beforeAll(async () => {
  server = await startTestServer({ env: { TEST_CLOCK: '1', PLANS_FILE: writePlansFile() } });
  source = await portalWithTeam(server);
  await seedEverything(server, source.owner, { billing: true });
  firstZip = (await exportEverything(server, source.owner)).zip;
  first = await unzip(firstZip);
});
afterAll(async () => {
  await server?.close();
});

const sourcePortalId = () => source.portal.id;

async function importInto(zip: Buffer, email = source.ownerUser.email) {
  const target = await signupPortal(server, { email });
  const started = await upload(target.client, '/api/imports', 'export.zip', zip);
  expect(started.status, started.text).toBe(201);
  expect(started.body).toMatchObject({ status: 'queued', kind: 'portal' });
  await server.runJobs();
  const done = await target.client.get(`/api/imports/${started.body.id}`);
  return { target, done: done.body };
}

describe('import an export into an empty portal (POR-4)', () => {
  let second: Map<string, Buffer>;
  let target: Awaited<ReturnType<typeof importInto>>['target'];
  let report: any;

  beforeAll(async () => {
    const res = await importInto(firstZip);
    target = res.target;
    report = res.done;
    second = await unzip((await exportEverything(server, target.client)).zip);
  });

  it('finishes with a report of what it imported', () => {
    expect(report, JSON.stringify(report)).toMatchObject({ status: 'done', progress: 1, error: null });
    expect(report.report.counts).toMatchObject({ contacts: { imported: 2, merged: 0, skipped: 0 }, tasks: { imported: 2 }, drive: { imported: 6 } });
  });

  it('gives back the same data on the next export, ids and timestamps aside', () => {
    const same = [
      'companies',
      'contacts',
      'leads',
      'pipelines',
      'pipeline_stages',
      'deals',
      'deal_stage_changes',
      'activities',
      'projects',
      'tasks',
      'comments',
      'calendars',
      'events',
      'drive',
      'telephony_calls',
      'invoices',
    ];
    for (const name of same) expect(canonicalRows(second, `${name}.csv`), name).toEqual(canonicalRows(first, `${name}.csv`));
    // The owner's row is the importer's own account (same email here), made when they signed up.
    const stamps = ['last_active_at', 'created_at', 'updated_at'];
    expect(canonicalRows(second, 'users.csv', stamps)).toEqual(canonicalRows(first, 'users.csv', stamps));
  });

  it('keeps the old audit log as history, before its own entries', () => {
    const before = canonicalRows(first, 'audit_log.csv');
    const after = canonicalRows(second, 'audit_log.csv');
    for (const row of before) expect(after).toContain(row);
    expect(after.length).toBeGreaterThan(before.length);
  });

  it('restores the drive files byte for byte, in their folders, the trash included', () => {
    expect(second.get('files/Reports, 2024/Q1 "final" 🚀/résumé, v2.txt')!.toString('utf8')).toBe(`${TRICKY.nonAscii}\n${TRICKY.emoji}\n`);
    expect([...second.get('files/root.bin')!]).toEqual([0, 1, 2, 3, 255, 254, 0, 10, 13]);
    expect([...second.keys()].some((p) => p.startsWith('trash/') && p.endsWith('/old.txt'))).toBe(true);
  });

  it('keeps links between records: the deal still names its contact and company, the task its links', async () => {
    const deals = (await target.client.get('/api/crm/deals?limit=50')).body.items;
    const deal = deals.find((d: any) => d.title === TRICKY.minus);
    expect(deal).toMatchObject({ contactName: expect.stringContaining('Zoë'), companyName: TRICKY.commas });
    const tasks = (await target.client.get('/api/tasks?limit=50')).body.items;
    const task = tasks.find((t: any) => t.title === TRICKY.formula);
    expect(task.links.map((l: any) => l.type).sort()).toEqual(['contact', 'deal']);
    expect(task.links.find((l: any) => l.type === 'deal').id).toBe(deal.id);
  });

  it('leaves the occurrence index out of the export and rebuilds it from the imported events', async () => {
    const window = [Date.parse('2026-02-01T00:00:00Z'), Date.parse('2026-06-01T00:00:00Z')] as const;
    const busyOfPortal = async (portalId: string, fresh: boolean) => {
      const users = await server.deps.db.selectFrom('users').select('id').where('portal_id', '=', portalId).execute();
      return busyOf(
        systemContext(server.deps, portalId),
        users.map((u) => u.id),
        ...window,
        { fresh },
      );
    };
    // The source's index exists (read once), yet no export file holds it: it is derived data.
    const source = await busyOfPortal(sourcePortalId(), false);
    expect([...first.keys()].filter((name) => /occurrence/i.test(name))).toEqual([]);
    const indexed = await busyOfPortal(target.portal.id, false);
    expect(indexed).toEqual(await busyOfPortal(target.portal.id, true));
    // The same busy time as the source's (the weekly series with its moved occurrence, the all-day event).
    expect(indexed.map((b) => JSON.stringify(b.intervals)).sort()).toEqual(source.map((b) => JSON.stringify(b.intervals)).sort());
    expect(indexed.flatMap((b) => b.intervals).length).toBeGreaterThan(5);
  });

  it('finds imported records by search, as if they were typed in', async () => {
    const res = await target.client.get(`/api/crm/contacts?q=${encodeURIComponent('brien')}`);
    expect(res.body.items.map((c: any) => c.firstName)).toEqual(['Zoë']);
  });

  it('lets imported users set a password; the owner stays the one who imported', async () => {
    const users = (await target.client.get('/api/users')).body.items;
    expect(users).toHaveLength(4);
    expect(users.find((u: any) => u.role === 'owner').id).toBe(target.user.id);
    const login = await server
      .client()
      .post('/api/auth/login', { portalSlug: target.portal.slug, email: source.memberUser.email, password: 'correct horse battery' });
    expect(login.status).toBe(401);
  });
});

describe('an import whose process died in the middle (POR-8)', () => {
  it('is taken over at once, starts again from an empty portal and finishes', async () => {
    const target = await signupPortal(server, { email: source.ownerUser.email });
    const started = await upload(target.client, '/api/imports', 'export.zip', firstZip);
    expect(started.status, started.text).toBe(201);
    // What a process killed mid-import leaves: the job running under its worker, the import running, some records in.
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => child.once('exit', r));
    const here = thisProcess();
    const at = server.clock.now().toISOString();
    await server.deps.db
      .insertInto('job_workers')
      .values({
        id: 'killed-importer',
        host: here.host,
        pid: child.pid!,
        pid_scope: here.pidScope,
        process_started_at: here.processStartedAt,
        started_at: at,
        heartbeat_at: at,
      })
      .execute();
    const lease = new Date(server.clock.now().getTime() + 5 * 60_000).toISOString();
    await server.deps.db
      .updateTable('jobs')
      .set({ status: 'running', attempts: 1, locked_by: 'killed-importer', locked_until: lease })
      .where('portal_id', '=', target.portal.id)
      .where('kind', '=', 'portability.import')
      .execute();
    await server.deps.db.updateTable('portal_imports').set({ status: 'running', started_at: at }).where('id', '=', started.body.id).execute();
    expect((await target.client.post('/api/crm/companies', { name: 'Half imported Ltd' })).status).toBe(201);

    await server.runner.heartbeat(); // what a running process does every 30 s, and a new one at start
    await server.runJobs();
    const done = (await target.client.get(`/api/imports/${started.body.id}`)).body;
    expect(done, JSON.stringify(done)).toMatchObject({ status: 'done', error: null });
    const companies = (await target.client.get('/api/crm/companies?limit=100')).body.items.map((c: { name: string }) => c.name);
    expect(companies).not.toContain('Half imported Ltd');
    expect(companies.sort()).toEqual(
      readCsvFile(first, 'companies.csv')
        .map((r) => r.name)
        .sort(),
    );
  });
});

describe('what an import refuses', () => {
  it('refuses a portal that already has records of its own', async () => {
    const res = await upload(source.owner, '/api/imports', 'export.zip', firstZip);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('PORTAL_NOT_EMPTY');
  });

  it('refuses a file that is not an export', async () => {
    const p = await signupPortal(server);
    const res = await upload(p.client, '/api/imports', 'notes.zip', 'just text');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ARCHIVE_INVALID');
  });

  it('fails an archive changed after export (checksums), and leaves the portal empty', async () => {
    const tampered = Buffer.from(firstZip);
    // Flip a byte inside the stored (uncompressed) bytes of root.bin.
    const at = tampered.indexOf(Buffer.from([0, 1, 2, 3, 255, 254, 0, 10, 13]));
    expect(at).toBeGreaterThan(0);
    tampered[at + 4] = 7;
    const { target, done } = await importInto(tampered, 'tamper@example.test');
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/files\/root\.bin does not match its checksum|damaged/);
    expect((await target.client.get('/api/crm/contacts')).body.items).toEqual([]);
    expect((await target.client.get('/api/drive/files')).body.items).toEqual([]);
    expect((await target.client.get('/api/users')).body.items).toHaveLength(1);
  });

  it('is for admins only', async () => {
    expect((await source.member.get('/api/imports')).status).toBe(403);
    expect((await upload(source.member, '/api/imports', 'export.zip', firstZip)).status).toBe(403);
  });

  it('reads the export CSVs with a column order of its own', () => {
    const users = readCsvFile(first, 'users.csv');
    expect(Object.keys(users[0]!)).toContain('email');
  });
});
