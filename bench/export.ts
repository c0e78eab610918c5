/**
 * `npm run bench:export`: how fast "export everything" and its import are on a big
 * portal, and how much memory they take. Seeds one portal in an SQLite file with
 * 1,000,000 contacts, 200,000 tasks, 100,000 events and 1 GB of files (BENCH_CONTACTS,
 * BENCH_TASKS, BENCH_EVENTS, BENCH_FILES × BENCH_FILE_BYTES override), then, each in a
 * process of its own so that its peak RSS is its own:
 *   1. exports the portal to a ZIP (writeExport, as the export job does);
 *   2. dumps the same tables to CSV with the `sqlite3` shell, when it is installed;
 *   3. imports the ZIP into a new, empty portal (importArchive, as the import job does).
 * Prints rows/s and MB/s for each, and the peak RSS. Targets (issue 6): the export's
 * tables at least half the sqlite3 shell's speed; peak RSS under 200 MB whatever the size.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { loadConfig } from '../src/kernel/config.js';
import { createDeps } from '../src/server/app.js';
import { systemClock } from '../src/kernel/clock.js';
import { openDatabase } from '../src/db/database.js';
import { JobQueue } from '../src/kernel/jobs/queue.js';
import { createMailTransport } from '../src/kernel/mail-transport.js';
import { systemContext, type AppDeps, type PortalContext } from '../src/kernel/context.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { signup } from '../src/modules/accounts/index.js';
import { importArchive, seedRaw, writeExport } from '../src/modules/portability/index.js';
import { PORTAL_SIZES } from './portal-sizes.js';

const { contacts: CONTACTS, tasks: TASKS, events: EVENTS, files: FILES, fileBytes: FILE_BYTES } = PORTAL_SIZES;
const MB = 1024 * 1024;
const PASSWORD = 'correct horse battery';

const self = new URL(import.meta.url).pathname;
const config = (dataDir: string) => loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', JOBS: '0' });
const maxRssBytes = () => process.resourceUsage().maxRSS * 1024;
const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function signupPortal(dataDir: string, slug: string) {
  const deps = createDeps(config(dataDir));
  await migrateToLatest(deps.database);
  const res = await signup(
    deps,
    { portalSlug: slug, portalName: slug, name: 'Bea Bench', email: `bea@${slug}.test`, password: PASSWORD },
    { ip: null, userAgent: null },
  );
  await deps.database.close();
  return res;
}

/**
 * What an export or import needs, without the HTTP server (as `skit export` runs
 * beside a running server): the database, the clock, a quiet logger.
 */
function phaseDeps(dataDir: string): AppDeps {
  const database = openDatabase({ dataDir });
  return {
    config: config(dataDir),
    database,
    db: database.db,
    clock: systemClock,
    log: pino({ level: 'silent' }),
    jobs: new JobQueue(database.dialect, systemClock),
    mail: createMailTransport(undefined),
  };
}

/** Phase 1, in its own process: the export. */
async function exportPhase(dataDir: string, portalId: string, out: string) {
  const deps = phaseDeps(dataDir);
  const stages: Record<string, number> = {};
  const t0 = performance.now();
  const manifest = await writeExport(systemContext(deps, portalId), fs.createWriteStream(out), new Date(), undefined, (name, s) => (stages[name] = s));
  const seconds = (performance.now() - t0) / 1000;
  await deps.database.close();
  const rows = Object.entries(manifest.counts)
    .filter(([k]) => k !== 'files' && k !== 'automations')
    .reduce((a, [, n]) => a + n, 0);
  const tableBytes = manifest.files.filter((f) => f.path.endsWith('.csv')).reduce((a, f) => a + f.bytes, 0);
  const fileBytes = manifest.files.filter((f) => f.path.startsWith('files/') || f.path.startsWith('trash/')).reduce((a, f) => a + f.bytes, 0);
  const allBytes = manifest.files.reduce((a, f) => a + f.bytes, 0);
  console.log(JSON.stringify({ seconds, stages, rows, tableBytes, fileBytes, allBytes, zipBytes: fs.statSync(out).size, maxRss: maxRssBytes() }));
}

/** Phase 3, in its own process: the import into an empty portal. */
async function importPhase(dataDir: string, portalId: string, userId: string, file: string) {
  const deps = phaseDeps(dataDir);
  const ctx: PortalContext = { ...systemContext(deps, portalId), actor: { type: 'user', userId, role: 'owner' } };
  const t0 = performance.now();
  const result = await importArchive(ctx, file);
  const seconds = (performance.now() - t0) / 1000;
  await deps.database.close();
  const rows = Object.entries(result.counts)
    .filter(([k]) => k !== 'automations')
    .reduce((a, [, n]) => a + n, 0);
  console.log(JSON.stringify({ seconds, rows, maxRss: maxRssBytes() }));
}

/**
 * V8 grows its heap lazily: left alone it keeps garbage around until the heap is far
 * larger than what is alive (an export holds ~40 MB). The phases run with a heap of
 * a fixed size instead, so that peak RSS shows what the work needs; a phase whose
 * memory grew with the data would fail here.
 */
const HEAP_FLAGS = ['--max-old-space-size=96', '--max-semi-space-size=4'];

function child(args: string[]) {
  const res = spawnSync(process.execPath, [...HEAP_FLAGS, '--import', 'tsx', self, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * MB,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (res.status !== 0) throw new Error(`${args[0]} failed (${res.status})`);
  return JSON.parse(res.stdout.trim().split('\n').at(-1)!);
}

/** The `sqlite3` shell dumping the same tables to CSV, for comparison. */
function sqliteDump(file: string, portalId: string, outDir: string) {
  try {
    execFileSync('sqlite3', ['-version'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const tables = ['users', 'contacts', 'tasks', 'calendars', 'events', 'drive_items', 'audit_log'];
  const t0 = performance.now();
  let bytes = 0;
  let rows = 0;
  for (const table of tables) {
    const out = path.join(outDir, `${table}.sqlite3.csv`);
    execFileSync('sqlite3', ['-readonly', '-csv', '-header', file, `.output ${out}`, `select * from ${table} where portal_id = '${portalId}';`]);
    bytes += fs.statSync(out).size;
    rows += Number(
      execFileSync('sqlite3', ['-readonly', file, `select count(*) from ${table} where portal_id = '${portalId}';`])
        .toString()
        .trim(),
    );
    fs.rmSync(out);
  }
  return { seconds: (performance.now() - t0) / 1000, rows, bytes };
}

async function main() {
  const [phase, ...args] = process.argv.slice(2);
  if (phase === 'export') return exportPhase(args[0]!, args[1]!, args[2]!);
  if (phase === 'import') return importPhase(args[0]!, args[1]!, args[2]!, args[3]!);

  const dataDir = process.env.BENCH_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'skit-bench-export-'));
  const dbFile = path.join(dataDir, 'schedulingkit.sqlite');
  console.log(
    `\nSchedulingKit export benchmark — SQLite, ${fmt(CONTACTS)} contacts, ${fmt(TASKS)} tasks, ${fmt(EVENTS)} events, ${fmt(FILES)} files × ${fmt(FILE_BYTES / MB, 1)} MB`,
  );
  console.log(`data in ${dataDir}\n`);
  const t0 = performance.now();
  const source = await signupPortal(dataDir, 'bench');
  seedRaw(dbFile, dataDir, source.portal.id, source.user.id, PORTAL_SIZES);
  console.log(`seeded in ${fmt((performance.now() - t0) / 1000, 1)} s`);

  const zip = path.join(dataDir, 'bench-export.zip');
  const exp = child(['export', dataDir, source.portal.id, zip]);
  const dump = sqliteDump(dbFile, source.portal.id, dataDir);
  const target = await signupPortal(dataDir, 'bench-import');
  const imp = child(['import', dataDir, target.portal.id, target.user.id, zip]);

  const line = (name: string, rows: number, rowSeconds: number, bytes: number, seconds: number, rss: number | null) =>
    console.log(
      `${name.padEnd(34)} ${fmt(rows).padStart(11)} ${fmt(rows / rowSeconds).padStart(11)} ${fmt(bytes / MB).padStart(8)} ${fmt(bytes / MB / seconds, 1).padStart(8)} ${fmt(seconds, 1).padStart(8)} ${rss === null ? '       —' : fmt(rss / MB).padStart(8)}`,
    );
  console.log(
    `\n${'phase'.padEnd(34)} ${'rows'.padStart(11)} ${'rows/s'.padStart(11)} ${'MB'.padStart(8)} ${'MB/s'.padStart(8)} ${'s'.padStart(8)} ${'peak RSS'.padStart(8)}`,
  );
  line('export: everything', exp.rows, exp.seconds, exp.allBytes, exp.seconds, exp.maxRss);
  line('export: tables (CSV)', exp.rows, exp.stages.tables, exp.tableBytes, exp.stages.tables, null);
  line('export: calendars (.ics)', EVENTS, exp.stages.calendars, 0, exp.stages.calendars, null);
  line('export: files', FILES, exp.stages.files, exp.fileBytes, exp.stages.files, null);
  if (dump) line('sqlite3 shell: same tables to CSV', dump.rows, dump.seconds, dump.bytes, dump.seconds, null);
  line('import: everything', imp.rows, imp.seconds, exp.allBytes, imp.seconds, imp.maxRss);
  console.log(`\nZIP: ${fmt(exp.zipBytes / MB)} MB`);
  if (dump) {
    const ratio = exp.rows / exp.stages.tables / (dump.rows / dump.seconds);
    console.log(`export tables vs sqlite3 shell: ${fmt(ratio * 100)} % of its speed (target ≥ 50 %)`);
  } else {
    console.log('sqlite3 shell: not installed, no comparison');
  }
  console.log(`peak RSS: export ${fmt(exp.maxRss / MB)} MB, import ${fmt(imp.maxRss / MB)} MB (target < 200 MB; node ${HEAP_FLAGS.join(' ')})`);
  if (!process.env.BENCH_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
}

await main();
