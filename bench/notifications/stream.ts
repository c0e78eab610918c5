/**
 * The live stream's part of `npm run bench:notifications` (issue 19): BENCH_STREAMS (1,000)
 * users of one portal each hold an open GET /api/stream on a real server running in a
 * child process. Measures the server's extra RSS for the open streams (after a GC, before
 * and after) and how long a change takes from before its API request until each stream
 * has it (BENCH_STREAM_CHANGES changes, 5; p50/p95/max over every delivery).
 * Targets: extra RSS ≤ 150 MB, fan-out p95 ≤ 500 ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const HERE = fileURLToPath(import.meta.url);
const STREAMS = Number(process.env.BENCH_STREAMS ?? 1000);
const CHANGES = Number(process.env.BENCH_STREAM_CHANGES ?? 5);
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Child: the server under measurement; answers `rss` with its resident set after a GC. */
async function serve(): Promise<void> {
  const { loadConfig } = await import('../../src/kernel/config.js');
  const { startServer } = await import('../../src/server/app.js');
  const config = loadConfig({
    DATA_DIR: process.env.BENCH_DATA_DIR!,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    JOBS: '0',
    SIGNUP_LIMIT: '0',
    ...(process.env.BENCH_SCHEMA ? { DATABASE_URL: PG_URL, DATABASE_SCHEMA: process.env.BENCH_SCHEMA } : {}),
  });
  const server = await startServer(config);
  const address = server.app.server.address();
  process.on('message', (m) => {
    if (m !== 'rss') return;
    for (let i = 0; i < 3; i++) (globalThis as { gc?: () => void }).gc?.();
    process.send!({ rss: process.memoryUsage().rss });
  });
  process.once('SIGINT', () => void server.close().then(() => process.exit(0)));
  process.send!({ port: typeof address === 'object' && address ? address.port : 0 });
}

function startChild(env: Record<string, string>): Promise<{ port: number; proc: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const proc = fork(HERE, ['--live-server'], {
      env: { ...process.env, ...env },
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    proc.once('message', (m: { port: number }) => resolve({ port: m.port, proc }));
  });
}

const rssOf = (proc: ChildProcess) =>
  new Promise<number>((resolve) => {
    const on = (m: { rss?: number }) => {
      if (typeof m?.rss !== 'number') return;
      proc.off('message', on);
      resolve(m.rss);
    };
    proc.on('message', on);
    proc.send('rss');
  });

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

interface Held {
  /** When this stream received the change of each record id. */
  received: Map<string, number>;
  ready: Promise<void>;
  close(): void;
}

/** One stream on its own HTTP connection (like one browser tab); notes when each change arrives. */
function hold(port: number, cookie: string, agent: http.Agent): Held {
  const received = new Map<string, number>();
  let buffer = '';
  let readyResolve!: () => void;
  const ready = new Promise<void>((r) => (readyResolve = r));
  const req = http.get({ host: '127.0.0.1', port, path: '/api/stream', headers: { cookie, accept: 'text/event-stream' }, agent }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      const at = performance.now();
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (frame.includes('event: ready')) readyResolve();
        const id = /"id":"([^"]+)"/.exec(frame)?.[1];
        if (id && frame.includes('event: change')) received.set(id, at);
      }
    });
  });
  req.on('error', () => undefined);
  return { received, ready, close: () => req.destroy() };
}

async function post(port: number, cookie: string, pathName: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`http://127.0.0.1:${port}${pathName}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

export async function bench(opts: { pg: boolean }): Promise<string[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skit-bench-stream-'));
  const schema = opts.pg ? `bench_stream_${randomBytes(4).toString('hex')}` : undefined;
  if (schema) {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
  }
  const child = await startChild({ BENCH_DATA_DIR: dataDir, ...(schema ? { BENCH_SCHEMA: schema } : {}) });
  const { openDatabase } = await import('../../src/db/database.js');
  const { hashSecret } = await import('../../src/modules/accounts/index.js');
  const database = openDatabase({ databaseUrl: schema ? PG_URL : undefined, dataDir, pgSchema: schema });
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const streams: Held[] = [];
  try {
    // The portal and its owner through the API; the other users and their sessions as rows (no password hashing per user).
    const signup = await fetch(`http://127.0.0.1:${child.port}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ portalSlug: 'bench-live', portalName: 'Bench', name: 'Owner', email: 'owner@bench.test', password: 'correct horse battery' }),
    });
    const ownerCookie = signup.headers.getSetCookie()[0]!.split(';')[0]!;
    const { portal } = (await signup.json()) as { portal: { id: string } };
    const now = new Date().toISOString();
    const expires = new Date(Date.now() + 86_400_000).toISOString();
    const cookies: string[] = [];
    for (let i = 0; i < STREAMS; i += 200) {
      const users = [];
      const sessions = [];
      for (let j = i; j < Math.min(STREAMS, i + 200); j++) {
        const id = randomUUID();
        const token = randomBytes(24).toString('base64url');
        cookies.push(`skit_session=${token}`);
        users.push({
          id,
          portal_id: portal.id,
          email: `u${j}@bench.test`,
          email_normalized: `u${j}@bench.test`,
          name: `User ${j}`,
          password_hash: 'x',
          role: 'member' as const,
          status: 'active' as const,
          created_at: now,
          updated_at: now,
          last_active_at: null,
          deactivated_at: null,
        });
        sessions.push({
          id: hashSecret(token),
          portal_id: portal.id,
          user_id: id,
          created_at: now,
          expires_at: expires,
          last_seen_at: now,
          ip: null,
          user_agent: null,
        });
      }
      await database.db.insertInto('users').values(users).execute();
      await database.db.insertInto('sessions').values(sessions).execute();
    }

    // Warm the stream path once, then the baseline.
    const warm = hold(child.port, ownerCookie, agent);
    await warm.ready;
    warm.close();
    const before = await rssOf(child.proc);
    for (const cookie of cookies) streams.push(hold(child.port, cookie, agent));
    await Promise.all(streams.map((s) => s.ready));
    const after = await rssOf(child.proc);

    const latencies: number[] = [];
    // Round 0 warms the path up (JIT, prepared statements) and is not counted.
    for (let round = 0; round <= CHANGES; round++) {
      const t0 = performance.now();
      const res = await post(child.port, ownerCookie, '/api/crm/contacts', { firstName: `Fanout ${round}`, lastName: 'Bench' });
      if (res.status !== 201) throw new Error(`contact: ${res.status} ${JSON.stringify(res.json)}`);
      const id = res.json.id as string;
      const deadline = Date.now() + 30_000;
      while (streams.some((s) => !s.received.has(id))) {
        if (Date.now() > deadline) throw new Error('fan-out did not finish within 30 s');
        await new Promise((r) => setTimeout(r, 5));
      }
      if (round > 0) for (const s of streams) latencies.push(s.received.get(id)! - t0);
    }
    latencies.sort((a, b) => a - b);
    const extra = after - before;
    const db = opts.pg ? 'PostgreSQL' : 'SQLite';
    return [
      `stream (${db}): ${STREAMS} open streams: extra RSS ${mb(extra)} MB (target ≤ 150 MB) ${extra <= 150 * 1024 * 1024 ? 'ok' : 'MISSED'}; server RSS ${mb(before)} → ${mb(after)} MB`,
      `stream (${db}): a change to ${STREAMS} streams, ${CHANGES} changes: p50 ${pct(latencies, 50).toFixed(0)} ms, p95 ${pct(latencies, 95).toFixed(0)} ms (target ≤ 500 ms) ${pct(latencies, 95) <= 500 ? 'ok' : 'MISSED'}, max ${latencies.at(-1)!.toFixed(0)} ms`,
    ];
  } finally {
    for (const s of streams) s.close();
    agent.destroy();
    await database.close();
    await new Promise<void>((done) => {
      child.proc.removeAllListeners('exit');
      child.proc.once('exit', () => done());
      child.proc.kill('SIGINT');
      setTimeout(() => child.proc.kill('SIGKILL'), 5000).unref();
    });
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (schema) {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    }
  }
}

if (process.argv.includes('--live-server')) void serve();
