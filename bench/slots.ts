/**
 * `npm run bench:slots`: how fast a public booking page answers its slots, as a
 * guest's browser asks for them (GET /api/public/:portal/booking/:slug/slots).
 *
 * Two cases (issue 16, item 1), each seeded through the real services (users'
 * working hours with putAvailability, events with the .ics import — the same
 * rows the app writes, recurrence, exceptions and zones included):
 *   A. a 20-host round-robin page, 30 days, 3,860 events: single events and
 *      weekly series with EXDATEs and moved occurrences, hosts in 8 zones;
 *      target p95 ≤ 50 ms.
 *   B. 100 hosts × 60 days with 6 events a day each; target p95 ≤ 150 ms.
 * Starts the real server and times the request: the first one (it builds the
 * occurrence index), then p50/p95 of BENCH_RUNS (default 40) after warm-up.
 * Beside each figure: its target, and the anchor — the pure engine time for the
 * same input, measured as bench/scheduling.ts measures the engine.
 *
 * SQLite always; PostgreSQL too when DATABASE_URL is set or with `--both`
 * (then postgres://postgres@127.0.0.1:5432/test unless DATABASE_URL says
 * otherwise), in a schema of its own that is dropped afterwards.
 * BENCH_CASES=A or B runs one case; BENCH_SCALE=0.2 shrinks hosts and events.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../src/kernel/config.js';
import { systemContext, type PortalContext } from '../src/kernel/context.js';
import { startServer, type RunningServer } from '../src/server/app.js';
import { openDatabase } from '../src/db/database.js';
import { signup } from '../src/modules/accounts/index.js';
import { busyOf, ensureDefaultCalendar, importIcs } from '../src/modules/calendar/index.js';
import { busyMinutes, personFree, putAvailability, roundRobinSlots, toWorkingHours, ZoneCache, type AvailabilityDoc } from '../src/modules/scheduling/index.js';
import { TestClient } from '../src/test/client.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const WARMUP = 5;
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const CASES = (process.env.BENCH_CASES ?? 'A,B').split(',');
const DAY_MS = 86_400_000;
const ZONES: [string, number][] = [
  ['Europe/Berlin', 1],
  ['America/New_York', -5],
  ['Asia/Kolkata', 5.5],
  ['Asia/Tokyo', 9],
  ['Australia/Sydney', 11],
  ['America/Los_Angeles', -8],
  ['Europe/London', 0],
  ['America/Sao_Paulo', -3],
];

let seed = 16;
const rnd = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

interface Case {
  name: string;
  hosts: number;
  days: number;
  target: number;
  /** The .ics file of host i, with how many events (VEVENTs that are not exceptions) it holds. */
  ics(i: number, start: number): { ics: string; events: number };
}

const pad = (n: number) => String(n).padStart(2, '0');
const utcStamp = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}00Z`;
};
/** A local wall-clock stamp: day `day` after `start` (midnight UTC) at `minute` minutes, read as local time. */
const localStamp = (start: number, day: number, minute: number) => utcStamp(start + day * DAY_MS + minute * 60_000).slice(0, -1);
const vevent = (lines: string[]) => ['BEGIN:VEVENT', ...lines, 'DTSTAMP:20260101T000000Z', 'END:VEVENT'];
const calendar = (events: string[][]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//SchedulingKit//bench//EN', ...events.flat(), 'END:VCALENDAR', ''].join('\r\n');

/** `perDay` single meetings of 15–90 minutes in the host's working day, every day, as UTC instants. */
function singles(i: number, start: number, days: number, perDay: number, count = days * perDay): string[][] {
  const offsetH = ZONES[i % ZONES.length]![1];
  const out: string[][] = [];
  for (let k = 0; k < count; k++) {
    const d = Math.floor(k / perDay) % days;
    const at = start + d * DAY_MS + (9 - offsetH) * 3_600_000 + Math.floor(rnd() * 32) * 15 * 60_000;
    const end = at + (1 + Math.floor(rnd() * 6)) * 15 * 60_000;
    out.push(vevent([`UID:s${i}-${k}@bench`, `DTSTART:${utcStamp(at)}`, `DTEND:${utcStamp(end)}`, 'SUMMARY:Meeting']));
  }
  return out;
}

const caseA: Case = {
  name: 'A: 20 hosts × 30 days, 3,860 events (round robin)',
  hosts: Math.max(1, Math.round(20 * SCALE)),
  days: 30,
  target: 50,
  ics(i, start) {
    const zone = ZONES[i % ZONES.length]![0];
    // 193 events a host (3,860 for 20): three weekly series in the host's zone, with exceptions, and 190 single meetings.
    const series = [
      // The stand-up every weekday since before the window, without end; one day off, one moved.
      [
        ...vevent([
          `UID:standup-${i}@bench`,
          `DTSTART;TZID=${zone}:${localStamp(start, -14, 9 * 60 + 30)}`,
          `DTEND;TZID=${zone}:${localStamp(start, -14, 9 * 60 + 45)}`,
          'RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
          `EXDATE;TZID=${zone}:${localStamp(start, 7 - ((new Date(start).getUTCDay() + 6) % 7), 9 * 60 + 30)}`,
          'SUMMARY:Stand-up',
        ]),
        ...vevent([
          `UID:standup-${i}@bench`,
          `RECURRENCE-ID;TZID=${zone}:${localStamp(start, 14 - ((new Date(start).getUTCDay() + 6) % 7), 9 * 60 + 30)}`,
          `DTSTART;TZID=${zone}:${localStamp(start, 14 - ((new Date(start).getUTCDay() + 6) % 7), 11 * 60)}`,
          `DTEND;TZID=${zone}:${localStamp(start, 14 - ((new Date(start).getUTCDay() + 6) % 7), 11 * 60 + 15)}`,
          'SUMMARY:Stand-up (moved)',
        ]),
      ],
      vevent([
        `UID:one-on-one-${i}@bench`,
        `DTSTART;TZID=${zone}:${localStamp(start, 1, 14 * 60)}`,
        `DTEND;TZID=${zone}:${localStamp(start, 1, 14 * 60 + 30)}`,
        'RRULE:FREQ=WEEKLY;COUNT=20',
        'SUMMARY:One-on-one',
      ]),
      vevent([
        `UID:review-${i}@bench`,
        `DTSTART;TZID=${zone}:${localStamp(start, -30, 16 * 60)}`,
        `DTEND;TZID=${zone}:${localStamp(start, -30, 17 * 60)}`,
        'RRULE:FREQ=WEEKLY;INTERVAL=2',
        'SUMMARY:Review',
      ]),
    ];
    const single = singles(i, start, 30, 7, 190);
    return { ics: calendar([...series, ...single]), events: 3 + single.length };
  },
};

const caseB: Case = {
  name: 'B: 100 hosts × 60 days, 6 events a day each (round robin)',
  hosts: Math.max(1, Math.round(100 * SCALE)),
  days: 60,
  target: 150,
  ics(i, start) {
    const single = singles(i, start, 60, 6);
    return { ics: calendar(single), events: single.length };
  },
};

/** A request, tried again once when the pooled keep-alive connection was closed by the server during a long seed. */
async function retrying<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return fn();
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

interface Seeded {
  ctx: PortalContext;
  portalSlug: string;
  pageSlug: string;
  hostIds: string[];
  docs: AvailabilityDoc[];
  events: number;
}

/** A portal with `c.hosts` hosts (working hours in their zones, events from their .ics files) and a round-robin page of all of them. */
async function seedCase(deps: RunningServer['deps'], c: Case, key: string, start: number, client: () => TestClient): Promise<Seeded> {
  const t0 = performance.now();
  seed = 16; // the same events on both databases
  const password = 'correct horse battery';
  const portalSlug = `bench-${key}`;
  const res = await signup(
    deps,
    { portalSlug, portalName: `Bench ${key}`, name: 'Bea Bench', email: `bea@${key}.bench.test`, password },
    { ip: null, userAgent: null },
  );
  const ctx = systemContext(deps, res.portal.id);
  const owner = await deps.db.selectFrom('users').selectAll().where('id', '=', res.user.id).executeTakeFirstOrThrow();
  const hostIds: string[] = [];
  const docs: AvailabilityDoc[] = [];
  let events = 0;
  const at = new Date().toISOString();
  for (let i = 0; i < c.hosts; i++) {
    // Hosts share the owner's password hash: hashing 100 passwords would only slow the seed.
    const id = randomUUID();
    const email = `host${i}@${key}.bench.test`;
    await deps.db
      .insertInto('users')
      .values({ ...owner, id, email, email_normalized: email, name: `Host ${i}`, role: 'member', created_at: at, updated_at: at, last_active_at: null })
      .execute();
    const doc: AvailabilityDoc = {
      timeZone: ZONES[i % ZONES.length]![0],
      weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
      overrides: [],
    };
    await putAvailability(ctx, id, doc);
    const cal = await ensureDefaultCalendar(ctx, id);
    const file = c.ics(i, start);
    // Each host imports into their own calendar, as they would from the app.
    const imported = await importIcs({ ...ctx, actor: { type: 'user', userId: id, role: 'member' } }, cal.id, file.ics);
    if (imported.errors.length) throw new Error(`import: ${JSON.stringify(imported.errors.slice(0, 3))}`);
    events += imported.imported;
    hostIds.push(id);
    docs.push(doc);
  }
  // The page through the API, as its owner makes it (the API takes up to 50 hosts; more are added as rows).
  const owner1 = client();
  const login = await retrying(() => owner1.post('/api/auth/login', { portalSlug, email: `bea@${key}.bench.test`, password }));
  if (login.status !== 200) throw new Error(`login: ${login.status} ${login.text}`);
  const pageSlug = 'team';
  const page = await owner1.post('/api/booking-pages', {
    slug: pageSlug,
    title: 'Talk to us',
    durationMinutes: 30,
    bufferBeforeMinutes: 5,
    bufferAfterMinutes: 5,
    minimumNoticeMinutes: 0,
    horizonDays: c.days + 5,
    slotStepMinutes: 30,
    mode: 'round_robin',
    hostIds: hostIds.slice(0, 50),
  });
  if (page.status !== 201) throw new Error(`page: ${page.status} ${page.text}`);
  if (hostIds.length > 50) {
    await deps.db
      .insertInto('booking_page_hosts')
      .values(hostIds.slice(50).map((user_id, k) => ({ portal_id: ctx.portalId, page_id: page.body.id, user_id, position: 50 + k, last_booked_at: null })))
      .execute();
  }
  console.log(`  seeded ${c.hosts} hosts, ${events.toLocaleString('en')} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { ctx, portalSlug, pageSlug, hostIds, docs, events };
}

/** The anchor: the engine alone on the same hosts, hours and busy time (fresh expansion, loaded once, not timed). */
async function engineTime(s: Seeded, from: number, to: number): Promise<{ ms: number; slots: number }> {
  const busy = new Map(
    (await busyOf(s.ctx, s.hostIds, from * 60_000 - 2 * DAY_MS, to * 60_000 + 2 * DAY_MS, { fresh: true })).map((b) => [b.userId, b.intervals]),
  );
  const hosts = s.hostIds.map((id, i) => ({ hours: s.docs[i]!, busy: (busy.get(id) ?? []).map(([startMs, endMs]) => ({ startMs, endMs })) }));
  const run = () => {
    const zones = new ZoneCache(from, to);
    const frees = hosts.map(
      (h) => personFree(zones, { hours: toWorkingHours(h.hours), busy: busyMinutes(h.busy), from, to, bufferBefore: 5, bufferAfter: 5 }).free,
    );
    return roundRobinSlots(frees, { duration: 30, step: 30, from, to, align: zones.get(s.docs[0]!.timeZone) }).length;
  };
  for (let i = 0; i < 3; i++) run();
  const times: number[] = [];
  let slots = 0;
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    slots = run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: percentile(times, 50), slots };
}

/** The busy-time read alone (through the occurrence index, as the endpoint reads it): where the rest of the time goes. */
async function busyReadTime(s: Seeded, from: number, to: number): Promise<number> {
  const read = () => busyOf(s.ctx, s.hostIds, from * 60_000 - 1.5 * DAY_MS, to * 60_000 + 1.5 * DAY_MS);
  for (let i = 0; i < 2; i++) await read();
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    await read();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return percentile(times, 50);
}

async function runDialect(dialect: 'sqlite' | 'postgres', databaseUrl: string | undefined) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skit-bench-slots-'));
  const plans = path.join(dataDir, 'plans.json');
  // One plan with team booking pages and no seat limit: the bench measures slots, not billing.
  fs.writeFileSync(
    plans,
    JSON.stringify({
      currency: 'USD',
      plans: [
        {
          id: 'free',
          name: 'Free',
          prices: { monthly: { amount: 0 }, annual: { amount: 0 } },
          limits: { seats: null, storageBytes: 1e12 },
          features: ['booking_pages_team'],
        },
      ],
    }),
  );
  let schema: string | undefined;
  if (databaseUrl) {
    schema = `bench_slots_${Date.now().toString(36)}`;
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
    PLANS_FILE: plans,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const database = openDatabase({ databaseUrl, dataDir, pgSchema: schema });
  const server = await startServer(config, { database });
  const deps = server.deps;
  const results: string[] = [];
  try {
    // Tomorrow, midnight UTC: every slot of the window is in the future.
    const start = Math.ceil(Date.now() / DAY_MS) * DAY_MS;
    for (const c of [caseA, caseB].filter((x) => CASES.includes(x.name[0]!))) {
      console.log(`\n[${dialect}] ${c.name}`);
      const seeded = await seedCase(deps, c, `${c.name[0]!.toLowerCase()}${Date.now().toString(36)}`, start, () => new TestClient(server.url));
      const from = start / 60_000;
      const to = from + c.days * 1440;
      const guest = new TestClient(server.url);
      const url = `/api/public/${seeded.portalSlug}/booking/${seeded.pageSlug}/slots?from=${new Date(from * 60_000).toISOString()}&to=${new Date(to * 60_000).toISOString()}`;
      const times: number[] = [];
      let slots = 0;
      let first = 0;
      for (let i = 0; i < RUNS + WARMUP + 1; i++) {
        const t0 = performance.now();
        const res = i === 0 ? await retrying(() => guest.get(url)) : await guest.get(url);
        const ms = performance.now() - t0;
        if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.text.slice(0, 200)}`);
        slots = res.body.slots.length;
        if (i === 0) first = ms;
        else if (i > WARMUP) times.push(ms);
      }
      times.sort((a, b) => a - b);
      const p50 = percentile(times, 50);
      const p95 = percentile(times, 95);
      const engine = await engineTime(seeded, from, to);
      const busyRead = await busyReadTime(seeded, from, to);
      if (engine.slots !== slots) console.log(`  NOTE: the engine found ${engine.slots} slots, the endpoint ${slots}`);
      const line =
        `[${dialect}] ${c.name.slice(0, 2)} ${seeded.hostIds.length} hosts × ${c.days} d, ${seeded.events.toLocaleString('en')} events, ${slots} slots: ` +
        `p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (target p95 ≤ ${c.target} ms: ${p95 <= c.target ? 'ok' : 'MISSED'}); ` +
        `first request (builds the index) ${first.toFixed(0)} ms; anchor: engine alone ${engine.ms.toFixed(1)} ms; of the rest, busy-time read ${busyRead.toFixed(1)} ms`;
      console.log(`  ${line}`);
      results.push(line);
    }
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
  return results;
}

async function main() {
  const both = process.argv.includes('--both');
  const pgUrl = process.env.DATABASE_URL ?? (both ? 'postgres://postgres@127.0.0.1:5432/test' : undefined);
  console.log(
    `SchedulingKit public slots benchmark — ${RUNS} requests per case after ${WARMUP} warm-up (Node ${process.version}; load: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')})`,
  );
  console.log('issue 16 before the occurrence index: case A p50 493 ms, p95 635 ms');
  const lines = [...(await runDialect('sqlite', undefined))];
  if (pgUrl) lines.push(...(await runDialect('postgres', pgUrl)));
  console.log('\nSummary');
  for (const l of lines) console.log(`  ${l}`);
}

await main();
