import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../../test/client.js';
import { PASSWORD, signupPortal, type SignedUpPortal } from '../../test/factories.js';
import { freePort, startTestServer, type TestServer } from '../../test/harness.js';
import { rowsOfPortal } from '../lifecycle/deletion.testkit.js';
import type { CrashPoint } from './crash-points.js';
import { exportEverything, seedEverything, upload } from './portability.testkit.js';

/**
 * Crash safety of the archive import (POR-8, ADR 0031). A real `skit serve` (or `skit
 * import`) process imports an export and is killed with SIGKILL at a point of the import
 * (CRASH_AT: before the first row, after a batch of rows, between two files, after the
 * last row, after `done`). A new process is started on the same data; without waiting
 * out any lease it takes the dead one's work over as it starts and, within a minute,
 * the import is either finished (the same rows as an import that was never stopped) or
 * failed with the portal as it was before (every table's row count as before), the
 * upload is gone, and the portal can be imported into again.
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** More than a batch (1,000 rows), so that a crash after the first batch leaves rows to come. */
const CONTACTS = 1_500;
const ENV = { BILLING: 'off' };
/** Tables that record that something happened (the import, its audit entries and jobs, sign-ins, the reminder scan's cursor), not the portal's data. */
const BOOKKEEPING = new Set([
  'portal_imports',
  'audit_log',
  'jobs',
  'sessions',
  'notifications',
  'mail_outbox',
  'throttle_events',
  'live_events',
  'reminder_scans',
  // CalDAV's sync log: an undone import's calendars and events leave versions and tombstones,
  // so that a client that synced meanwhile learns they are gone (ADR 0026).
  'caldav_collections',
  'caldav_resources',
]);

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const data = (rows: Record<string, number>) => Object.fromEntries(Object.entries(rows).filter(([t]) => !BOOKKEEPING.has(t)));

let reuse: { dataDir: string; pgSchema?: string };
let zipFile: string;
let reference: { counts: Record<string, unknown>; rows: Record<string, number> };
let child: ChildProcess | null = null;
let server: TestServer | null = null;

/** The server (or CLI) as users run it, on the test's data, killing itself at `crashAt`. */
function skit(args: string[], crashAt: CrashPoint, port = 0): { proc: ChildProcess; exited: Promise<NodeJS.Signals | null>; stderr: () => string } {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...ENV,
    DATA_DIR: reuse.dataDir,
    LOG_LEVEL: 'warn',
    JOBS: '1',
    CRASH_AT: crashAt,
    ...(port ? { PORT: String(port), HOST: '127.0.0.1', BASE_URL: `http://127.0.0.1:${port}` } : {}),
    ...(reuse.pgSchema ? { DATABASE_SCHEMA: reuse.pgSchema } : {}),
  };
  if (!port) delete env.BASE_URL;
  const proc = spawn(process.execPath, [path.join(ROOT, 'bin/skit.js'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  child = proc;
  let stderr = '';
  proc.stderr?.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.once('exit', (_code, signal) => resolve(signal)));
  return { proc, exited, stderr: () => stderr };
}

/** Starts `skit serve`, waits until it listens, and signs the owner in. */
async function serve(crashAt: CrashPoint, target: SignedUpPortal) {
  const port = await freePort();
  const run = skit(['serve'], crashAt, port);
  const url = `http://127.0.0.1:${port}`;
  await waitFor('the server to listen', async () => (await fetch(`${url}/healthz`)).ok).catch((err) => {
    throw new Error(`${(err as Error).message}\n${run.stderr()}`);
  });
  const owner = new TestClient(url);
  const login = await owner.post('/api/auth/login', { portalSlug: target.portal.slug, email: target.user.email, password: PASSWORD });
  expect(login.status, login.text).toBe(200);
  return { ...run, owner };
}

async function expectKilled(run: { exited: Promise<NodeJS.Signals | null>; stderr: () => string }) {
  const signal = await Promise.race([run.exited, new Promise((r) => setTimeout(() => r('timeout'), 90_000))]);
  expect(signal, `the process kills itself at the crash point\n${run.stderr()}`).toBe('SIGKILL');
  child = null;
}

/** A fresh empty portal on the shared data, and its rows before any import. */
async function emptyTarget(): Promise<{ target: SignedUpPortal; before: Record<string, number> }> {
  const s = await startTestServer({ reuse, keepData: true, env: ENV });
  try {
    const target = await signupPortal(s);
    return { target, before: await rowsOfPortal(s, target.portal.id) };
  } finally {
    await s.close();
  }
}

/** A new process on the same data: it takes over at its start; the import's final state comes within a minute. */
async function restart(target: SignedUpPortal, knownId?: string) {
  const startedAt = Date.now();
  server = await startTestServer({ reuse, keepData: true, env: ENV });
  const client = server.client();
  const login = await client.post('/api/auth/login', { portalSlug: target.portal.slug, email: target.user.email, password: PASSWORD });
  expect(login.status, login.text).toBe(200);
  const importId = knownId ?? (await client.get('/api/imports')).body.items[0].id;
  const final = await waitFor(
    'the import to finish or fail',
    async () => {
      await server!.runJobs();
      const res = await client.get(`/api/imports/${importId}`);
      return ['done', 'failed'].includes(res.body.status) ? res.body : undefined;
    },
    60_000,
    200,
  );
  expect(Date.now() - startedAt, 'final within a minute of the restart').toBeLessThan(60_000);
  return { client, final, server };
}

const uploadsOf = (portalId: string) => fs.readdirSync(path.join(reuse.dataDir, 'imports', portalId), { withFileTypes: true }).filter((e) => e.isFile());

async function expectImportableAgain(s: TestServer, client: TestClient) {
  const again = await upload(client, '/api/imports', 'export.zip', fs.readFileSync(zipFile));
  expect(again.status, again.text).toBe(201);
  await s.runJobs();
  const res = await client.get(`/api/imports/${again.body.id}`);
  expect(res.body, JSON.stringify(res.body)).toMatchObject({ status: 'done' });
  expect(res.body.report.counts).toEqual(reference.counts);
}

beforeAll(async () => {
  const first = await startTestServer({ keepData: true, env: ENV });
  reuse = { dataDir: first.dataDir, pgSchema: first.pgSchema };
  try {
    const source = await signupPortal(first);
    await seedEverything(first, source.client);
    const csv = ['First name,Last name,E-mail', ...Array.from({ length: CONTACTS }, (_, i) => `Kim${i},Crash${i},kim${i}@crash.test`)].join('\n');
    const bulk = await upload(source.client, '/api/imports/csv', 'contacts.csv', csv, { entity: 'contacts' });
    expect(bulk.status, bulk.text).toBe(201);
    zipFile = path.join(first.dataDir, 'source-export.zip');
    fs.writeFileSync(zipFile, (await exportEverything(first, source.client)).zip);
    // An import that nothing stops: what every finished import must equal.
    const ref = await signupPortal(first);
    const started = await upload(ref.client, '/api/imports', 'export.zip', fs.readFileSync(zipFile));
    expect(started.status, started.text).toBe(201);
    await first.runJobs();
    const done = (await ref.client.get(`/api/imports/${started.body.id}`)).body;
    expect(done.status, JSON.stringify(done)).toBe('done');
    reference = { counts: done.report.counts, rows: data(await rowsOfPortal(first, ref.portal.id)) };
    expect(reference.rows.contacts).toBeGreaterThan(CONTACTS);
    expect(reference.rows.drive_items).toBeGreaterThan(2);
  } finally {
    await first.close();
  }
}, 240_000);

afterEach(async () => {
  child?.kill('SIGKILL');
  child = null;
  await server?.close();
  server = null;
});

afterAll(async () => {
  // A last server that does not keep the data removes the directory and drops the PostgreSQL schema.
  if (reuse) await (await startTestServer({ reuse, env: ENV })).close();
});

describe('an archive import killed with SIGKILL (POR-8)', () => {
  it.each<CrashPoint>(['import.start', 'import.rows', 'import.files', 'import.end', 'import.done'])(
    'killed at %s once: the next process finishes it, the same as an import never stopped',
    { timeout: 240_000 },
    async (point) => {
      const { target } = await emptyTarget();
      const run = await serve(point, target);
      const started = await upload(run.owner, '/api/imports', 'export.zip', fs.readFileSync(zipFile));
      expect(started.status, started.text).toBe(201);
      await expectKilled(run);

      const { final, server: s } = await restart(target, started.body.id);
      expect(final, JSON.stringify(final)).toMatchObject({ status: 'done', error: null });
      expect(final.report.counts).toEqual(reference.counts);
      expect(data(await rowsOfPortal(s, target.portal.id))).toEqual(reference.rows);
      expect(uploadsOf(target.portal.id), 'the upload is removed').toEqual([]);
    },
  );

  it('killed at the same point twice: failed, the portal as it was, the upload gone, and it imports again', { timeout: 300_000 }, async () => {
    const { target, before } = await emptyTarget();
    const first = await serve('import.rows', target);
    const started = await upload(first.owner, '/api/imports', 'export.zip', fs.readFileSync(zipFile));
    expect(started.status, started.text).toBe(201);
    await expectKilled(first);
    // The second process takes the import over at its start, starts it again, and dies at the same point.
    await expectKilled(skit(['serve'], 'import.rows', await freePort()));

    const { client, final, server: s } = await restart(target, started.body.id);
    expect(final).toMatchObject({ status: 'failed', error: expect.stringContaining('nothing was imported') });
    expect(data(await rowsOfPortal(s, target.portal.id))).toEqual(data(before));
    expect(uploadsOf(target.portal.id)).toEqual([]);
    await expectImportableAgain(s, client);
  });

  it('`skit import` killed between two files: the next server undoes it and fails it; the portal imports again', { timeout: 240_000 }, async () => {
    const { target, before } = await emptyTarget();
    await expectKilled(skit(['import', '--portal', target.portal.slug, zipFile], 'import.files'));
    const { client, final, server: s } = await restart(target);
    expect(final).toMatchObject({ kind: 'portal', status: 'failed', error: expect.stringContaining('nothing was imported') });
    expect(data(await rowsOfPortal(s, target.portal.id))).toEqual(data(before));
    expect(fs.existsSync(zipFile), 'the file given to `skit import` is the user’s: it stays').toBe(true);
    await expectImportableAgain(s, client);
  });
});
