import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { signupPortal, type SignedUpPortal } from '../../test/factories.js';
import { expectError, filesOnDisk, randomFile, upload, uploadRaw } from './drive.testkit.js';

// A server of its own with a tiny upload limit.
let server: TestServer;
let p: SignedUpPortal;
beforeAll(async () => {
  server = await startTestServer({ env: { MAX_UPLOAD_BYTES: '4096' } });
  p = await signupPortal(server);
});
afterAll(async () => {
  await server?.close();
});

describe('upload size limit (MAX_UPLOAD_BYTES)', () => {
  it('accepts a file of exactly the limit', async () => {
    const file = await upload(p.client, 'exact.bin', randomFile(4096));
    expect(file.sizeBytes).toBe(4096);
  });

  it.each([4097, 300_000])('refuses %i bytes with 413 PAYLOAD_TOO_LARGE and keeps nothing', async (size) => {
    const before = filesOnDisk(server.dataDir);
    const res = await uploadRaw(p.client, `too-big-${size}.bin`, randomFile(size));
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(res.body.error.message).toContain('4.0 KB');
    const names = (await p.client.get('/api/drive/files')).body.items.map((f: { name: string }) => f.name);
    expect(names).toEqual(['exact.bin']);
    expect(filesOnDisk(server.dataDir)).toEqual(before);
    // No partial upload left behind either (temp files are dot files).
    const dir = path.join(server.dataDir, 'files', p.portal.id);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
    expect((await p.client.get('/api/drive/usage')).body.usedBytes).toBe(4096);
  });
});
