#!/usr/bin/env node
// `npm run build:server`: compiles the server and the CLI (src/, TypeScript) into dist/ with
// esbuild, so that `skit` and `npm start` run JavaScript instead of compiling at every start
// (ADR 0018). Our code and the packages it uses are bundled into a few files (Node.js spends
// most of a start opening and compiling hundreds of small module files), with one chunk per
// lazily imported part (each command loads what it runs). Packages that read files beside
// themselves, and native modules, stay in node_modules (EXTERNAL); the build fails when a
// bundled package would look for a file beside itself.
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

/** Loaded from node_modules at run time: native addons, and packages that read files beside themselves. */
const EXTERNAL = [
  'better-sqlite3', // native
  'argon2', // native
  'pg-native', // native, optional in pg
  '@fastify/swagger', // reads its package.json
  '@fastify/swagger-ui', // serves the Swagger UI files of its package
  '@touch4it/ical-timezones', // reads its zone files
  'pino', // starts transports in worker threads from its own files
  'thread-stream',
];
/** In bundled code these name the bundle, not the package's folder: a package using them must be EXTERNAL. */
const READS_BESIDE_ITSELF = /\b__dirname\b|\b__filename\b|\brequire\.resolve\(/;
// Bundled CommonJS packages require Node's built-ins.
const BANNER = "import { createRequire as __skitCreateRequire } from 'node:module'; const require = __skitCreateRequire(import.meta.url);";

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
    external: EXTERNAL,
    banner: { js: BANNER },
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  for (const file of Object.keys(result.metafile.outputs)) {
    if (!file.endsWith('.js')) continue;
    const depth = path.relative(tmp, path.join(ROOT, file)).split(path.sep).length;
    const code = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(BANNER, '');
    if (depth !== 2 && code.includes('import.meta.url')) throw new Error(`${file} uses import.meta.url but is not two folders below the root`);
  }
  const offenders = new Set();
  for (const input of Object.keys(result.metafile.inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
    if (!pkg) continue;
    const code = fs
      .readFileSync(path.join(ROOT, input), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|\s)\/\/.*$/gm, '');
    if (READS_BESIDE_ITSELF.test(code)) offenders.add(pkg);
  }
  if (offenders.size)
    throw new Error(`bundled packages that read files beside themselves: ${[...offenders].join(', ')}; add them to EXTERNAL in scripts/build-server.mjs`);
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
