/**
 * Child process of the memory test (memory.test.ts) and the benchmark: seeds a portal
 * of the given size in a fresh SQLite file, then exports it while sampling memory.
 * Prints one JSON line: rows, bytes, seconds and the peak heap and RSS above the
 * baseline taken just before the export started, sampled after a garbage collection
 * every 250 ms (so it is what the export holds, not garbage waiting for collection).
 * Usage: node --expose-gc --import tsx memory.child.ts <contacts> <tasks> <events> <files> <fileBytes>
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../server/config.js';
import { createDeps } from '../../server/app.js';
import { systemContext } from '../../server/context.js';
import { migrateToLatest } from '../../db/migrate.js';
import { signup } from '../accounts/auth.service.js';
import { writeExport } from './export.writer.js';
import { seedRaw } from './portability.seed.js';

const [contacts, tasks, events, files, fileBytes] = process.argv.slice(2).map(Number);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skit-mem-'));
try {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', JOBS: '0' });
  let deps = createDeps(config);
  await migrateToLatest(deps.database);
  const res = await signup(deps, { portalSlug: 'memory', portalName: 'Memory', name: 'Mia', email: 'mia@example.test', password: 'correct horse battery' }, { ip: null, userAgent: null });
  await deps.database.close();
  seedRaw(path.join(dataDir, 'schedulingkit.sqlite'), dataDir, res.portal.id, res.user.id, { contacts: contacts!, tasks: tasks!, events: events!, files: files!, fileBytes: fileBytes! });
  deps = createDeps(config);
  const ctx = systemContext(deps, res.portal.id);
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  };
  // What the export holds on to, not the garbage it leaves for later: collected before each sample.
  const gc = (globalThis as { gc?: () => void }).gc;
  const timer = setInterval(() => {
    gc?.();
    sample();
  }, 250);
  const out = path.join(dataDir, 'export.zip');
  const t0 = performance.now();
  const manifest = await writeExport(ctx, fs.createWriteStream(out), new Date());
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  sample();
  await deps.database.close();
  const rows = Object.entries(manifest.counts).filter(([k]) => k !== 'files').reduce((a, [, n]) => a + n, 0);
  console.log(JSON.stringify({ rows, bytes: fs.statSync(out).size, seconds, heapGrowth: peakHeap - base.heapUsed, rssGrowth: peakRss - base.rss, peakRss }));
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
