import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../kernel/config.js';
import { startServer, type RunningServer } from '../server/app.js';
import { OffsetClock } from '../kernel/clock.js';
import { openDatabase } from '../db/database.js';
import { TestClient } from './client.js';

export interface TestServer extends RunningServer {
  clock: OffsetClock;
  dataDir: string;
  /** Runs every due background job now (the runner does not poll in tests). */
  runJobs(): Promise<number>;
  client(): TestClient;
}

/** A loopback port that was free a moment ago (for a server a test starts as its own process). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A PostgreSQL schema of its own for one test server, dropped on close. */
async function createPgSchema(url: string): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  return { schema, drop: () => dropPgSchema(url, schema) };
}

async function dropPgSchema(url: string, schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`drop schema if exists ${schema} cascade`);
  await c.end();
}

export interface TestServerOptions {
  env?: Record<string, string>;
  /** Open the data directory / schema an earlier server kept (restart tests). */
  reuse?: { dataDir: string; pgSchema?: string };
  /** Leave the data directory / schema in place on close, for a restart. */
  keepData?: boolean;
  /** Poll for jobs in the background like production does. */
  jobs?: boolean;
  /** SQLite even when DATABASE_URL is set (moving an install from SQLite to PostgreSQL). */
  sqlite?: boolean;
}

/**
 * A real server on a free loopback port with its own database: a temp SQLite
 * file, or a fresh schema when DATABASE_URL points at PostgreSQL.
 */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer & { pgSchema?: string }> {
  const port = await freePort();
  const dataDir = opts.reuse?.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'skit-test-'));
  const databaseUrl = opts.sqlite ? undefined : process.env.DATABASE_URL;
  const pgSchema = databaseUrl
    ? opts.reuse?.pgSchema
      ? { schema: opts.reuse.pgSchema, drop: () => dropPgSchema(databaseUrl, opts.reuse!.pgSchema!) }
      : await createPgSchema(databaseUrl)
    : null;
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    BASE_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'silent',
    JOBS: opts.jobs ? '1' : '0',
    // Every test portal signs up from 127.0.0.1; the limit has its own test.
    SIGNUP_LIMIT: '0',
    // A wrong password to one account costs tests no seconds; the sign-in throttle tests set their own wait.
    LOGIN_DELAY_MAX_MS: '100',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...opts.env,
  });
  const clock = new OffsetClock();
  const database = openDatabase({ databaseUrl: config.DATABASE_URL, dataDir, pgSchema: pgSchema?.schema });
  const server = await startServer(config, { database, clock, log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }) });
  const close = server.close.bind(server);
  return {
    ...server,
    clock,
    dataDir,
    pgSchema: pgSchema?.schema,
    runJobs: () => server.runner.runDue(),
    client: () => new TestClient(server.url),
    async close() {
      // A test that left a response unread (or a keep-alive socket open) must not hold the shutdown.
      server.app.server.closeAllConnections();
      await close();
      if (!opts.keepData) {
        await pgSchema?.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
