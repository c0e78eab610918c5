import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnvironment, SKIT_BIN } from '../../test/cli-env.js';

/** `skit operator …` and `skit billing …`, and a real `skit serve` switching between hosted and self-hosted (LIF-6/7). */

const run = promisify(execFile);
const bin = SKIT_BIN;
const cli = cliEnvironment('skit-ops-cli-');
let env: Record<string, string>;
beforeAll(() => {
  env = cli.env;
});

const skit = (args: string[], extra: Record<string, string> = {}) => run('node', [bin, ...args], { env: { ...env, ...extra }, timeout: 60_000 });

/** Starts `skit serve`; resolves once /healthz answers (then stops it) or the process exits. */
async function serve(extra: Record<string, string>): Promise<{ up: boolean; code: number | null; stderr: string }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn('node', [bin, 'serve', '--port', String(port)], { env: { ...env, ...extra } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let up = false;
  const until = Date.now() + 30_000;
  while (Date.now() < until && child.exitCode === null) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) {
        up = true;
        break;
      }
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (child.exitCode === null) child.kill('SIGTERM');
  return { up, code: await exited, stderr };
}

describe('skit operator', () => {
  it('creates an operator and prints a one-time link to set the password; lists operators', async () => {
    const { stdout } = await skit(['operator', 'create', '--email', 'ops@provider.test', '--name', 'Ops']);
    expect(stdout).toContain('Created operator ops@provider.test.');
    expect(stdout).toMatch(/\/operator\/set-password\/[A-Za-z0-9_-]{20,}/);
    expect(stdout).toContain('/operator');
    const listed = JSON.parse((await skit(['operator', 'list', '--json'])).stdout);
    expect(listed).toEqual([expect.objectContaining({ email: 'ops@provider.test', name: 'Ops', status: 'active' })]);
    await expect(skit(['operator', 'create', '--email', 'OPS@provider.test'])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('USER_EXISTS'),
    });
    expect((await skit(['operator', 'reset-password', '--email', 'ops@provider.test'])).stdout).toMatch(/set-password\//);
  }, 60_000);
});

describe('skit serve and skit billing: switching modes', () => {
  it('runs self-hosted, refuses to go hosted until a plan is named, then goes hosted with `skit billing enable`', async () => {
    await skit(['portal', 'create', '--slug', 'acme', '--name', 'Acme', '--owner-email', 'ann@acme.test']);
    expect((await serve({ BILLING: 'off' })).up).toBe(true);
    expect((await skit(['billing', 'status'])).stdout).toContain('The install last ran with BILLING=off.');

    const refused = await serve({ BILLING: 'on' });
    expect(refused.up).toBe(false);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('skit billing enable --plan team');

    const enabled = await skit(['billing', 'enable', '--plan', 'team', '--days', '14']);
    expect(enabled.stdout).toMatch(/Billing is on: 1 portal\(s\) put on team, free until \d{4}-\d\d-\d\dT/);
    expect((await serve({ BILLING: 'on' })).up).toBe(true);
    await expect(skit(['billing', 'enable', '--plan', 'platinum'])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('plan must be one of free, team, business'),
    });
  }, 120_000);
});
