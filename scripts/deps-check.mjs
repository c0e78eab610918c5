#!/usr/bin/env node
// `npm run deps:check`: checks the boundaries in .dependency-cruiser.cjs file by file, folds
// the file graph into a folder graph (kernel, db, server, cli, test, each module, web, …),
// prints it, and fails on a forbidden import or on any cycle between folders.
// `--quiet` prints only problems.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);
const ROOTS = ['src', 'web/src', 'e2e', 'bench', 'scripts'];
const quiet = process.argv.includes('--quiet');

/** Tests and what only tests use: their imports are checked by rule, and kept out of the folder graph. */
const TEST_SUPPORT = /(\.(test|e2e|isolation|testkit)\.ts$|\.child\.ts$|^src\/test\/|^e2e\/)/;

/** The folder a file belongs to: `modules/<name>` for a module, else the first folder under src/ (or the top folder). */
export function folderOf(file) {
  const parts = file.split('/');
  if (parts[0] === 'src' && parts[1] === 'modules') return `modules/${parts[2]}`;
  if (parts[0] === 'src') return parts[1];
  if (parts[0] === 'web') return 'web';
  return parts[0];
}

/** Strongly connected components with more than one folder (Tarjan). */
export function cycles(edges) {
  const nodes = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((s) => [...s])])];
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const found = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of nodes) if (!idx.has(v)) visit(v);
  return found;
}

async function main() {
  const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
  const tsConfig = extractTSConfig('./tsconfig.json');
  const { output } = await cruise(ROOTS, { ...options, validate: true, ruleSet: options.ruleSet }, undefined, { tsConfig });
  if (typeof output === 'string') throw new Error('dependency-cruiser returned text, not a result');

  const violations = output.summary.violations.filter((v) => v.rule.severity === 'error');
  const edges = new Map(); // folder -> Set(folder)
  const counts = new Map(); // "a -> b" -> number of imports
  for (const mod of output.modules) {
    if (!/^(src|web|e2e|bench|scripts)\//.test(mod.source) || TEST_SUPPORT.test(mod.source)) continue;
    const from = folderOf(mod.source);
    for (const dep of mod.dependencies) {
      if (!/^(src|web|e2e|bench|scripts)\//.test(dep.resolved)) continue;
      const to = folderOf(dep.resolved);
      if (to === from) continue;
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from).add(to);
      const key = `${from} -> ${to}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }

  if (!quiet) {
    console.log('Folder graph (production code; an arrow is "imports", with the number of import statements):');
    for (const from of [...edges.keys()].sort()) {
      const targets = [...edges.get(from)].sort().map((to) => `${to} (${counts.get(`${from} -> ${to}`)})`);
      console.log(`  ${from.padEnd(22)} -> ${targets.join(', ')}`);
    }
  }
  const found = cycles(edges);
  for (const scc of found) console.log(`CYCLE between folders: ${scc.join(' <-> ')}`);
  for (const v of violations) console.log(`FORBIDDEN (${v.rule.name}): ${v.from} -> ${v.to}`);
  const files = output.summary.totalCruised;
  console.log(`deps:check: ${files} files, ${counts.size} folder edges, ${found.length} cycles, ${violations.length} forbidden imports`);
  process.exit(found.length || violations.length ? 1 : 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(2);
  });
}
