import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { signupPortal } from '../../test/factories.js';
import { scheduleHousekeeping } from '../../server/housekeeping.js';
import { filesOnDisk, upload } from './drive.testkit.js';
import { sweepOrphanedFiles } from './sweep.js';

/** The daily drive sweep (issue 19): stored bytes no record points to go after a grace age; everything else stays. */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const DAY = 86_400_000;

describe('the daily drive sweep', () => {
  it('removes orphaned bytes older than a day, keeps young orphans, live and trashed files', async () => {
    const p = await signupPortal(server);
    const live = await upload(p.client, 'live.txt', 'live bytes');
    const trashed = await upload(p.client, 'trashed.txt', 'trashed bytes');
    expect((await p.client.post(`/api/drive/files/${trashed.id}/trash`)).status).toBe(200);

    const dir = path.join(server.dataDir, 'files', p.portal.id);
    const twoDaysAgo = new Date(server.clock.now().getTime() - 2 * DAY);
    const write = (name: string, mtime?: Date) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, `bytes of ${name}`);
      if (mtime) fs.utimesSync(file, mtime, mtime);
      return name;
    };
    // A crash between writing the bytes and committing the row, long ago; one a moment ago (an upload in flight);
    // and the temp files of writes that never finished, old and young.
    const oldOrphan = write(randomUUID(), twoDaysAgo);
    const youngOrphan = write(randomUUID());
    const oldPart = write(`.${randomUUID()}.${randomUUID()}.part`, twoDaysAgo);
    const youngPart = write(`.${randomUUID()}.${randomUUID()}.part`);
    // Referenced bytes are kept however old they are.
    for (const f of [live, trashed]) fs.utimesSync(path.join(dir, f.id), twoDaysAgo, twoDaysAgo);

    // The daily housekeeping job, through the job runner.
    await scheduleHousekeeping(server.deps, server.clock.now());
    await server.runJobs();

    const left = fs.readdirSync(dir).sort();
    expect(left).toEqual([live.id, trashed.id, youngOrphan, youngPart].sort());
    expect(left).not.toContain(oldOrphan);
    expect(left).not.toContain(oldPart);
    expect((await p.client.get(`/api/drive/files/${live.id}/content`)).text).toBe('live bytes');
    expect((await p.client.post(`/api/drive/files/${trashed.id}/restore`)).status).toBe(200);
    expect((await p.client.get(`/api/drive/files/${trashed.id}/content`)).text).toBe('trashed bytes');

    // Again: nothing more goes; the young orphan is counted and left for a later day.
    const before = filesOnDisk(server.dataDir);
    const again = await sweepOrphanedFiles(server.deps, new Date(server.clock.now().getTime() - DAY));
    expect(again).toEqual({ checked: 3, orphans: 0, young: 1, abandonedWrites: 0 });
    expect(filesOnDisk(server.dataDir)).toEqual(before);

    // A day later the young orphan is old enough to go; the files stay.
    server.clock.advance(DAY);
    const later = await sweepOrphanedFiles(server.deps, new Date(server.clock.now().getTime() - DAY));
    expect(later).toMatchObject({ orphans: 1, young: 0, abandonedWrites: 1 });
    expect(fs.readdirSync(dir).sort()).toEqual([live.id, trashed.id].sort());
  });
});
