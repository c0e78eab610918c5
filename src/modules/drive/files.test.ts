import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, signupPortal, type Team } from '../../test/factories.js';
import { AppError } from '../../kernel/errors.js';
import { setStorageQuotaPolicy, storageQuota, type StorageQuotaPolicy } from './quota.js';
import { expectError, fetchBytes, filesOnDisk, namesOf, newFolder, randomFile, upload, uploadRaw } from './drive.testkit.js';

let server: TestServer;
let team: Team;
beforeAll(async () => {
  server = await startTestServer();
  team = await portalWithTeam(server);
});
afterAll(async () => {
  await server?.close();
});

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('upload and download (DRV-1)', () => {
  const name = 'Quarterly report 📊 Zürich.bin';
  const content = randomFile(3 * 1024 * 1024 + 17);
  let fileId: string;

  beforeAll(async () => {
    const file = await upload(team.member, name, content);
    fileId = file.id;
  });

  it('keeps a random binary file with a UTF-8 name byte for byte', async () => {
    const meta = await team.member.get(`/api/drive/files/${fileId}`);
    expect(meta.body).toMatchObject({ name, folderId: null, sizeBytes: content.length, sha256: sha256(content), available: true, trashedAt: null });
    const res = await fetchBytes(team.member, `/api/drive/files/${fileId}/content`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(content.length));
    expect(res.bytes.length).toBe(content.length);
    expect(Buffer.from(res.bytes).equals(Buffer.from(content))).toBe(true);
  });

  it('names the download with an ASCII fallback and the exact UTF-8 name (RFC 5987)', async () => {
    const res = await fetchBytes(team.member, `/api/drive/files/${fileId}/content`);
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="Quarterly report _ Z_rich\.bin"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe(name);
  });

  it('serves the first bytes of a range request', async () => {
    const res = await fetchBytes(team.member, `/api/drive/files/${fileId}/content`, { range: 'bytes=0-99' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 0-99/${content.length}`);
    expect(res.headers.get('content-length')).toBe('100');
    expect(Buffer.from(res.bytes).equals(Buffer.from(content.subarray(0, 100)))).toBe(true);
  });

  it('serves a range from the middle', async () => {
    const res = await fetchBytes(team.member, `/api/drive/files/${fileId}/content`, { range: 'bytes=1048576-2097151' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 1048576-2097151/${content.length}`);
    expect(Buffer.from(res.bytes).equals(Buffer.from(content.subarray(1048576, 2097152)))).toBe(true);
  });

  it('serves the last 100 bytes for bytes=-100', async () => {
    const res = await fetchBytes(team.member, `/api/drive/files/${fileId}/content`, { range: 'bytes=-100' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${content.length - 100}-${content.length - 1}/${content.length}`);
    expect(Buffer.from(res.bytes).equals(Buffer.from(content.subarray(content.length - 100)))).toBe(true);
  });

  it('answers a range past the end with 416 and the real size', async () => {
    const res = await fetchBytes(team.member, `/api/drive/files/${fileId}/content`, { range: `bytes=${content.length}-` });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${content.length}`);
    expect(JSON.parse(Buffer.from(res.bytes).toString()).error.code).toBe('RANGE_NOT_SATISFIABLE');
  });

  it('sends the whole file for several ranges at once', async () => {
    const res = await fetchBytes(team.member, `/api/drive/files/${fileId}/content`, { range: 'bytes=0-9,20-29' });
    expect(res.status).toBe(200);
    expect(res.bytes.length).toBe(content.length);
  });

  it('advertises ranges and an ETag, and answers 304 when the client has this version', async () => {
    const first = await fetchBytes(team.member, `/api/drive/files/${fileId}/content`);
    expect(first.headers.get('accept-ranges')).toBe('bytes');
    expect(first.headers.get('etag')).toBe(`"${sha256(content)}"`);
    const again = await fetchBytes(team.member, `/api/drive/files/${fileId}/content`, { 'if-none-match': first.headers.get('etag')! });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
  });

  it('ignores the range when If-Range names another version', async () => {
    const res = await fetchBytes(team.member, `/api/drive/files/${fileId}/content`, { range: 'bytes=0-9', 'if-range': '"stale"' });
    expect(res.status).toBe(200);
    expect(res.bytes.length).toBe(content.length);
  });

  it('answers HEAD with the headers only', async () => {
    const res = await fetchBytes(team.member, `/api/drive/files/${fileId}/content`, {}, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(content.length));
    expect(res.bytes.length).toBe(0);
  });
});

describe('content type and disposition', () => {
  it('always sends nosniff and never shows HTML inline, even when asked', async () => {
    const file = await upload(team.member, 'page.html', '<script>alert(1)</script>', { type: 'text/html' });
    const res = await fetchBytes(team.member, `/api/drive/files/${file.id}/content?inline=1`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="page.html"');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('shows images and PDFs inline on request, and downloads them by default', async () => {
    const png = await upload(team.member, 'chart.png', randomFile(64), { type: 'image/png' });
    const pdf = await upload(team.member, 'terms.pdf', '%PDF-1.4', { type: 'application/pdf' });
    for (const f of [png, pdf]) {
      expect((await fetchBytes(team.member, `/api/drive/files/${f.id}/content?inline=1`)).headers.get('content-disposition')).toBe(
        `inline; filename="${f.name}"`,
      );
      expect((await fetchBytes(team.member, `/api/drive/files/${f.id}/content`)).headers.get('content-disposition')).toBe(`attachment; filename="${f.name}"`);
    }
  });

  it('downloads SVG even with inline=1 (it can carry script)', async () => {
    const svg = await upload(team.member, 'logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>', { type: 'image/svg+xml' });
    const res = await fetchBytes(team.member, `/api/drive/files/${svg.id}/content?inline=1`);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment/);
  });

  it('takes the type from the extension when the browser sends none', async () => {
    const csv = await upload(team.member, 'leads.csv', 'name,email\n', { type: 'application/octet-stream' });
    expect(csv.contentType).toBe('text/csv');
    const res = await fetchBytes(team.member, `/api/drive/files/${csv.id}/content`);
    expect(res.headers.get('content-type')).toBe('text/csv');
  });
});

describe('where the bytes live', () => {
  it('stores files under DATA_DIR/files/<portalId>/<fileId>, never under the name the user gave', async () => {
    const file = await upload(team.member, '..%2F..%2Fevil name.txt', 'careful');
    const onDisk = filesOnDisk(server.dataDir);
    expect(onDisk).toContain(`${team.portal.id}/${file.id}`);
    expect(onDisk.every((p) => /^[0-9a-f-]{36}\/[0-9a-f-]{36}$/.test(p))).toBe(true);
    expect(fs.readFileSync(path.join(server.dataDir, 'files', team.portal.id, file.id), 'utf8')).toBe('careful');
    expect(onDisk.some((p) => p.includes('evil'))).toBe(false);
  });

  it('keeps only the last part of a name sent with a path', async () => {
    const file = await upload(team.member, 'C:\\Users\\mia\\notes.txt', 'x');
    expect(file.name).toBe('notes.txt');
  });
});

describe('uploading into folders', () => {
  it('puts the file in the folder named in the query string', async () => {
    const folder = await newFolder(team.member, 'Q-string');
    const file = await upload(team.member, 'a.txt', 'a', { folderId: folder.id });
    expect(file.folderId).toBe(folder.id);
    const list = await team.member.get(`/api/drive/files?folderId=${folder.id}`);
    expect(namesOf(list.body.items)).toEqual(['a.txt']);
  });

  it('puts the file in the folder named by a multipart field sent before the file', async () => {
    const folder = await newFolder(team.member, 'By-field');
    const file = await upload(team.member, 'b.txt', 'b', { folderField: folder.id });
    expect(file.folderId).toBe(folder.id);
  });

  it('refuses an unknown folder with 404 and keeps nothing', async () => {
    const before = filesOnDisk(server.dataDir);
    const res = await uploadRaw(team.member, 'lost.txt', randomFile(200_000), { folderId: '00000000-0000-0000-0000-000000000000' });
    expectError(res, 404, 'NOT_FOUND');
    expect(filesOnDisk(server.dataDir)).toEqual(before);
  });

  it('refuses a folder in the trash with 409 FOLDER_TRASHED', async () => {
    const folder = await newFolder(team.member, 'Binned');
    await team.member.post(`/api/drive/folders/${folder.id}/trash`);
    expectError(await uploadRaw(team.member, 'x.txt', 'x', { folderId: folder.id }), 409, 'FOLDER_TRASHED');
  });

  it('asks for the file field by name, and for multipart', async () => {
    const form = new FormData();
    form.append('other', new Blob(['x']), 'x.txt');
    expectError(await team.member.post('/api/drive/files', form), 400, 'VALIDATION_FAILED', 'file');
    expectError(await team.member.post('/api/drive/files', { name: 'x' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('names are unique in a folder', () => {
  it('numbers uploads of a name already there: "report (2).pdf", "report (3).pdf", whatever the case', async () => {
    const folder = await newFolder(team.member, 'Reports');
    const names = [];
    for (const n of ['report.pdf', 'report.pdf', 'report.pdf', 'REPORT.pdf']) names.push((await upload(team.member, n, n, { folderId: folder.id })).name);
    expect(names).toEqual(['report.pdf', 'report (2).pdf', 'report (3).pdf', 'REPORT (4).pdf']);
  });

  it('refuses to rename or move a file onto a name in use with 409 NAME_TAKEN', async () => {
    const folder = await newFolder(team.member, 'Clash');
    await upload(team.member, 'plan.txt', 'in folder', { folderId: folder.id });
    const other = await upload(team.member, 'draft.txt', 'x', { folderId: folder.id });
    expectError(await team.member.patch(`/api/drive/files/${other.id}`, { name: 'Plan.txt' }), 409, 'NAME_TAKEN', 'name');
    const rootPlan = await upload(team.member, 'plan.txt', 'in root');
    expectError(await team.member.patch(`/api/drive/files/${rootPlan.id}`, { folderId: folder.id }), 409, 'NAME_TAKEN');
  });

  it('counts a folder of the same name as taken', async () => {
    await newFolder(team.member, 'Budget');
    const file = await upload(team.member, 'budget', 'x');
    expect(file.name).toBe('budget (2)');
  });

  it.each([
    ['', 'is required'],
    ['a/b', 'must not contain "/"'],
    ['bell\u0007here', 'must not contain control characters'],
    ['..', 'cannot be'],
    ['x'.repeat(256), 'at most 255'],
  ])('refuses the name %j', async (name, message) => {
    const file = await upload(team.member, 'to-rename.txt', 'x');
    const res = await team.member.patch(`/api/drive/files/${file.id}`, { name });
    expectError(res, 400, 'VALIDATION_FAILED', 'name');
    expect(res.body.error.message).toContain(message);
  });

  it('refuses a NUL in a name at the edge (400 INVALID_CHARACTER, ADR 0011)', async () => {
    const file = await upload(team.member, 'to-rename.txt', 'x');
    const res = await team.member.patch(`/api/drive/files/${file.id}`, { name: 'nul\u0000here' });
    expectError(res, 400, 'INVALID_CHARACTER', 'name');
  });
});

describe('rename, move, trash, restore, delete', () => {
  it('renames a file and moves it between folders and back to the root', async () => {
    const folder = await newFolder(team.member, 'Moves');
    const file = await upload(team.member, 'old.txt', 'x');
    const renamed = await team.member.patch(`/api/drive/files/${file.id}`, { name: 'new.txt' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('new.txt');
    const moved = await team.member.patch(`/api/drive/files/${file.id}`, { folderId: folder.id });
    expect(moved.body.folderId).toBe(folder.id);
    expect(namesOf((await team.member.get(`/api/drive/files?folderId=${folder.id}`)).body.items)).toEqual(['new.txt']);
    const back = await team.member.patch(`/api/drive/files/${file.id}`, { folderId: null });
    expect(back.body.folderId).toBeNull();
    expect((await team.member.get(`/api/drive/files?folderId=${folder.id}`)).body.items).toEqual([]);
  });

  it('trashes and restores a file', async () => {
    const folder = await newFolder(team.member, 'Trash me');
    const file = await upload(team.member, 'gone.txt', 'x', { folderId: folder.id });
    const trashed = await team.member.post(`/api/drive/files/${file.id}/trash`);
    expect(trashed.status).toBe(200);
    expect(trashed.body.trashedAt).not.toBeNull();
    expect((await team.member.get(`/api/drive/files?folderId=${folder.id}`)).body.items).toEqual([]);
    expect((await team.member.get('/api/drive/files?trashed=true')).body.items.map((f: { id: string }) => f.id)).toContain(file.id);
    const restored = await team.member.post(`/api/drive/files/${file.id}/restore`);
    expect(restored.body).toMatchObject({ trashedAt: null, folderId: folder.id, name: 'gone.txt' });
    expect(namesOf((await team.member.get(`/api/drive/files?folderId=${folder.id}`)).body.items)).toEqual(['gone.txt']);
  });

  it('restores under a numbered name when the name was taken meanwhile', async () => {
    const folder = await newFolder(team.member, 'Restore clash');
    const first = await upload(team.member, 'memo.txt', '1', { folderId: folder.id });
    await team.member.post(`/api/drive/files/${first.id}/trash`);
    await upload(team.member, 'memo.txt', '2', { folderId: folder.id });
    const restored = await team.member.post(`/api/drive/files/${first.id}/restore`);
    expect(restored.body.name).toBe('memo (2).txt');
  });

  it('restores into the root when its folder is itself in the trash', async () => {
    const folder = await newFolder(team.member, 'Binned parent');
    const file = await upload(team.member, 'orphan.txt', 'x', { folderId: folder.id });
    await team.member.post(`/api/drive/files/${file.id}/trash`);
    await team.member.post(`/api/drive/folders/${folder.id}/trash`);
    const restored = await team.member.post(`/api/drive/files/${file.id}/restore`);
    expect(restored.body).toMatchObject({ trashedAt: null, folderId: null });
  });

  it('deletes a file for good: the record, its bytes on disk, with an audit entry', async () => {
    const file = await upload(team.member, 'secret.txt', 'delete me');
    const onDisk = path.join(server.dataDir, 'files', team.portal.id, file.id);
    expect(fs.existsSync(onDisk)).toBe(true);
    const res = await team.admin.delete(`/api/drive/files/${file.id}`);
    expect(res.status).toBe(204);
    expectError(await team.member.get(`/api/drive/files/${file.id}`), 404, 'NOT_FOUND');
    expectError(await team.member.get(`/api/drive/files/${file.id}/content`), 404, 'NOT_FOUND');
    expect(fs.existsSync(onDisk)).toBe(false);
    const audit = await team.owner.get('/api/audit?action=drive.file_deleted');
    expect(audit.body.items.find((e: { targetId: string }) => e.targetId === file.id)).toMatchObject({ details: { name: 'secret.txt', bytes: 9 } });
  });
});

describe('storage usage', () => {
  // Billing installs the real policy when its routes register; each test puts it back.
  let installed: StorageQuotaPolicy;
  beforeAll(() => {
    installed = storageQuota();
  });
  afterEach(() => setStorageQuotaPolicy(installed));

  it('counts every stored byte of the portal, the trash included', async () => {
    const p = await signupPortal(server);
    expect((await p.client.get('/api/drive/usage')).body.usedBytes).toBe(0);
    const a = await upload(p.client, 'a.bin', randomFile(1000));
    const b = await upload(p.client, 'b.bin', randomFile(2500));
    await p.client.post(`/api/drive/files/${b.id}/trash`);
    expect((await p.client.get('/api/drive/usage')).body.usedBytes).toBe(3500);
    await p.client.delete(`/api/drive/files/${a.id}`);
    expect((await p.client.get('/api/drive/usage')).body.usedBytes).toBe(2500);
  });

  it('reports no limit while no quota policy is installed', async () => {
    setStorageQuotaPolicy(null);
    const p = await signupPortal(server);
    await upload(p.client, 'a.bin', randomFile(10));
    expect((await p.client.get('/api/drive/usage')).body).toEqual({ usedBytes: 10, quotaBytes: null });
  });

  it('asks the quota policy after streaming, when the size is known, and keeps nothing it refuses', async () => {
    const p = await signupPortal(server);
    const asked: number[] = [];
    setStorageQuotaPolicy({
      quotaBytes: async () => 4000,
      assertCanStore: async (_ctx, extra) => {
        asked.push(extra);
        if (extra > 3000) throw new AppError('PAYMENT_REQUIRED', 'Storage full');
      },
    });
    expect((await p.client.get('/api/drive/usage')).body.quotaBytes).toBe(4000);
    const before = filesOnDisk(server.dataDir);
    expectError(await uploadRaw(p.client, 'big.bin', randomFile(3500)), 402, 'PAYMENT_REQUIRED');
    expect(asked).toEqual([0, 3500]);
    expect(filesOnDisk(server.dataDir)).toEqual(before);
    expect((await p.client.get('/api/drive/files')).body.items).toEqual([]);
  });
});
