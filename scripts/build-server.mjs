#!/usr/bin/env node
// `npm run build:server`: compiles the server and the CLI (src/, TypeScript) into dist/ with
// esbuild, so that `skit` and `npm start` run JavaScript instead of compiling at every start
// (ADR 0018). Our code is bundled, with one chunk per lazily imported part (each command loads
// what it runs); packages stay in node_modules (native modules, files they read beside them).
// Writes dist/build.json with the fingerprint of the sources; bin/skit.js runs dist/ only when
// that fingerprint matches the current sources. Skips the build when dist/ is already current
// (`--force` builds anyway).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { sourceFingerprint } from '../bin/fingerprint.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const quiet = process.argv.includes('--quiet');
const say = (line) => quiet || console.log(line);

function builtFingerprint() {
  try {
    return JSON.parse(fs.readFileSync(path.join(DIST, 'build.json'), 'utf8')).fingerprint;
  } catch {
    return null;
  }
}

const started = performance.now();
const fingerprint = sourceFingerprint(ROOT);
if (!process.argv.includes('--force') && builtFingerprint() === fingerprint && fs.existsSync(path.join(DIST, 'cli/main.js'))) {
  say('build:server: dist/ is up to date');
  process.exit(0);
}

// Built beside dist/ and swapped in whole, so a concurrent `skit` never runs half a build.
const tmp = path.join(ROOT, `.dist-${process.pid}.tmp`);
fs.rmSync(tmp, { recursive: true, force: true });
try {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { 'cli/main': 'src/cli/main.ts' },
    outdir: tmp,
    // Every output file sits two folders below the root (dist/cli/main.js, dist/chunks/*.js), as
    // its sources do (src/<folder>/<file>.ts), so paths made from import.meta.url
    // (`../../web/dist`, `../../package.json`) point at the same files from both.
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  for (const file of Object.keys(result.metafile.outputs)) {
    if (!file.endsWith('.js')) continue;
    const depth = path.relative(tmp, path.join(ROOT, file)).split(path.sep).length;
    const code = fs.readFileSync(path.join(ROOT, file), 'utf8');
    if (depth !== 2 && code.includes('import.meta.url')) throw new Error(`${file} uses import.meta.url but is not two folders below the root`);
  }
  fs.writeFileSync(path.join(tmp, 'build.json'), JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }, null, 2) + '\n');
  const old = path.join(ROOT, `.dist-${process.pid}.old`);
  if (fs.existsSync(DIST)) fs.renameSync(DIST, old);
  fs.renameSync(tmp, DIST);
  fs.rmSync(old, { recursive: true, force: true });
} catch (err) {
  fs.rmSync(tmp, { recursive: true, force: true });
  throw err;
}
say(`build:server: dist/ built in ${Math.round(performance.now() - started)} ms`);
