import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnvironment, SKIT_BIN } from '../test/cli-env.js';

const run = promisify(execFile);
const bin = SKIT_BIN;

const cli = cliEnvironment('skit-cli-');
let env: Record<string, string>;
beforeAll(() => {
  env = cli.env;
});

const skit = (...args: string[]) => run('node', [bin, ...args], { env, timeout: 60_000 });

describe('skit CLI', () => {
  it('prints help for every command', async () => {
    const { stdout } = await skit('--help');
    for (const cmd of ['serve', 'migrate', 'portal', 'demo']) expect(stdout).toContain(cmd);
    expect((await skit('portal', 'create', '--help')).stdout).toContain('--owner-email');
    expect((await skit('serve', '--help')).stdout).toContain('--port');
  });

  it('migrates, creates a portal with a set-password link, and lists it', async () => {
    const first = await skit('migrate');
    expect(first.stdout).toMatch(/Applied \d+ migration/);
    expect((await skit('migrate')).stdout).toContain('up to date');

    const created = await skit('portal', 'create', '--slug', 'acme', '--name', 'Acme Inc.', '--owner-email', 'ann@acme.test');
    expect(created.stdout).toContain('Created portal acme (Acme Inc.) with owner ann@acme.test');
    expect(created.stdout).toMatch(/reset-password\/[A-Za-z0-9_-]+/);

    const listed = await skit('portal', 'list', '--json');
    const rows = JSON.parse(listed.stdout);
    expect(rows).toEqual([expect.objectContaining({ slug: 'acme', name: 'Acme Inc.', activeUsers: 1 })]);
  });

  it('refuses a taken or reserved slug with a clear message and exit code 1', async () => {
    await expect(skit('portal', 'create', '--slug', 'acme', '--name', 'X', '--owner-email', 'x@x.test')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('SLUG_TAKEN'),
    });
    await expect(skit('portal', 'create', '--slug', 'admin', '--name', 'X', '--owner-email', 'x@x.test')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('reserved'),
    });
  });

  it('stops with exit code 78 and names the variable when the configuration is bad', async () => {
    await expect(run('node', [bin, 'migrate'], { env: { ...env, PORT: 'abc' } })).rejects.toMatchObject({
      code: 78,
      stderr: expect.stringMatching(/Invalid configuration:\n\s+PORT:/),
    });
  });

  it('serves: /healthz answers, then SIGTERM shuts it down cleanly', async () => {
    const { spawn } = await import('node:child_process');
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn('node', [bin, 'serve', '--port', String(port)], { env: { ...env, LOG_LEVEL: 'info' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    try {
      const until = Date.now() + 30_000;
      let status = 0;
      while (Date.now() < until) {
        try {
          status = (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
          if (status === 200) break;
        } catch {
          /* not up yet */
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
      // The start-up line is written once listen() has returned, a moment after the first request can be answered.
      await expect.poll(() => out, { timeout: 10_000 }).toContain('SchedulingKit is listening');
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(0);
  });
});
