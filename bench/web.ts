/**
 * `npm run bench:web`: the first load of the web app (issue 16 item 5).
 * Builds nothing itself (the npm script runs `build:web` first), starts the real
 * server on the built app with a fresh SQLite database, signs a portal up through
 * the API, and opens /app signed in with Chromium (Debian's, /usr/bin/chromium) in
 * an empty profile, once per Accept-Encoding: the browser's own (brotli), gzip
 * only, and identity (what the server sent everyone before pre-compression).
 * Counts every JavaScript response until the landing page is up and the network
 * idle, by the bytes that crossed the wire, and fails (exit 1) above the budget.
 * Target: ≤ 250 kB gzip. Anchor: 343 kB gzip (1.16 MB uncompressed on the wire)
 * on main before issue 16 (ff5ad3f), and the identity run of this same build.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { loadConfig } from '../src/kernel/config.js';
import { startServer } from '../src/server/app.js';
import { TestClient } from '../src/test/client.js';
import { CHROMIUM } from '../e2e/chromium.js';
import { FIRST_LOAD_BUDGET_KB, kB, measureFirstLoad } from '../e2e/firstLoad.js';

const ANCHOR_GZIP_KB = 343;
const ANCHOR_IDENTITY_KB = 1160;

async function main(): Promise<void> {
  if (!fs.existsSync(new URL('../web/dist/index.html', import.meta.url)))
    throw new Error('No web build: run `npm run build:web` first (npm run bench:web does).');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skit-bench-web-'));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', JOBS: '0', SIGNUP_LIMIT: '0' });
  const server = await startServer(config);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const client = new TestClient(server.url);
    const slug = `bench-web-${Date.now().toString(36)}`;
    const signup = await client.post('/api/auth/signup', {
      portalSlug: slug,
      portalName: 'Bench Inc.',
      name: 'Bea Bench',
      email: 'bea@bench.test',
      password: 'correct horse battery',
    });
    if (signup.status !== 201 || !client.cookie) throw new Error(`signup failed: ${signup.status} ${signup.text}`);

    const br = await measureFirstLoad(browser, server.url, client.cookie);
    const gzip = await measureFirstLoad(browser, server.url, client.cookie, 'gzip');
    const identity = await measureFirstLoad(browser, server.url, client.cookie, 'identity');

    console.log(`first visit to /app, signed in: ${br.scripts.length} JS files`);
    const width = Math.max(...br.scripts.map((s) => s.path.length));
    const byPath = (load: typeof gzip) => new Map(load.scripts.map((s) => [s.path, s]));
    const gz = byPath(gzip);
    const plain = byPath(identity);
    for (const s of [...br.scripts].sort((a, b) => b.transferred - a.transferred)) {
      console.log(
        `  ${s.path.padEnd(width)}  ${s.encoding || '-'} ${kB(s.transferred).padStart(6)} kB  gzip ${kB(gz.get(s.path)?.transferred ?? NaN).padStart(6)} kB  raw ${kB(plain.get(s.path)?.transferred ?? NaN).padStart(6)} kB  ${s.cacheControl}`,
      );
    }
    const gzipKb = gzip.total / 1000;
    const ok = gzipKb <= FIRST_LOAD_BUDGET_KB;
    console.log('');
    console.log(`first load JS: ${kB(gzip.total)} kB gzip / ${kB(br.total)} kB br (target ≤ ${FIRST_LOAD_BUDGET_KB} kB gzip) ${ok ? 'OK' : 'OVER BUDGET'}`);
    console.log(`  anchor: ${ANCHOR_GZIP_KB} kB gzip before issue 16 (main ff5ad3f, eager @mantine/dates and @dnd-kit)`);
    console.log(`  on the wire without compression (identity, as every client got before): ${kB(identity.total)} kB (was ${ANCHOR_IDENTITY_KB} kB)`);
    const encodings = new Set(br.scripts.filter((s) => s.transferred >= 1024).map((s) => s.encoding));
    console.log(`  encodings served to Chromium for files ≥ 1 kB: ${[...encodings].join(', ')}`);
    if (!ok) process.exitCode = 1;
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
