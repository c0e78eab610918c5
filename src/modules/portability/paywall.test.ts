import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import { addUser } from '../../test/factories.js';
import { advanceDays, choosePlan, saveCard, signupWithToken, startBillingServer } from '../billing/billing.testkit.js';
import { uploadRaw } from '../drive/drive.testkit.js';
import { exportEverything, readCsvFile, unzip } from './portability.testkit.js';

/** POR-3 with the test catalog: Free has 3 seats and 10 KB of storage, Team 5 seats and 50 KB. */

let server: TestServer;
beforeAll(async () => {
  server = await startBillingServer();
});
afterAll(async () => {
  await server?.close();
});

describe('export is never paywalled (POR-3)', () => {
  it('exports every file after a downgrade left the portal over its storage quota, byte for byte', async () => {
    const p = await signupWithToken(server);
    await saveCard(p.client);
    await choosePlan(p.client, 'team');
    const files = [randomBytes(9000), randomBytes(9000), randomBytes(9000)];
    for (const [i, bytes] of files.entries()) expect((await uploadRaw(p.client, `big-${i}.bin`, bytes)).status).toBe(201);
    await addUser(server, p.client);
    await addUser(server, p.client);
    await addUser(server, p.client);
    await choosePlan(p.client, 'free');
    await advanceDays(p.client, 35);
    expect((await p.client.get('/api/billing/subscription')).body).toMatchObject({ planId: 'free' });
    expect((await p.client.get('/api/drive/usage')).body).toMatchObject({ usedBytes: 27_000, quotaBytes: 10_000 });
    // Over the quota, the drive holds some files back (LIF-2)…
    const listed = (await p.client.get('/api/drive/files')).body.items as { id: string; name: string; available: boolean }[];
    const held = listed.filter((f) => !f.available);
    expect(held.length).toBeGreaterThan(0);
    expect((await p.client.get(`/api/drive/files/${held[0]!.id}/content`)).status).toBe(402);

    const { zip } = await exportEverything(server, p.client);
    const entries = await unzip(zip);
    // …the export does not: every file, byte for byte.
    for (const [i, bytes] of files.entries()) expect(entries.get(`files/big-${i}.bin`)?.equals(bytes), `big-${i}.bin`).toBe(true);
    // Four users on a plan with three seats: all of them are in the export.
    expect(readCsvFile(entries, 'users.csv')).toHaveLength(4);
    expect(JSON.parse(entries.get('manifest.json')!.toString()).counts).toMatchObject({ files: 3, users: 4 });
  });

  it('is there on the Free plan from the start', async () => {
    const p = await signupWithToken(server);
    expect((await p.client.get('/api/billing/subscription')).body).toMatchObject({ planId: 'free' });
    expect((await p.client.post('/api/exports')).status).toBe(201);
  });
});
