/**
 * Child processes of the memory test (memory.test.ts):
 *   seed <dir> <contacts> <tasks> <events> <files> <fileBytes>  fills a fresh SQLite portal;
 *   export <dir>                                               exports it and prints one JSON line:
 * rows, bytes, seconds, the peak of what the export holds on the heap (sampled after a
 * garbage collection every 100 ms, so garbage waiting to be collected does not count)
 * and the process's peak RSS. The export runs in a process of its own, so that its
 * peak RSS is the export's alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../kernel/config.js';
import { createDeps } from '../../server/app.js';
import { systemContext } from '../../kernel/context.js';
import { migrateToLatest } from '../../db/migrate.js';
import { signup } from '../accounts/index.js';
import { writeExport } from './export.writer.js';
import { seedRaw } from './portability.seed.js';

const [mode, dataDir, ...sizes] = process.argv.slice(2);
const config = loadConfig({ DATA_DIR: dataDir!, LOG_LEVEL: 'silent', JOBS: '0' });

if (mode === 'seed') {
  const [contacts, tasks, events, files, fileBytes] = sizes.map(Number);
  const deps = createDeps(config);
  await migrateToLatest(deps.database);
  const res = await signup(
    deps,
    { portalSlug: 'memory', portalName: 'Memory', name: 'Mia', email: 'mia@example.test', password: 'correct horse battery' },
    { ip: null, userAgent: null },
  );
  await deps.database.close();
  seedRaw(path.join(dataDir!, 'schedulingkit.sqlite'), dataDir!, res.portal.id, res.user.id, {
    contacts: contacts!,
    tasks: tasks!,
    events: events!,
    files: files!,
    fileBytes: fileBytes!,
  });
  fs.writeFileSync(path.join(dataDir!, 'portal-id'), res.portal.id);
} else {
  const deps = createDeps(config);
  const ctx = systemContext(deps, fs.readFileSync(path.join(dataDir!, 'portal-id'), 'utf8'));
  const gc = (globalThis as { gc?: () => void }).gc!;
  gc();
  const base = process.memoryUsage().heapUsed;
  let peakHeap = base;
  const timer = setInterval(() => {
    gc();
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 100);
  const out = path.join(dataDir!, 'export.zip');
  const t0 = performance.now();
  const manifest = await writeExport(ctx, fs.createWriteStream(out), new Date());
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  await deps.database.close();
  const rows = Object.entries(manifest.counts)
    .filter(([k]) => k !== 'files')
    .reduce((a, [, n]) => a + n, 0);
  console.log(JSON.stringify({ rows, bytes: fs.statSync(out).size, seconds, heapGrowth: peakHeap - base, maxRss: process.resourceUsage().maxRSS * 1024 }));
}
