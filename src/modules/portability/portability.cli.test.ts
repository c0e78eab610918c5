import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { signupPortal, type SignedUpPortal } from '../../test/factories.js';
import { unzip } from './portability.testkit.js';

const run = promisify(execFile);
const bin = path.join(import.meta.dirname, '../../../bin/skit.js');

let server: TestServer & { pgSchema?: string };
let source: SignedUpPortal;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer();
  source = await signupPortal(server);
  await source.client.post('/api/crm/contacts', { firstName: 'Cli', lastName: 'Contact, "quoted"' });
  env = { ...(process.env as Record<string, string>), DATA_DIR: server.dataDir, LOG_LEVEL: 'warn' };
  delete env.BASE_URL;
  if (server.pgSchema) env.DATABASE_SCHEMA = server.pgSchema;
});
afterAll(async () => {
  await server?.close();
});

const skit = (...args: string[]) => run(process.execPath, [bin, ...args], { env, timeout: 120_000 });

describe('skit export / skit import (PLT-4)', () => {
  const file = () => path.join(server.dataDir, 'cli-export.zip');

  it('exports a portal while the server runs, with a progress bar on stderr', async () => {
    const { stdout, stderr } = await skit('export', '--portal', source.portal.slug, '--out', file());
    expect(stdout).toContain(`Exported ${source.portal.slug} to ${file()}`);
    expect(stdout).toMatch(/contacts: 1/);
    expect(stderr).toContain('Exporting');
    const entries = await unzip(fs.readFileSync(file()));
    expect(entries.get('contacts.csv')!.toString()).toContain('"Contact, ""quoted"""');
    // The server kept answering meanwhile.
    expect((await source.client.get('/api/crm/contacts')).status).toBe(200);
  });

  it('imports the archive into an empty portal', async () => {
    const target = await signupPortal(server);
    const { stdout } = await skit('import', '--portal', target.portal.slug, file());
    expect(stdout).toContain(`into ${target.portal.slug}`);
    const contacts = (await target.client.get('/api/crm/contacts')).body.items;
    expect(contacts.map((c: any) => c.lastName)).toEqual(['Contact, "quoted"']);
    expect((await target.client.get('/api/imports')).body.items[0]).toMatchObject({ kind: 'portal', status: 'done' });
  });

  it('refuses a portal that is not empty, and names what is wrong', async () => {
    await expect(skit('import', '--portal', source.portal.slug, file())).rejects.toMatchObject({ stderr: expect.stringContaining('PORTAL_NOT_EMPTY') });
    await expect(skit('export', '--portal', 'no-such-portal', '--out', file())).rejects.toMatchObject({
      stderr: expect.stringContaining('No portal "no-such-portal"'),
    });
  });
});
