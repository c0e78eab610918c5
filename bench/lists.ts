/**
 * `npm run bench:lists`: how fast lists, search and sorts stay on a big portal.
 * Seeds one portal with 1,000,000 contacts and 200,000 tasks in an SQLite file
 * (BENCH_CONTACTS / BENCH_TASKS override), starts the real server and times HTTP
 * requests: first pages, deep pages by cursor, each sort, search for common,
 * rare and phone terms, and task filters. Prints p50/p95 per scenario.
 * Target (issue 3): p95 under 50 ms on SQLite on a 2-core machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/kernel/config.js';
import { createDeps, startServer } from '../src/server/app.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { signup } from '../src/modules/accounts/index.js';
import { rnd, seedRaw } from './seed-contacts.js';
import { TestClient } from '../src/test/client.js';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const TASKS = Number(process.env.BENCH_TASKS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const dataDir = process.env.BENCH_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'skit-bench-lists-'));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', JOBS: '0' });
  const file = path.join(dataDir, 'schedulingkit.sqlite');
  const fresh = !fs.existsSync(file);

  const deps = createDeps(config);
  await migrateToLatest(deps.database);
  const slug = 'bench';
  const password = 'correct horse battery';
  if (fresh) {
    const res = await signup(
      deps,
      { portalSlug: slug, portalName: 'Bench Inc.', name: 'Bea Bench', email: 'bea@bench.test', password },
      { ip: null, userAgent: null },
    );
    await deps.database.close();
    seedRaw(file, res.portal.id, res.user.id, CONTACTS, TASKS);
  } else {
    await deps.database.close();
  }

  const server = await startServer(config);
  const client = new TestClient(server.url);
  const login = await client.post('/api/auth/login', { portalSlug: slug, email: 'bea@bench.test', password });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`);

  const scenarios: [string, () => string | Promise<string>][] = [];
  const cursorWalk = async (base: string) => {
    // Pages 2..21 of a list: each request continues from the previous cursor.
    const urls: string[] = [];
    let next: string | null = null;
    for (let i = 0; i < 21; i++) {
      const res: any = await client.get(`${base}${base.includes('?') ? '&' : '?'}limit=50${next ? `&cursor=${next}` : ''}`);
      next = res.body.nextCursor;
      if (i > 0 && next) urls.push(`${base}${base.includes('?') ? '&' : '?'}limit=50&cursor=${next}`);
    }
    let i = 0;
    return () => urls[i++ % urls.length]!;
  };
  scenarios.push(['contacts: first page (default sort)', () => '/api/crm/contacts?limit=50']);
  scenarios.push(['contacts: deep pages by cursor', await cursorWalk('/api/crm/contacts')]);
  for (const sort of ['name', '-name', 'createdAt', '-updatedAt']) scenarios.push([`contacts: sort ${sort}`, () => `/api/crm/contacts?limit=50&sort=${sort}`]);
  scenarios.push(['contacts: sort -name, deep pages', await cursorWalk('/api/crm/contacts?sort=-name')]);
  scenarios.push(['contacts: search common ("muller")', () => '/api/crm/contacts?limit=50&q=muller']);
  scenarios.push(['contacts: search rare (one email)', () => `/api/crm/contacts?limit=50&q=${encodeURIComponent(`user${Math.floor(rnd() * CONTACTS)}@`)}`]);
  scenarios.push([
    'contacts: search phone digits',
    () => `/api/crm/contacts?limit=50&q=${encodeURIComponent(`+49 30 ${1000000 + Math.floor(rnd() * CONTACTS)}`)}`,
  ]);
  scenarios.push(['tasks: first page', () => '/api/tasks?limit=50']);
  scenarios.push(['tasks: deep pages by cursor', await cursorWalk('/api/tasks')]);
  for (const sort of ['dueAt', '-priority', 'title', '-createdAt']) scenarios.push([`tasks: sort ${sort}`, () => `/api/tasks?limit=50&sort=${sort}`]);
  scenarios.push(['tasks: assignee=me, status=todo', () => '/api/tasks?limit=50&assigneeId=me&status=todo']);
  scenarios.push(['tasks: search title', () => '/api/tasks?limit=50&q=proposal']);

  console.log(
    `\nSchedulingKit list benchmark — SQLite, ${CONTACTS.toLocaleString('en')} contacts, ${TASKS.toLocaleString('en')} tasks, ${RUNS} requests per scenario\n`,
  );
  console.log(`${'scenario'.padEnd(42)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}  rows`);
  let worst = 0;
  for (const [name, url] of scenarios) {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS + 3; i++) {
      const u = await url();
      const t0 = performance.now();
      const res = await client.get(u);
      const ms = performance.now() - t0;
      if (res.status !== 200) throw new Error(`${u}: ${res.status} ${res.text.slice(0, 200)}`);
      rows = res.body.items.length;
      if (i >= 3) times.push(ms); // the first requests warm caches
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    worst = Math.max(worst, p95);
    console.log(`${name.padEnd(42)} ${percentile(times, 50).toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)}  ${rows}`);
  }
  console.log(`\nworst p95: ${worst.toFixed(1)} ms (target < 50 ms)`);
  await server.close();
  if (!process.env.BENCH_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
}

await main();
