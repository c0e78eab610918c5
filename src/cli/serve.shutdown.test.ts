import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import { cliEnvironment, SKIT_BIN } from '../test/cli-env.js';
import { TestClient } from '../test/client.js';
import { PASSWORD } from '../test/factories.js';
import { freePort, startTestServer } from '../test/harness.js';
import { newRule, ok, startReceiver } from '../modules/automations/automations.testkit.js';
import { newDeal } from '../modules/crm/crm.testkit.js';

/**
 * `skit serve` on SIGTERM with a webhook delivery in hand that would wait a minute for its
 * receiver and a request that never finishes arriving: it exits with 0 once the shutdown
 * deadline has passed, and the delivery is back in the queue for the next process.
 */

const cli = cliEnvironment('skit-shutdown-');
const DEADLINE_MS = 1500;

let child: ChildProcess | null = null;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await receiver?.close();
});

/** A socket with a request whose body never arrives: the server cannot answer it, so it is not idle. */
async function unfinishedRequest(port: number): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  socket.on('error', () => {});
  socket.write(`POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"portalSlug":`);
  return socket;
}

describe('skit serve on SIGTERM', () => {
  it('exits with 0 by the shutdown deadline and releases the job in hand for the next process', { timeout: 120_000 }, async () => {
    const env: Record<string, string> = {
      ...cli.env,
      BILLING: 'off',
      WEBHOOK_ALLOW_LOOPBACK: '1',
      WEBHOOK_TIMEOUT_MS: '60000',
      SHUTDOWN_TIMEOUT_MS: String(DEADLINE_MS),
      LOG_LEVEL: 'info',
      JOBS: '1',
    };
    const port = await freePort();
    child = spawn(process.execPath, [SKIT_BIN, 'serve', '--port', String(port)], { env });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const url = `http://127.0.0.1:${port}`;
    await expect.poll(() => out, { timeout: 60_000 }).toContain('SchedulingKit is listening');

    // A portal whose rule calls a receiver that never answers.
    const owner = new TestClient(url);
    const signup = await owner.post('/api/auth/signup', {
      portalSlug: 'shutdown',
      portalName: 'Shutdown',
      name: 'Sam',
      email: 'sam@shutdown.test',
      password: PASSWORD,
    });
    expect(signup.status, signup.text).toBe(201);
    receiver.useSecret((await ok(owner.get('/api/automations/webhook-secret'))).secret);
    receiver.reply('hang');
    await newRule(owner, { trigger: { type: 'record.created', entity: 'deal' }, actions: [{ type: 'webhook', url: receiver.url }] });
    await newDeal(owner, { title: 'Held at shutdown' });
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(1);
    const socket = await unfinishedRequest(port);

    const t0 = Date.now();
    child.kill('SIGTERM');
    const code = await new Promise((r) => child!.once('exit', r));
    const tookMs = Date.now() - t0;
    child = null;
    socket.destroy();
    expect(code, out).toBe(0);
    expect(tookMs, out).toBeGreaterThanOrEqual(DEADLINE_MS - 100);
    expect(tookMs, out).toBeLessThan(DEADLINE_MS + 3000);

    // The delivery is queued again, due now, with no owner; the process's worker is gone.
    const db = openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: env.DATA_DIR, pgSchema: env.DATABASE_SCHEMA });
    try {
      const jobs = await db.db.selectFrom('jobs').selectAll().where('kind', 'like', 'automations.%').where('status', '!=', 'done').execute();
      expect(jobs).toHaveLength(1);
      expect(jobs[0]).toMatchObject({ status: 'queued', locked_by: null, locked_until: null });
      expect(await db.db.selectFrom('job_workers').selectAll().execute()).toEqual([]);
    } finally {
      await db.close();
    }

    // The next process delivers it at once.
    const next = await startTestServer({
      reuse: { dataDir: env.DATA_DIR, pgSchema: env.DATABASE_SCHEMA },
      keepData: true,
      env: { BILLING: 'off', WEBHOOK_ALLOW_LOOPBACK: '1' },
    });
    try {
      expect(await next.runJobs()).toBeGreaterThanOrEqual(1);
      expect(receiver.received).toHaveLength(2);
      expect(receiver.received[1]!.json.id).toBe(receiver.received[0]!.json.id);
    } finally {
      await next.close();
    }
  });
});
