/**
 * The inbox list with 100,000 notifications (issue 19: p95 ≤ 20 ms). One portal, one
 * user holding 100,000 notifications (inserted in bulk: a mix of kinds, half read, a
 * tenth about events on a shared calendar, so the visibility check runs), the real server
 * over HTTP with the user's session cookie: GET /api/notifications (first page, the
 * unread filter and a deep page by cursor) ≥ 200 times each, beside GET /healthz in the
 * same run. Called by bench/notifications.ts (`npm run bench:notifications`); standalone:
 * `node --import tsx bench/notifications/inbox.ts [--pg]`.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { startTestServer } from '../../src/test/harness.js';
import { NOTIFICATION_KINDS } from '../../src/kernel/notify.js';
import { portalScope } from '../../src/db/scope.js';

const COUNT = Number(process.env.BENCH_NOTIFICATIONS ?? 100_000);
const RUNS = Math.max(200, Number(process.env.BENCH_RUNS ?? 200));
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function bench(opts: { pg: boolean }): Promise<string[]> {
  const savedUrl = process.env.DATABASE_URL;
  if (opts.pg) process.env.DATABASE_URL = PG_URL;
  const server = await startTestServer({ sqlite: !opts.pg });
  // Put back what was there: assigning undefined to process.env would store the string 'undefined'.
  if (opts.pg && savedUrl === undefined) delete process.env.DATABASE_URL;
  else if (opts.pg) process.env.DATABASE_URL = savedUrl;
  try {
    const client = server.client();
    const signup = await client.post('/api/auth/signup', {
      portalSlug: `bench-inbox-${Date.now().toString(36)}`,
      portalName: 'Inbox Bench',
      name: 'Bea Bench',
      email: 'bea@bench.test',
      password: 'correct horse battery',
    });
    if (signup.status !== 201) throw new Error(`signup failed: ${signup.status} ${signup.text}`);
    const portalId: string = signup.body.portal.id;
    const userId: string = signup.body.user.id;
    const calendar = await client.post('/api/calendars', { name: 'Team', kind: 'shared' });
    if (calendar.status !== 201) throw new Error(`calendar failed: ${calendar.text}`);

    const s = portalScope(server.deps.db, portalId);
    const start = Date.now() - COUNT * 60_000;
    const t0 = performance.now();
    const CHUNK = 1000;
    for (let i = 0; i < COUNT; i += CHUNK) {
      const rows = [];
      for (let j = i; j < Math.min(COUNT, i + CHUNK); j++) {
        const at = new Date(start + j * 60_000).toISOString();
        const event = j % 10 === 0;
        rows.push({
          id: randomUUID(),
          user_id: userId,
          kind: event ? 'event.reminder' : NOTIFICATION_KINDS[j % NOTIFICATION_KINDS.length]!,
          title: `Notification ${j}`,
          body: `Something happened (${j}).`,
          url: `/app/tasks/${j}`,
          subject_entity: event ? 'event' : 'task',
          subject_id: String(j),
          subject_calendar_id: event ? (calendar.body.id as string) : null,
          dedupe_key: null,
          in_app: 1,
          email_state: 'mailed' as const,
          emailed_at: at,
          created_at: at,
          read_at: j % 2 === 0 ? at : null,
        });
      }
      await s.insertInto('notifications', rows).execute();
    }
    const seedMs = performance.now() - t0;

    const time = async (path: string) => {
      const ms: number[] = [];
      for (let i = 0; i < 10; i++) await client.get(path); // warm up
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        const res = await client.get(path);
        ms.push(performance.now() - t);
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text.slice(0, 200)}`);
      }
      return ms.sort((a, b) => a - b);
    };
    const deep = (await client.get('/api/notifications?limit=200')).body.nextCursor as string;
    const scenarios: [string, string][] = [
      ['healthz (anchor)', '/healthz'],
      ['inbox first page (50)', '/api/notifications'],
      ['inbox unread only', '/api/notifications?unread=1'],
      ['inbox by kind', '/api/notifications?kind=event.reminder'],
      ['inbox page after a cursor', `/api/notifications?cursor=${deep}`],
    ];
    const dialect = opts.pg ? 'PostgreSQL' : 'SQLite';
    const lines = [`inbox (${dialect}): ${COUNT.toLocaleString('en')} notifications seeded in ${(seedMs / 1000).toFixed(1)} s; ${RUNS} requests each`];
    for (const [name, path] of scenarios) {
      const ms = await time(path);
      const p95 = percentile(ms, 95);
      const target = path.startsWith('/api/') ? (p95 <= 20 ? '  ok (≤ 20 ms)' : '  OVER 20 ms') : '';
      lines.push(`  ${name.padEnd(28)} p50 ${percentile(ms, 50).toFixed(1).padStart(6)} ms   p95 ${p95.toFixed(1).padStart(6)} ms${target}`);
    }
    return lines;
  } finally {
    await server.close();
  }
}

// Standalone, while the bench:notifications runner is not there.
if (import.meta.url === `file://${process.argv[1]}`) {
  const lines = await bench({ pg: process.argv.includes('--pg') });
  for (const l of lines) console.log(l);
}
