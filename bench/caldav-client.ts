/**
 * `npm run bench:caldav-client`: the CalDAV client against a real Radicale on
 * loopback (issue 18 benchmarks): an initial sync of an external calendar with
 * 5,000 events (target ≤ 5 s) and an unchanged re-sync (target ≤ 200 ms).
 *
 * The events (10% weekly series) are written into Radicale's storage folder
 * directly, since 5,000 PUTs through Radicale would take minutes. Radicale
 * parses and caches every item the first time it serves it; that first
 * ("cold server") sync is printed too, but the target applies to an initial
 * sync against a server that has served its calendar before, as a real one has.
 * The same two figures are then taken as users get them: "Sync now" on a CalDAV
 * connection (POST /api/calendar-connections/:id/sync) on a real server, beside
 * GET /healthz (SQLite; PostgreSQL when DATABASE_URL is set).
 * BENCH_EVENTS changes the count; BENCH_RUNS the number of timed re-syncs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/kernel/config.js';
import { openDatabase } from '../src/db/database.js';
import { startServer } from '../src/server/app.js';
import { TestClient } from '../src/test/client.js';
import { CalDavClient } from '../src/modules/connections/index.js';
import { startRadicale } from '../src/test/radicale.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const PASSWORD = 'bench-app-password';

const fmt = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

function eventFile(i: number): { file: string; ics: string } {
  const start = new Date(Date.UTC(2027, 0, 1, 8) + (i % 365) * 86_400_000 + (i % 9) * 3_600_000);
  const end = new Date(start.getTime() + 45 * 60_000);
  const uid = `bench-${i}@radicale.test`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//SchedulingKit bench//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTAMP:${fmt(start)}`,
    `DTSTART:${fmt(start)}`,
    `DTEND:${fmt(end)}`,
    `SUMMARY:Bench meeting ${i}`,
    `DESCRIPTION:Agenda for meeting ${i}\\, with notes`,
    ...(i % 10 === 0 ? ['RRULE:FREQ=WEEKLY;COUNT=20'] : []),
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ];
  return { file: `${uid}.ics`, ics: lines.join('\r\n') };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const verdict = (value: number, target: number) => (value <= target ? 'ok' : 'OVER TARGET');

async function main() {
  const radicale = await startRadicale({ bench: PASSWORD });
  try {
    const cal = await radicale.mkcalendar('bench', 'busy', { name: 'Busy' });
    radicale.seedFiles(
      'bench',
      'busy',
      Array.from({ length: EVENTS }, (_, i) => eventFile(i)),
    );
    const account = { url: radicale.url, username: 'bench', password: PASSWORD };
    const options = { allowLoopback: true, timeoutMs: 900_000, maxResponseBytes: 64 * 1024 * 1024 };

    const timed = async <T>(fn: () => Promise<T>) => {
      const t0 = performance.now();
      const value = await fn();
      return { value, ms: performance.now() - t0 };
    };

    const cold = new CalDavClient(account, options);
    const coldRun = await timed(() => cold.sync(cal));
    cold.close();

    const results: Array<[string, string, string]> = [];
    for (const method of ['auto', 'etag'] as const) {
      const client = new CalDavClient(account, options);
      const first = await timed(() => client.sync(cal, {}, { method }));
      if (first.value.changed.length !== EVENTS) throw new Error(`expected ${EVENTS} events, got ${first.value.changed.length}`);
      const requests = client.requestCount;
      const state = { token: first.value.token, ctag: first.value.ctag, etags: new Map(first.value.changed.map((e) => [e.href, e.etag])) };
      const again: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await timed(() => client.sync(cal, state, { method }));
        if (r.value.mode !== 'unchanged') throw new Error(`re-sync found changes: ${r.value.mode}`);
        again.push(r.ms);
      }
      client.close();
      const label = method === 'auto' ? 'sync-collection' : 'ctag + ETag';
      results.push([`initial sync, ${EVENTS} events (${label}, ${requests} requests)`, ms(first.ms), `≤ 5000 ms ${verdict(first.ms, 5000)}`]);
      results.push([
        `unchanged re-sync p50 / p95 of ${RUNS} (${label})`,
        `${ms(pct(again, 50))} / ${ms(pct(again, 95))}`,
        `≤ 200 ms ${verdict(pct(again, 95), 200)}`,
      ]);
    }
    // What a user calls: the connection's "Sync now" (POST /api/calendar-connections/:id/sync) on a real server.
    results.push(...(await throughHttp(account)));
    console.log(`CalDAV client against Radicale (${radicale.url}), ${EVENTS} events, 10% weekly series`);
    console.log(`  first sync against a cold server (Radicale parses every item): ${ms(coldRun.ms)} (not the target's case)`);
    const width = Math.max(...results.map((r) => r[0].length));
    for (const [what, value, target] of results) console.log(`  ${what.padEnd(width)}  ${value.padStart(18)}  ${target}`);
  } finally {
    await radicale.stop();
  }
}

/** The same syncs through the HTTP endpoint of a real server (SQLite; PostgreSQL when DATABASE_URL is set), beside /healthz. */
async function throughHttp(account: { url: string; username: string; password: string }): Promise<Array<[string, string, string]>> {
  const databaseUrl = process.env.DATABASE_URL;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skit-bench-davc-'));
  let schema: string | undefined;
  if (databaseUrl) {
    schema = `bench_davc_${Date.now().toString(36)}`;
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
  }
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    JOBS: '0',
    SIGNUP_LIMIT: '0',
    BILLING: 'off',
    WEBHOOK_ALLOW_LOOPBACK: '1',
    CALENDAR_FETCH_TIMEOUT_MS: '120000',
    CALENDAR_MAX_BYTES: String(64 * 1024 * 1024),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const server = await startServer(config, { database: openDatabase({ databaseUrl, dataDir, pgSchema: schema }) });
  try {
    const slug = `bench-${Date.now().toString(36)}`;
    const owner = new TestClient(server.url);
    const signup = await owner.post('/api/auth/signup', {
      portalSlug: slug,
      portalName: 'Bench',
      name: 'Bea Bench',
      email: `bea@${slug}.test`,
      password: 'correct horse battery',
    });
    if (signup.status !== 201) throw new Error(signup.text);
    const created = await owner.post('/api/calendar-connections', { kind: 'caldav', url: account.url, username: account.username, password: account.password });
    if (created.status !== 201) throw new Error(created.text);
    const sync = async () => {
      const t0 = performance.now();
      const res = await owner.post(`/api/calendar-connections/${created.body.id}/sync`, {});
      if (res.status !== 200 || res.body.status !== 'ok') throw new Error(res.text);
      return { ms: performance.now() - t0, body: res.body };
    };
    const first = await sync();
    const again: number[] = [];
    const healthz: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      again.push((await sync()).ms);
      const t0 = performance.now();
      await owner.get('/healthz');
      healthz.push(performance.now() - t0);
    }
    const dialect = databaseUrl ? 'postgres' : 'sqlite';
    return [
      [`[${dialect}] HTTP "Sync now", first sync (${first.body.eventCount} events stored)`, ms(first.ms), `≤ 5000 ms ${verdict(first.ms, 5000)}`],
      [
        `[${dialect}] HTTP "Sync now", unchanged, p50 / p95 of ${RUNS}`,
        `${ms(pct(again, 50))} / ${ms(pct(again, 95))}`,
        `≤ 200 ms ${verdict(pct(again, 95), 200)}`,
      ],
      [`[${dialect}] anchor: GET /healthz p50 / p95`, `${ms(pct(healthz, 50))} / ${ms(pct(healthz, 95))}`, ''],
    ];
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
