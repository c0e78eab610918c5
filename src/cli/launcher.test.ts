import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIT_BIN } from '../test/cli-env.js';
// @ts-expect-error plain JavaScript without types (it runs before anything is compiled)
import { sourceFingerprint } from '../../bin/fingerprint.js';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(SKIT_BIN), '..');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const fingerprint = sourceFingerprint as (root: string) => string;

/**
 * bin/skit.js (ADR 0018): runs the compiled build only when it was built from the current
 * sources, else the sources through tsx with a one-line warning; runs `export` and `import`
 * with a bounded heap unless heap flags are given. Checked in a copy of the launcher whose
 * dist/ is a stand-in that prints what it was started with, beside the real sources.
 */
describe('bin/skit.js', () => {
  let root = '';
  const skit = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, [path.join(root, 'bin/skit.js'), ...args], {
      env: { ...process.env, ...env, NODE_OPTIONS: env.NODE_OPTIONS ?? '' },
      timeout: 60_000,
    });
  const writeBuild = (fp: string) => {
    fs.mkdirSync(path.join(root, 'dist/cli'), { recursive: true });
    fs.writeFileSync(path.join(root, 'dist/build.json'), JSON.stringify({ fingerprint: fp }));
    fs.writeFileSync(
      path.join(root, 'dist/cli/main.js'),
      "console.log(JSON.stringify({ ran: 'dist', execArgv: process.execArgv, args: process.argv.slice(2) }));\n",
    );
  };

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'skit-launcher-'));
    fs.mkdirSync(path.join(root, 'bin'));
    fs.mkdirSync(path.join(root, 'scripts'));
    for (const f of ['bin/skit.js', 'bin/fingerprint.js', 'scripts/build-server.mjs', 'package.json', 'package-lock.json'])
      fs.copyFileSync(path.join(ROOT, f), path.join(root, f));
    fs.symlinkSync(path.join(ROOT, 'src'), path.join(root, 'src'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('runs the build when it was made from the current sources, silently', async () => {
    writeBuild(fingerprint(root));
    const { stdout, stderr } = await skit(['portal', 'list']);
    expect(JSON.parse(stdout)).toEqual({ ran: 'dist', execArgv: [], args: ['portal', 'list'] });
    expect(stderr).toBe('');
  });

  it('never runs a build older than the sources: it says so and runs the sources', async () => {
    writeBuild('0'.repeat(64));
    const { stdout, stderr } = await skit(['--version']);
    expect(stdout.trim()).toBe(VERSION);
    expect(stderr).toMatch(/^skit: the build \(dist\/\) is older than the sources; running the TypeScript sources .*npm run build:server/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('runs the sources when there is no build', async () => {
    fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
    const { stdout, stderr } = await skit(['--version']);
    expect(stdout.trim()).toBe(VERSION);
    expect(stderr).toMatch(/^skit: there is no build \(dist\/\)/);
  });

  it('runs export and import with a bounded heap, unless heap flags are given', async () => {
    writeBuild(fingerprint(root));
    for (const command of ['export', 'import']) {
      const { stdout } = await skit([command, '--portal', 'acme', 'x.zip']);
      const ran = JSON.parse(stdout) as { execArgv: string[]; args: string[] };
      expect(ran.args).toEqual([command, '--portal', 'acme', 'x.zip']);
      expect(ran.execArgv).toEqual(
        expect.arrayContaining([expect.stringMatching(/^--max-old-space-size=\d+$/), expect.stringMatching(/^--max-semi-space-size=\d+$/)]),
      );
    }
    const own = JSON.parse((await skit(['export'], { NODE_OPTIONS: '--max-old-space-size=300' })).stdout) as { execArgv: string[] };
    expect(own.execArgv).toEqual([]);
    const serve = JSON.parse((await skit(['serve'])).stdout) as { execArgv: string[] };
    expect(serve.execArgv).toEqual([]);
  });

  it('passes the exit code of the bounded command on', async () => {
    fs.writeFileSync(path.join(root, 'dist/cli/main.js'), 'process.exit(3);\n');
    await expect(skit(['export'])).rejects.toMatchObject({ code: 3 });
  });
});

describe('skit --version', () => {
  it('prints the version from package.json, from the build', async () => {
    const { stdout, stderr } = await run(process.execPath, [SKIT_BIN, '--version'], { timeout: 60_000 });
    expect(stdout.trim()).toBe(VERSION);
    expect(stderr).toBe('');
  });
});
