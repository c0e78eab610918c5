// The fingerprint of the sources a build is made from: `npm run build:server` records it in
// dist/build.json and bin/skit.js compares it at start, so a build older than the sources is
// never run by mistake (ADR 0018). Plain JavaScript: it runs before anything is compiled.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** What the server build is made from, relative to the repository root. Tests are not part of it. */
const INPUT_FILES = ['package.json', 'package-lock.json', 'scripts/build-server.mjs'];
const INPUT_DIRS = ['src'];
const isInput = (name) => !/\.test\.ts$/.test(name);

function walk(root, dir, out) {
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) walk(root, rel, out);
    else if (entry.isFile() && isInput(entry.name)) out.push(rel);
  }
}

/** sha256 over the path and content of every input file (~20 ms for the whole src/ tree). */
export function sourceFingerprint(root) {
  const files = [...INPUT_FILES];
  for (const dir of INPUT_DIRS) walk(root, dir, files);
  files.sort();
  const hash = createHash('sha256');
  for (const rel of files) {
    hash.update(`${rel}\0`);
    const full = path.join(root, rel);
    if (fs.existsSync(full)) hash.update(fs.readFileSync(full));
    hash.update('\0');
  }
  return hash.digest('hex');
}
