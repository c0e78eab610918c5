/**
 * `npm run bench:cli`: the shipped `skit` as users run it (issue 16 item 4), each figure next
 * to its target and to the anchor, the TypeScript sources run through tsx (how `skit` ran
 * before the build step):
 *   1. start: median wall time of `node bin/skit.js --version` (BENCH_SPAWNS runs, default 9)
 *      against `node --import tsx src/cli/main.ts --version`; target ≤ 1 s;
 *   2. `skit serve` until GET /healthz answers, on a migrated SQLite database (median of
 *      BENCH_SERVES runs, default 3), same anchor; target ≤ 1 s;
 *   3. peak RSS of `skit export` and `skit import` run as child processes, without heap flags,
 *      on the benchmark portal of bench:export (1,000,000 contacts, 200,000 tasks, 100,000
 *      events, 1 GB of files; BENCH_CONTACTS, BENCH_TASKS, BENCH_EVENTS, BENCH_FILES,
 *      BENCH_FILE_BYTES shrink it); target ≤ 200 MB. The figure is the sum of the peak RSS
 *      (VmHWM) of every process of the command (the launcher and the process it starts with a
 *      bounded heap), sampled from /proc every 20 ms.
 * Builds dist/ first when it is not current (`npm run build:server`), as `npm start` does.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/kernel/config.js';
import { createDeps } from '../src/server/app.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { signup } from '../src/modules/accounts/index.js';
import { seedRaw } from '../src/modules/portability/index.js';
import { PORTAL_SIZES } from './portal-sizes.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SKIT = path.join(ROOT, 'bin/skit.js');
const TSX_MAIN = ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts')];
const SPAWNS = Number(process.env.BENCH_SPAWNS ?? 9);
const SERVES = Number(process.env.BENCH_SERVES ?? 3);
const { contacts: CONTACTS, tasks: TASKS, events: EVENTS, files: FILES, fileBytes: FILE_BYTES } = PORTAL_SIZES;
const MB = 1024 * 1024;
const START_TARGET_S = 1;
const RSS_TARGET_MB = 200;

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

function baseEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', JOBS: '0' };
  delete env.DATABASE_URL; // the benchmark portal is an SQLite file
  delete env.NODE_OPTIONS; // as users run it: no heap flags from the environment
  return env;
}

function timeSpawn(args: string[], env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const res = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${args.join(' ')} failed (${res.status}): ${res.stderr}`);
  return (performance.now() - t0) / 1000;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc (null when it is gone). */
function cpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return null;
  }
}

/**
 * Seconds from spawning `serve` until GET /healthz answers 200, and the CPU seconds the
 * process used until then (what the start costs whatever else the machine runs); then the
 * server is stopped.
 */
async function timeServe(args: string[], env: NodeJS.ProcessEnv): Promise<{ wall: number; cpu: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [...args, 'serve', '--port', String(port)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.ok) return { wall: (performance.now() - t0) / 1000, cpu: cpuSeconds(child.pid!) ?? NaN };
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

/** The pids of `pid` and its descendants, from /proc. */
function processTree(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [p, pp] of parent) if (pp === tree[i]) tree.push(p);
  return tree;
}

function vmHwm(pid: number): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

/** Runs `skit <args>` as users do; returns seconds and the sum of its processes' peak RSS. */
async function runMeasured(args: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; peakRss: number; launcherRss: number; processes: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [SKIT, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const peaks = new Map<number, number>();
  const sample = () => {
    for (const pid of processTree(child.pid!)) {
      const hwm = vmHwm(pid);
      if (hwm !== null) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, hwm));
    }
  };
  const timer = setInterval(sample, 20);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`skit ${args.join(' ')} failed (${code}): ${stderr}`);
  const peakRss = [...peaks.values()].reduce((a, b) => a + b, 0);
  return { seconds: (performance.now() - t0) / 1000, peakRss, launcherRss: peaks.get(child.pid!) ?? 0, processes: peaks.size };
}

async function signupPortal(dataDir: string, slug: string) {
  const deps = createDeps(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', JOBS: '0' }));
  await migrateToLatest(deps.database);
  const res = await signup(
    deps,
    { portalSlug: slug, portalName: slug, name: 'Bea Bench', email: `bea@${slug}.test`, password: 'correct horse battery' },
    { ip: null, userAgent: null },
  );
  await deps.database.close();
  return res;
}

async function main() {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-server.mjs')], { stdio: 'inherit' });
  const dataDir = process.env.BENCH_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'skit-bench-cli-'));
  const env = baseEnv(dataDir);
  console.log(
    `\nSchedulingKit CLI benchmark — node ${process.version}, ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(`data in ${dataDir}\n`);

  // 1. A no-op command, shipped and anchor interleaved.
  const shipped: number[] = [];
  const anchor: number[] = [];
  for (let i = 0; i < SPAWNS; i++) {
    shipped.push(timeSpawn([SKIT, '--version'], env));
    anchor.push(timeSpawn([...TSX_MAIN, '--version'], env));
  }
  const startS = median(shipped);
  const startA = median(anchor);

  // 2. serve until /healthz, on a migrated database (as on every restart). A BENCH_DIR seeded
  // by an earlier run is used again (seeding a million rows takes minutes).
  const marker = path.join(dataDir, 'bench-cli-seeded.json');
  const seeded = fs.existsSync(marker);
  const fresh = seeded ? null : await signupPortal(dataDir, 'bench');
  const serveShipped: { wall: number; cpu: number }[] = [];
  const serveAnchor: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < SERVES; i++) {
    serveShipped.push(await timeServe([SKIT], env));
    serveAnchor.push(await timeServe(TSX_MAIN, env));
  }
  const serveS = median(serveShipped.map((r) => r.wall));
  const serveA = median(serveAnchor.map((r) => r.wall));
  const serveCpuS = median(serveShipped.map((r) => r.cpu));
  const serveCpuA = median(serveAnchor.map((r) => r.cpu));

  console.log(`${'figure'.padEnd(40)} ${'shipped'.padStart(10)} ${'target'.padStart(10)} ${'anchor (tsx)'.padStart(13)}  verdict`);
  console.log(
    `${`no-op start (skit --version, median of ${SPAWNS})`.padEnd(40)} ${`${fmt(startS, 2)} s`.padStart(10)} ${`≤ ${START_TARGET_S} s`.padStart(10)} ${`${fmt(startA, 2)} s`.padStart(13)}  ${verdict(startS <= START_TARGET_S)}`,
  );
  console.log(
    `${`skit serve to /healthz (median of ${SERVES})`.padEnd(40)} ${`${fmt(serveS, 2)} s`.padStart(10)} ${`≤ ${START_TARGET_S} s`.padStart(10)} ${`${fmt(serveA, 2)} s`.padStart(13)}  ${verdict(serveS <= START_TARGET_S)}`,
  );
  console.log(
    `${'  CPU used by serve until /healthz'.padEnd(40)} ${`${fmt(serveCpuS, 2)} s`.padStart(10)} ${''.padStart(10)} ${`${fmt(serveCpuA, 2)} s`.padStart(13)}  (wall time above grows with the machine's load; CPU time much less)`,
  );

  // 3. export and import of the benchmark portal, as users run them.
  const sizes = PORTAL_SIZES;
  if (fresh) {
    console.log(`\nseeding ${fmt(CONTACTS)} contacts, ${fmt(TASKS)} tasks, ${fmt(EVENTS)} events, ${fmt(FILES)} files × ${fmt(FILE_BYTES / MB, 1)} MB …`);
    const t0 = performance.now();
    seedRaw(path.join(dataDir, 'schedulingkit.sqlite'), dataDir, fresh.portal.id, fresh.user.id, sizes);
    console.log(`seeded in ${fmt((performance.now() - t0) / 1000, 1)} s`);
    fs.writeFileSync(marker, JSON.stringify({ sizes }));
  } else {
    console.log(`\nthe portal seeded earlier in ${dataDir}: ${fs.readFileSync(marker, 'utf8')}`);
  }
  const importSlug = `bench-import-${Date.now().toString(36)}`;
  await signupPortal(dataDir, importSlug);
  const zip = path.join(dataDir, 'bench-cli.zip');
  const exp = await runMeasured(['export', '--portal', 'bench', '--out', zip], env);
  const imp = await runMeasured(['import', '--portal', importSlug, zip], env);
  const rssLine = (name: string, r: { seconds: number; peakRss: number; launcherRss: number; processes: number }) =>
    console.log(
      `${name.padEnd(40)} ${`${fmt(r.peakRss / MB)} MB`.padStart(10)} ${`≤ ${RSS_TARGET_MB} MB`.padStart(10)} ${`${fmt(r.seconds, 1)} s`.padStart(13)}  ${verdict(r.peakRss <= RSS_TARGET_MB * MB)} (${r.processes} processes: launcher ${fmt(r.launcherRss / MB)} MB + command ${fmt((r.peakRss - r.launcherRss) / MB)} MB)`,
    );
  console.log(`\n${'figure'.padEnd(40)} ${'peak RSS'.padStart(10)} ${'target'.padStart(10)} ${'time'.padStart(13)}`);
  rssLine('skit export (no heap flags)', exp);
  rssLine('skit import (no heap flags)', imp);
  console.log(
    `ZIP: ${fmt(fs.statSync(zip).size / MB)} MB; load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  if (!process.env.BENCH_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
}

await main();
