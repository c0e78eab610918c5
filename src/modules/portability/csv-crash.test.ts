import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/database.js';
import { TestClient } from '../../test/client.js';
import { PASSWORD, signupPortal } from '../../test/factories.js';
import { freePort, startTestServer, type TestServer } from '../../test/harness.js';
import { upload } from './portability.testkit.js';

/**
 * A real `skit serve` process is killed with SIGKILL while it imports a CSV file
 * (POR-8): the next process gives the import its final state with the reason, nothing
 * of the file is in the portal, the upload is gone from disk, and a new import works.
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ROWS = 20_000;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000, everyMs = 20): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const bigCsv = () =>
  ['First name,Last name,E-mail,Company', ...Array.from({ length: ROWS }, (_, i) => `Kim${i},Crash${i},kim${i}@crash.test,Crash Co ${i % 50}`)].join('\n');

let child: ChildProcess | null = null;
let watcher: Database | null = null;
let restarted: TestServer | null = null;
afterEach(async () => {
  child?.kill('SIGKILL');
  child = null;
  await watcher?.close();
  watcher = null;
  await restarted?.close();
  restarted = null;
});

describe('a crash in the middle of a CSV import', () => {
  // Killed as soon as the import runs (before any row), and a while into it (rows written in its transaction).
  it.each([0, 800])('is failed with its reason, nothing imported, the upload removed (killed %i ms into it)', { timeout: 180_000 }, async (killAfterMs) => {
    const first = await startTestServer({ keepData: true });
    const reuse = { dataDir: first.dataDir, pgSchema: first.pgSchema };
    const { portal, user } = await signupPortal(first);
    await first.close();

    const port = await freePort();
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: reuse.dataDir,
      BASE_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      JOBS: '1',
      ...(reuse.pgSchema ? { DATABASE_SCHEMA: reuse.pgSchema } : {}),
    };
    child = spawn(process.execPath, [path.join(ROOT, 'bin/skit.js'), 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr += String(d)));
    const url = `http://127.0.0.1:${port}`;
    await waitFor('the server to listen', async () => (await fetch(`${url}/healthz`)).ok, 60_000, 100).catch((err) => {
      throw new Error(`${(err as Error).message}\n${stderr}`);
    });
    const owner = new TestClient(url);
    expect((await owner.post('/api/auth/login', { portalSlug: portal.slug, email: user.email, password: PASSWORD })).status).toBe(200);

    // The request dies with the process; its answer is never read.
    void upload(owner, '/api/imports/csv', 'contacts.csv', bigCsv(), { entity: 'contacts' }).catch(() => {});
    watcher = openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: reuse.dataDir, pgSchema: reuse.pgSchema });
    const importOf = () => watcher!.db.selectFrom('portal_imports').selectAll().where('portal_id', '=', portal.id).executeTakeFirst();
    const running = await waitFor('the import to run', async () => {
      const row = await importOf();
      return row?.status === 'running' ? row : undefined;
    });
    if (killAfterMs) await new Promise((r) => setTimeout(r, killAfterMs));
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    child = null;
    expect((await importOf())?.status, 'killed before the import finished').toBe('running');
    const uploadFile = path.join(reuse.dataDir, 'imports', portal.id, `${running.id}.csv`);
    expect(fs.existsSync(uploadFile), 'the upload is on disk after the crash').toBe(true);
    await watcher.close();
    watcher = null;

    // The next process takes the dead one's work over as it starts.
    restarted = await startTestServer({ reuse });
    await restarted.runJobs();
    const client = restarted.client();
    expect((await client.post('/api/auth/login', { portalSlug: portal.slug, email: user.email, password: PASSWORD })).status).toBe(200);
    const after = await client.get(`/api/imports/${running.id}`);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({
      status: 'failed',
      error: 'The server stopped while this file was being imported, so nothing was imported. Please upload it again.',
    });
    expect(after.body.finishedAt).not.toBeNull();
    expect((await client.get('/api/crm/contacts?limit=5')).body.items).toEqual([]);
    expect((await client.get('/api/crm/companies?limit=5')).body.items).toEqual([]);
    expect(fs.existsSync(uploadFile), 'the upload is removed').toBe(false);
    const audit = await client.get('/api/audit?limit=50');
    expect(audit.body.items.map((a: { action: string }) => a.action)).toContain('portability.import_interrupted');

    // A new import into the portal works.
    const again = await upload(client, '/api/imports/csv', 'two.csv', 'First name,Last name\nAnna,After\nBen,After\n', { entity: 'contacts' });
    expect(again.status, again.text).toBe(201);
    expect(again.body).toMatchObject({ status: 'done', report: { counts: { contacts: { imported: 2 } } } });
    expect(fs.readdirSync(path.join(reuse.dataDir, 'imports', portal.id))).toEqual([]);
  });
});
