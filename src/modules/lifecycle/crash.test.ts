import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/database.js';
import { TestClient } from '../../test/client.js';
import { PASSWORD, signupPortal } from '../../test/factories.js';
import { freePort, startTestServer, type TestServer } from '../../test/harness.js';
import { upload } from '../drive/drive.testkit.js';
import { rowsOfPortal } from './deletion.testkit.js';

/**
 * Crash safety of portal deletion (LIF-5): a real `skit serve` process is
 * killed with SIGKILL in the middle of the erase; a new process finishes it.
 * Afterwards nothing of the portal is left, the other portal is whole, and
 * exactly one receipt went out.
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BULK_ROWS = 30_000;
const BULK_FILES = 3000;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

let child: ChildProcess | null = null;
let restarted: TestServer | null = null;
let watcher: Database | null = null;
afterAll(async () => {
  child?.kill('SIGKILL');
  await watcher?.close();
  await restarted?.close();
});

describe('a crash in the middle of deleting a portal', () => {
  it('is finished by the next process: complete, consistent, one receipt', { timeout: 120_000 }, async () => {
    // 1. Two portals, the doomed one big enough that erasing it takes a while.
    const first = await startTestServer({ keepData: true });
    const reuse = { dataDir: first.dataDir, pgSchema: first.pgSchema };
    const doomed = await signupPortal(first);
    const kept = await signupPortal(first);
    for (const p of [doomed, kept]) {
      expect((await p.client.post('/api/crm/companies', { name: `Company of ${p.portal.slug}` })).status).toBe(201);
      await upload(p.client, 'notes.txt', `notes of ${p.portal.slug}`);
    }
    const at = new Date().toISOString();
    const bulk = Array.from({ length: BULK_ROWS }, (_, i) => ({
      id: randomUUID(),
      portal_id: doomed.portal.id,
      actor_type: 'system' as const,
      actor_id: null,
      action: 'test.bulk',
      target_type: null,
      target_id: String(i),
      ip: null,
      user_agent: null,
      details: null,
      created_at: at,
    }));
    for (let i = 0; i < bulk.length; i += 1000)
      await first.deps.db
        .insertInto('audit_log')
        .values(bulk.slice(i, i + 1000))
        .execute();
    const bulkDir = path.join(first.dataDir, 'files', doomed.portal.id);
    for (let i = 0; i < BULK_FILES; i++) fs.writeFileSync(path.join(bulkDir, randomUUID()), `bulk ${i}`);
    const keptRows = await rowsOfPortal(first, kept.portal.id);
    await first.close();

    // 2. A real server process on the same data.
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

    // 3. The owner deletes; the process is killed as soon as the erase has made progress.
    const owner = new TestClient(url);
    const login = await owner.post('/api/auth/login', { portalSlug: doomed.portal.slug, email: doomed.user.email, password: PASSWORD });
    expect(login.status, login.text).toBe(200);
    const del = await owner.post('/api/portal/delete', { password: PASSWORD, confirmSlug: doomed.portal.slug });
    expect(del.status, del.text).toBe(202);
    watcher = openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: reuse.dataDir, pgSchema: reuse.pgSchema });
    const progress = () => watcher!.db.selectFrom('portal_deletions').selectAll().where('reference', '=', del.body.reference).executeTakeFirst();
    const midway = await waitFor(
      'the erase to start',
      async () => {
        const d = await progress();
        return d && Number(d.rows_erased) > 0 ? d : undefined;
      },
      30_000,
      2,
    );
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    child = null;
    const atKill = (await progress())!;
    expect(atKill.status, 'the process was killed before the erase finished').toBe('erasing');
    expect(Number(midway.rows_erased)).toBeGreaterThan(0);
    await watcher.close();
    watcher = null;

    // 4. A new process takes the dead one's job over as it starts, without waiting out the
    // 5-minute lease (its worker's pid is gone), and finishes the erase.
    const killedAt = Date.now();
    restarted = await startTestServer({ reuse });
    expect(await restarted.runJobs()).toBeGreaterThanOrEqual(1);
    expect(Date.now() - killedAt, 'taken over at once, not after the lease').toBeLessThan(60_000);

    const done = await restarted.deps.db.selectFrom('portal_deletions').selectAll().where('reference', '=', del.body.reference).executeTakeFirstOrThrow();
    expect(done).toMatchObject({ status: 'completed', target_portal_id: null });
    expect(Number(done.rows_erased)).toBeGreaterThan(BULK_ROWS);
    expect(Number(done.files_erased)).toBe(BULK_FILES + 1);
    expect(await rowsOfPortal(restarted, doomed.portal.id)).toEqual({});
    expect(fs.existsSync(path.join(reuse.dataDir, 'files', doomed.portal.id))).toBe(false);
    expect(await restarted.deps.db.selectFrom('portals').select('id').where('id', '=', doomed.portal.id).execute()).toEqual([]);
    const receipts = await restarted.deps.db
      .selectFrom('mail_outbox')
      .select('subject')
      .where('to_address', '=', doomed.user.email)
      .where('subject', 'like', '%deleted%')
      .execute();
    expect(receipts).toHaveLength(1);

    // The other portal: every row it had, and it still works.
    const keptNow = await rowsOfPortal(restarted, kept.portal.id);
    for (const [table, n] of Object.entries(keptRows)) if (!['sessions', 'jobs'].includes(table)) expect(keptNow[table], table).toBe(n);
    const again = restarted.client();
    expect((await again.post('/api/auth/login', { portalSlug: kept.portal.slug, email: kept.user.email, password: PASSWORD })).status).toBe(200);
    expect((await again.get('/api/crm/companies')).body.items.map((c: { name: string }) => c.name)).toEqual([`Company of ${kept.portal.slug}`]);
  });
});
