#!/usr/bin/env node
// The `skit` command (ADR 0018). Runs the compiled build (dist/, `npm run build:server`) when it
// was built from the current sources; otherwise says so in one line and runs the TypeScript
// sources through tsx, which compiles them at every start (slow, but never a stale build).
// `skit export` and `skit import` run with a bounded heap unless the heap flags are given.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import module from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sourceFingerprint } from './fingerprint.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * V8 sizes its heap by the machine, not by what is alive: left alone, an export that holds
 * ~40 MB lets garbage pile up to ~350 MB of RSS before collecting it. These commands stream,
 * so a fixed heap is enough whatever the portal's size (bench:cli measures them as run here).
 */
const BOUNDED_COMMANDS = new Set(['export', 'import']);
const HEAP_FLAGS = ['--max-old-space-size=96', '--max-semi-space-size=2'];
const hasHeapFlag = () => [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => /--max-(old|semi)-space-size/.test(a));

if (BOUNDED_COMMANDS.has(process.argv[2]) && !hasHeapFlag()) {
  const child = spawn(process.execPath, [...process.execArgv, ...HEAP_FLAGS, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  // Ctrl-C reaches the whole process group; the child decides what it means. SIGTERM is passed on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
} else {
  await run();
}

function currentBuild() {
  const main = `${root}dist/cli/main.js`;
  let built;
  try {
    built = JSON.parse(fs.readFileSync(`${root}dist/build.json`, 'utf8'));
  } catch {
    return { main: null, why: 'there is no build (dist/)' };
  }
  if (!fs.existsSync(main)) return { main: null, why: 'the build (dist/) is incomplete' };
  // An install without the sources (a package of dist/ only) runs what it has.
  if (!fs.existsSync(`${root}src`) || built.fingerprint === sourceFingerprint(root)) return { main, why: null };
  return { main: null, why: 'the build (dist/) is older than the sources' };
}

async function run() {
  // Node.js 22.1+ keeps the compiled code of the build on disk between starts (a no-op on Node 20).
  module.enableCompileCache?.();
  const { main, why } = currentBuild();
  if (main) return import(pathToFileURL(main).href);
  process.stderr.write(`skit: ${why}; running the TypeScript sources (slow start). \`npm run build:server\` builds it.\n`);
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(`${root}src/cli/main.ts`).href);
}
