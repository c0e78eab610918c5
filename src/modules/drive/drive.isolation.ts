import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';
import type { TestResponse } from '../../test/client.js';
import { fetchBytes, uploadRaw } from './drive.testkit.js';

/** Cross-portal probes for every drive route (walked by src/test/isolation.test.ts). */
export function driveIsolation(f: IsolationFixture): IsolationModule {
  const { a, b } = f;
  const secret = `A-secret-bytes-${randomBytes(8).toString('hex')}`;
  const ids = { folder: '', trashedFolder: '', file: '', trashedFile: '' };
  let bFolder = '';
  let bFile = '';
  let bBytes = 0;

  const ok = async (p: Promise<TestResponse>, status = 201) => {
    const res = await p;
    expect(res.status, res.text).toBe(status);
    return res.body as any;
  };
  const aFolderUnchanged = async () => {
    expect((await a.owner.get(`/api/drive/folders/${ids.folder}`)).body).toMatchObject({ name: 'A secret folder', parentId: null, trashedAt: null });
  };
  const aFileUnchanged = async () => {
    expect((await a.owner.get(`/api/drive/files/${ids.file}`)).body).toMatchObject({ name: 'A secret file.txt', folderId: ids.folder, trashedAt: null });
    const content = await fetchBytes(a.owner, `/api/drive/files/${ids.file}/content`);
    expect(Buffer.from(content.bytes).toString()).toBe(secret);
  };
  const aFolderListing = async () => (await a.owner.get(`/api/drive/files?folderId=${ids.folder}`)).body.items.map((i: { id: string }) => i.id);

  return {
    async setup() {
      ids.folder = (await ok(a.owner.post('/api/drive/folders', { name: 'A secret folder' }))).id;
      ids.trashedFolder = (await ok(a.owner.post('/api/drive/folders', { name: 'A secret binned folder' }))).id;
      await ok(a.owner.post(`/api/drive/folders/${ids.trashedFolder}/trash`), 200);
      ids.file = (await ok(uploadRaw(a.member, 'A secret file.txt', secret, { folderId: ids.folder }))).id;
      ids.trashedFile = (await ok(uploadRaw(a.member, 'A secret binned file.txt', secret))).id;
      await ok(a.member.post(`/api/drive/files/${ids.trashedFile}/trash`), 200);
      f.mark(...Object.values(ids), secret, 'A secret');
      bFolder = (await ok(b.owner.post('/api/drive/folders', { name: 'B folder' }))).id;
      const file = await ok(uploadRaw(b.owner, 'B file.txt', 'B bytes'));
      bFile = file.id;
      bBytes = file.sizeBytes;
    },
    probes: {
      'POST /api/drive/folders': async () => {
        f.expectNotFound(await b.owner.post('/api/drive/folders', { name: 'Inside A', parentId: ids.folder }));
        const res = await b.owner.post('/api/drive/folders', { name: 'A secret folder' });
        expect(res.status, res.text).toBe(201); // names are per portal: A's folder does not block B's
        expect((await a.owner.get('/api/drive/folders?limit=200')).body.items.map((i: { id: string }) => i.id)).not.toContain(res.body.id);
      },
      'GET /api/drive/folders': async () => {
        f.expectNotFound(await b.owner.get(`/api/drive/folders?parentId=${ids.folder}`));
        const root = await b.owner.get('/api/drive/folders?limit=200');
        expect(root.status).toBe(200);
        expect(root.body.items.map((i: { id: string }) => i.id)).toContain(bFolder);
        expect(root.body.items.map((i: { id: string }) => i.id)).not.toContain(ids.folder);
        const trash = await b.owner.get('/api/drive/folders?trashed=true&limit=200');
        expect(trash.body.items.map((i: { id: string }) => i.id)).not.toContain(ids.trashedFolder);
      },
      'GET /api/drive/folders/:id': async () => f.expectNotFound(await b.owner.get(`/api/drive/folders/${ids.folder}`)),
      'PATCH /api/drive/folders/:id': async () => {
        f.expectNotFound(await b.owner.patch(`/api/drive/folders/${ids.folder}`, { name: 'Taken over', parentId: bFolder }));
        // Nor can B hang its own folder inside A's tree.
        f.expectNotFound(await b.owner.patch(`/api/drive/folders/${bFolder}`, { parentId: ids.folder }));
        await aFolderUnchanged();
      },
      'POST /api/drive/folders/:id/trash': async () => {
        f.expectNotFound(await b.owner.post(`/api/drive/folders/${ids.folder}/trash`));
        await aFolderUnchanged();
      },
      'POST /api/drive/folders/:id/restore': async () => {
        f.expectNotFound(await b.owner.post(`/api/drive/folders/${ids.trashedFolder}/restore`));
        expect((await a.owner.get(`/api/drive/folders/${ids.trashedFolder}`)).body.trashedAt).not.toBeNull();
      },
      'DELETE /api/drive/folders/:id': async () => {
        f.expectNotFound(await b.owner.delete(`/api/drive/folders/${ids.folder}`));
        await aFolderUnchanged();
        await aFileUnchanged();
      },
      'GET /api/drive/files': async () => {
        f.expectNotFound(await b.owner.get(`/api/drive/files?folderId=${ids.folder}`));
        const root = await b.owner.get('/api/drive/files?limit=200');
        expect(root.body.items.map((i: { id: string }) => i.id)).toEqual([bFile]);
        f.expectNoLeak(root);
        f.expectNoLeak(await b.owner.get('/api/drive/files?trashed=true&limit=200'));
      },
      'POST /api/drive/files': async () => {
        f.expectNotFound(await uploadRaw(b.owner, 'into A.txt', 'B bytes', { folderId: ids.folder }));
        f.expectNotFound(await uploadRaw(b.owner, 'into A.txt', 'B bytes', { folderField: ids.folder }));
        expect(await aFolderListing()).toEqual([ids.file]);
      },
      'GET /api/drive/files/:id': async () => f.expectNotFound(await b.owner.get(`/api/drive/files/${ids.file}`)),
      'GET /api/drive/files/:id/content': async () => {
        f.expectNotFound(await b.owner.get(`/api/drive/files/${ids.file}/content`));
        f.expectNotFound(await b.owner.get(`/api/drive/files/${ids.file}/content`, { range: 'bytes=0-3' }));
        f.expectNotFound(await b.owner.get(`/api/drive/files/${ids.trashedFile}/content?inline=1`));
      },
      'PATCH /api/drive/files/:id': async () => {
        f.expectNotFound(await b.owner.patch(`/api/drive/files/${ids.file}`, { name: 'Taken over.txt', folderId: null }));
        f.expectNotFound(await b.owner.patch(`/api/drive/files/${bFile}`, { folderId: ids.folder }));
        await aFileUnchanged();
        expect(await aFolderListing()).toEqual([ids.file]);
      },
      'POST /api/drive/files/:id/trash': async () => {
        f.expectNotFound(await b.owner.post(`/api/drive/files/${ids.file}/trash`));
        await aFileUnchanged();
      },
      'POST /api/drive/files/:id/restore': async () => {
        f.expectNotFound(await b.owner.post(`/api/drive/files/${ids.trashedFile}/restore`));
        expect((await a.owner.get(`/api/drive/files/${ids.trashedFile}`)).body.trashedAt).not.toBeNull();
      },
      'DELETE /api/drive/files/:id': async () => {
        f.expectNotFound(await b.owner.delete(`/api/drive/files/${ids.file}`));
        await aFileUnchanged();
      },
      'GET /api/drive/usage': async () => {
        const res = await b.owner.get('/api/drive/usage');
        expect(res.status).toBe(200);
        // Only B's own file: A's bytes are not counted, and no probe got B's uploads into A.
        expect(res.body.usedBytes).toBe(bBytes);
        f.expectNoLeak(res);
      },
    },
  };
}
