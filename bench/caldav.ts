/**
 * `npm run bench:caldav` (issue 18): CalDAV through HTTP on the real server.
 *
 * Section "server": one calendar with 10,000 events (10% weekly series), seeded with the
 * .ics import (the same rows the app writes); timed through HTTP with an app password:
 *   - PROPFIND Depth: 1 on the calendar (getetag, getcontenttype), target p95 ≤ 100 ms;
 *   - REPORT calendar-query for one month (getetag + calendar-data), target p95 ≤ 100 ms;
 *   - GET /healthz beside them as the anchor (what a request costs at all).
 * Further sections (external CalDAV sync, issue 18 item 2) are added below by their owners.
 *
 * SQLite always; PostgreSQL too with `--pg` (postgres://postgres@127.0.0.1:5432/test unless
 * DATABASE_URL says otherwise), in a schema of its own that is dropped afterwards.
 * BENCH_RUNS (default 40) requests per figure after 5 warm-up; BENCH_EVENTS (default 10000).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/kernel/config.js';
import { startServer } from '../src/server/app.js';
import { openDatabase } from '../src/db/database.js';
import { TestClient } from '../src/test/client.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const WARMUP = 5;
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const TARGET_MS = 100;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** 10,000 events over two years from 2026-01-01; every tenth a weekly series (half of them without end). */
function seedIcs(n: number): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//bench//caldav//EN'];
  const day0 = Date.UTC(2026, 0, 1);
  const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 15);
  for (let i = 0; i < n; i++) {
    const start = day0 + Math.floor((i * 730) / n) * 86_400_000 + (8 + (i % 9)) * 3_600_000;
    lines.push(
      'BEGIN:VEVENT',
      `UID:bench-${i}@caldav`,
      'DTSTAMP:20260101T000000Z',
      `DTSTART;TZID=Europe/Berlin:${stamp(start)}`,
      `DTEND;TZID=Europe/Berlin:${stamp(start + 3_600_000)}`,
      `SUMMARY:Event ${i}`,
    );
    if (i % 10 === 0) lines.push(i % 20 === 0 ? 'RRULE:FREQ=WEEKLY' : 'RRULE:FREQ=WEEKLY;COUNT=20');
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR', '');
  return lines.join('\r\n');
}

async function time(
  runs: number,
  request: () => Promise<{ status: number; text: string }>,
  expectStatus: number,
): Promise<{ p50: number; p95: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs + WARMUP; i++) {
    const t0 = performance.now();
    const res = await request();
    const ms = performance.now() - t0;
    if (res.status !== expectStatus) throw new Error(`status ${res.status}: ${res.text.slice(0, 300)}`);
    bytes = res.text.length;
    if (i >= WARMUP) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), bytes };
}

const ok = (p95: number) => (p95 <= TARGET_MS ? 'ok' : 'MISSED');

async function serverSection(dialect: string, databaseUrl: string | undefined): Promise<string[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skit-bench-caldav-'));
  let schema: string | undefined;
  if (databaseUrl) {
    schema = `bench_caldav_${Date.now().toString(36)}`;
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
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const server = await startServer(config, { database: openDatabase({ databaseUrl, dataDir, pgSchema: schema }) });
  const out: string[] = [];
  try {
    const client = new TestClient(server.url);
    const slug = `bench-${Date.now().toString(36)}`;
    const email = `owner@${slug}.test`;
    const signup = await client.post('/api/auth/signup', {
      portalSlug: slug,
      portalName: 'Bench',
      name: 'Bench Owner',
      email,
      password: 'correct horse battery',
    });
    if (signup.status !== 201) throw new Error(`signup: ${signup.status} ${signup.text}`);
    const calendarId = (await client.post('/api/calendars', { name: 'Busy' })).body.id as string;
    const t0 = performance.now();
    const imported = await client.request('POST', `/api/calendars/${calendarId}/import`, seedIcs(EVENTS), { 'content-type': 'text/calendar' });
    if (imported.status !== 200) throw new Error(`import: ${imported.status} ${imported.text.slice(0, 300)}`);
    console.log(`  [${dialect}] seeded ${imported.body.imported} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const password = (await client.post('/api/me/app-passwords', { name: 'bench' })).body.password as string;
    const auth = `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
    const userId = signup.body.user.id as string;
    const url = `${server.url}/dav/calendars/${userId}/${calendarId}/`;
    const dav = async (method: string, body: string, depth: string) => {
      const res = await fetch(url, { method, headers: { authorization: auth, depth, 'content-type': 'application/xml' }, body });
      return { status: res.status, text: await res.text() };
    };
    const propfind = `<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:getcontenttype/></d:prop></d:propfind>`;
    const query = `<?xml version="1.0"?><c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"><c:time-range start="20260601T000000Z" end="20260701T000000Z"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>`;
    const health = await time(
      RUNS,
      async () => {
        const res = await fetch(`${server.url}/healthz`);
        return { status: res.status, text: await res.text() };
      },
      200,
    );
    const pf = await time(RUNS, () => dav('PROPFIND', propfind, '1'), 207);
    const cq = await time(RUNS, () => dav('REPORT', query, '1'), 207);
    const members = (n: string) => (n.match(/<d:response>/g) ?? []).length;
    const pfMembers = members((await dav('PROPFIND', propfind, '1')).text) - 1;
    const cqMembers = members((await dav('REPORT', query, '1')).text);
    out.push(`[${dialect}] anchor GET /healthz: p50 ${health.p50.toFixed(1)} ms, p95 ${health.p95.toFixed(1)} ms`);
    out.push(
      `[${dialect}] PROPFIND depth 1, ${pfMembers.toLocaleString('en')} events (${(pf.bytes / 1e6).toFixed(1)} MB): p50 ${pf.p50.toFixed(1)} ms, p95 ${pf.p95.toFixed(1)} ms (target ≤ ${TARGET_MS} ms: ${ok(pf.p95)})`,
    );
    out.push(
      `[${dialect}] calendar-query June 2026, ${cqMembers} objects with calendar-data: p50 ${cq.p50.toFixed(1)} ms, p95 ${cq.p95.toFixed(1)} ms (target ≤ ${TARGET_MS} ms: ${ok(cq.p95)})`,
    );
    for (const l of out) console.log(`  ${l}`);
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl && schema) {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    }
  }
  return out;
}

async function main() {
  const withPg = process.argv.includes('--pg');
  const pgUrl = withPg ? (process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test') : undefined;
  console.log(
    `SchedulingKit CalDAV benchmark — ${RUNS} requests per figure after ${WARMUP} warm-up (Node ${process.version}; load: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')})`,
  );
  const lines: string[] = [];
  console.log('\nSection: CalDAV server');
  lines.push(...(await serverSection('sqlite', undefined)));
  if (pgUrl) lines.push(...(await serverSection('postgres', pgUrl)));
  console.log('\nSummary');
  for (const l of lines) console.log(`  ${l}`);
}

await main();
