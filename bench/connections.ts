/**
 * `npm run bench:connections`: connected calendars (issue 18, item 2).
 *
 *   1. find-a-time for 10 attendees, each with a connected iCalendar
 *      subscription of 2,000 events (single events and weekly series), against
 *      the same query before the calendars were connected: target ≤ 2×.
 *   2. The initial sync of one such subscription, and an unchanged re-sync
 *      (the feed answers 304 to If-None-Match).
 * Everything goes through HTTP on a real server (SQLite; PostgreSQL when
 * DATABASE_URL is set, in a schema of its own), the feeds from a loopback HTTP
 * server (WEBHOOK_ALLOW_LOOPBACK=1). BENCH_RUNS (default 30) timed queries
 * after 3 warm-up ones; prints p50/p95.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { loadConfig } from '../src/kernel/config.js';
import { openDatabase } from '../src/db/database.js';
import { startServer } from '../src/server/app.js';
import { TestClient } from '../src/test/client.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const ATTENDEES = 10;
const EVENTS = 2000;
const DAY_MS = 86_400_000;
const PASSWORD = 'correct horse battery';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const stamp = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** 2,000 events in the next 120 days: 1,900 single 30–90-minute events in working hours and 100 weekly series. */
function feedOf(user: number, start: number): string {
  let seed = user + 1;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//bench//EN'];
  for (let i = 0; i < EVENTS; i++) {
    const day = Math.floor(rnd() * 120);
    const at = start + day * DAY_MS + (7 + Math.floor(rnd() * 10)) * 3_600_000 + (rnd() < 0.5 ? 0 : 1_800_000);
    const length = (1 + Math.floor(rnd() * 3)) * 1_800_000;
    lines.push(
      'BEGIN:VEVENT',
      `UID:u${user}-e${i}@bench`,
      `DTSTAMP:${stamp(start)}`,
      `SUMMARY:Busy ${i}`,
      `DTSTART:${stamp(at)}`,
      `DTEND:${stamp(at + length)}`,
    );
    if (i % 20 === 0) lines.push('RRULE:FREQ=WEEKLY;COUNT=10');
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR', '');
  return lines.join('\r\n');
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skit-bench-conn-'));
  let schema: string | undefined;
  if (databaseUrl) {
    schema = `bench_conn_${Date.now().toString(36)}`;
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
  }
  const start = Math.ceil(Date.now() / DAY_MS) * DAY_MS;
  const feeds = Array.from({ length: ATTENDEES }, (_, i) => feedOf(i, start));
  let served = 0;
  const feedServer = http.createServer((req, res) => {
    const i = Number(/^\/u(\d+)\.ics$/.exec(req.url ?? '')?.[1]);
    const etag = `"u${i}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    served++;
    res.writeHead(200, { 'content-type': 'text/calendar', etag }).end(feeds[i]);
  });
  await new Promise<void>((r) => feedServer.listen(0, '127.0.0.1', r));
  const feedBase = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}`;

  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    JOBS: '0',
    SIGNUP_LIMIT: '0',
    BILLING: 'off',
    WEBHOOK_ALLOW_LOOPBACK: '1',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const server = await startServer(config, { database: openDatabase({ databaseUrl, dataDir, pgSchema: schema }) });
  const deps = server.deps;
  try {
    const slug = `bench-${Date.now().toString(36)}`;
    const owner = new TestClient(server.url);
    const signup = await owner.post('/api/auth/signup', {
      portalSlug: slug,
      portalName: 'Bench',
      name: 'Bea Bench',
      email: `bea@${slug}.test`,
      password: PASSWORD,
    });
    if (signup.status !== 201) throw new Error(signup.text);
    const ownerRow = await deps.db.selectFrom('users').selectAll().where('id', '=', signup.body.user.id).executeTakeFirstOrThrow();
    const people: { id: string; client: TestClient }[] = [];
    const at = new Date().toISOString();
    for (let i = 0; i < ATTENDEES; i++) {
      // The attendees share the owner's password hash: hashing ten passwords would only slow the seed.
      const id = randomUUID();
      const email = `p${i}@${slug}.test`;
      await deps.db
        .insertInto('users')
        .values({ ...ownerRow, id, email, email_normalized: email, name: `Person ${i}`, role: 'member', created_at: at, updated_at: at, last_active_at: null })
        .execute();
      const client = new TestClient(server.url);
      const login = await client.post('/api/auth/login', { portalSlug: slug, email, password: PASSWORD });
      if (login.status !== 200) throw new Error(login.text);
      const weekly = [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' }));
      await client.put('/api/me/availability', { timeZone: 'UTC', weekly, overrides: [] });
      people.push({ id, client });
    }
    const query = {
      attendeeIds: people.map((p) => p.id),
      durationMinutes: 30,
      limit: 20,
      from: new Date(start).toISOString(),
      to: new Date(start + 14 * DAY_MS).toISOString(),
    };
    const timeFind = async () => {
      const times: number[] = [];
      for (let i = 0; i < RUNS + 3; i++) {
        const t = performance.now();
        const res = await owner.post('/api/scheduling/find-times', query);
        if (res.status !== 200) throw new Error(res.text);
        if (i >= 3) times.push(performance.now() - t);
      }
      return times;
    };
    const dialect = databaseUrl ? 'postgres' : 'sqlite';
    const before = await timeFind();

    const syncs: number[] = [];
    const resyncs: number[] = [];
    for (const [i, p] of people.entries()) {
      const created = await p.client.post('/api/calendar-connections', { kind: 'ics', url: `${feedBase}/u${i}.ics` });
      if (created.status !== 201) throw new Error(created.text);
      let t = performance.now();
      const first = await p.client.post(`/api/calendar-connections/${created.body.id}/sync`, {});
      syncs.push(performance.now() - t);
      if (first.body.status !== 'ok') throw new Error(JSON.stringify(first.body));
      t = performance.now();
      const again = await p.client.post(`/api/calendar-connections/${created.body.id}/sync`, {});
      resyncs.push(performance.now() - t);
      if (again.body.changed !== false) throw new Error('the unchanged re-sync wrote again');
    }
    const occurrences = Number(
      (
        await deps.db
          .selectFrom('external_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const after = await timeFind();
    const ratio = pct(after, 50) / pct(before, 50);
    const f = (n: number) => `${n.toFixed(1)} ms`;
    console.log(`[${dialect}] ${ATTENDEES} attendees × ${EVENTS} events each (${occurrences} stored occurrences), find-a-time over 14 days, ${RUNS} runs`);
    console.log(`  find-a-time without connected calendars: p50 ${f(pct(before, 50))}, p95 ${f(pct(before, 95))}`);
    console.log(`  find-a-time with connected calendars:    p50 ${f(pct(after, 50))}, p95 ${f(pct(after, 95))}`);
    console.log(`  ratio (p50): ${ratio.toFixed(2)}× (target ≤ 2×) ${ratio <= 2 ? 'OK' : 'OVER'}`);
    console.log(`  initial sync of a 2,000-event subscription: p50 ${f(pct(syncs, 50))}, max ${f(Math.max(...syncs))}`);
    console.log(`  unchanged re-sync (304):                    p50 ${f(pct(resyncs, 50))}, max ${f(Math.max(...resyncs))} (feeds served in full: ${served})`);
  } finally {
    await server.close();
    feedServer.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl && schema) {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    }
  }
}

await main();
