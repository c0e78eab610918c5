import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, signupPortal, type Team } from '../../test/factories.js';
import { expectError, fetchBytes, filesOnDisk, namesOf, newFolder, randomFile, upload } from './drive.testkit.js';
import { seedDriveDemo } from '../../cli/demo/drive.demo.js';

let server: TestServer;
let team: Team;
beforeAll(async () => {
  server = await startTestServer();
  team = await portalWithTeam(server);
});
afterAll(async () => {
  await server?.close();
});

describe('folders (DRV-1)', () => {
  it('creates folders at the root and inside others, and shows the path from the root', async () => {
    const clients = await newFolder(team.member, 'Clients');
    const acme = await newFolder(team.member, 'Acme', clients.id);
    const y2026 = await newFolder(team.admin, '2026', acme.id);
    expect(acme.parentId).toBe(clients.id);
    const res = await team.member.get(`/api/drive/folders/${y2026.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: y2026.id, name: '2026', parentId: acme.id, trashedAt: null });
    expect(res.body.path).toEqual([
      { id: clients.id, name: 'Clients' },
      { id: acme.id, name: 'Acme' },
      { id: y2026.id, name: '2026' },
    ]);
  });

  it('lists the subfolders of a folder by name, page by page', async () => {
    const parent = await newFolder(team.member, 'Paged');
    for (const n of ['delta', 'Alpha', 'charlie', 'bravo', 'echo']) await newFolder(team.member, n, parent.id);
    const first = await team.member.get(`/api/drive/folders?parentId=${parent.id}&limit=2`);
    expect(namesOf(first.body.items)).toEqual(['Alpha', 'bravo']);
    const second = await team.member.get(`/api/drive/folders?parentId=${parent.id}&limit=2&cursor=${first.body.nextCursor}`);
    expect(namesOf(second.body.items)).toEqual(['charlie', 'delta']);
    const third = await team.member.get(`/api/drive/folders?parentId=${parent.id}&limit=2&cursor=${second.body.nextCursor}`);
    expect(namesOf(third.body.items)).toEqual(['echo']);
    expect(third.body.nextCursor).toBeNull();
  });

  it('lists the root when no parent is given', async () => {
    const p = await signupPortal(server);
    await newFolder(p.client, 'Top');
    const inner = await newFolder(p.client, 'Top 2');
    await newFolder(p.client, 'Nested', inner.id);
    expect(namesOf((await p.client.get('/api/drive/folders')).body.items)).toEqual(['Top', 'Top 2']);
  });

  it('answers 404 for a parent that does not exist', async () => {
    expectError(await team.member.get('/api/drive/folders?parentId=00000000-0000-0000-0000-000000000000'), 404, 'NOT_FOUND');
  });

  it('refuses a second folder of the same name (any case) with 409 NAME_TAKEN', async () => {
    const parent = await newFolder(team.member, 'Unique');
    await newFolder(team.member, 'Invoices', parent.id);
    expectError(await team.member.post('/api/drive/folders', { name: 'invoices', parentId: parent.id }), 409, 'NAME_TAKEN', 'name');
  });

  it('refuses names with "/" naming the field', async () => {
    expectError(await team.member.post('/api/drive/folders', { name: 'a/b' }), 400, 'VALIDATION_FAILED', 'name');
  });

  it('renames and moves a folder, and back to the root', async () => {
    const a = await newFolder(team.member, 'Move A');
    const b = await newFolder(team.member, 'Move B');
    const renamed = await team.member.patch(`/api/drive/folders/${a.id}`, { name: 'Moved A' });
    expect(renamed.body.name).toBe('Moved A');
    const moved = await team.member.patch(`/api/drive/folders/${a.id}`, { parentId: b.id });
    expect(moved.body.parentId).toBe(b.id);
    expect(namesOf((await team.member.get(`/api/drive/folders?parentId=${b.id}`)).body.items)).toEqual(['Moved A']);
    expect((await team.member.patch(`/api/drive/folders/${a.id}`, { parentId: null })).body.parentId).toBeNull();
  });

  it('refuses to move a folder into itself or below itself with 400 FOLDER_CYCLE', async () => {
    const top = await newFolder(team.member, 'Cycle top');
    const mid = await newFolder(team.member, 'Cycle mid', top.id);
    const low = await newFolder(team.member, 'Cycle low', mid.id);
    expectError(await team.member.patch(`/api/drive/folders/${top.id}`, { parentId: top.id }), 400, 'FOLDER_CYCLE');
    expectError(await team.member.patch(`/api/drive/folders/${top.id}`, { parentId: low.id }), 400, 'FOLDER_CYCLE', 'parentId');
    expect((await team.member.get(`/api/drive/folders/${top.id}`)).body.parentId).toBeNull();
  });

  it('refuses to move a folder onto a name in use with 409 NAME_TAKEN', async () => {
    const dest = await newFolder(team.member, 'Dest');
    await newFolder(team.member, 'Same', dest.id);
    const same = await newFolder(team.member, 'Same');
    expectError(await team.member.patch(`/api/drive/folders/${same.id}`, { parentId: dest.id }), 409, 'NAME_TAKEN');
  });

  it('trashes a folder with what is inside, and restores it', async () => {
    const folder = await newFolder(team.member, 'Old projects');
    await upload(team.member, 'inside.txt', 'x', { folderId: folder.id });
    const trashed = await team.member.post(`/api/drive/folders/${folder.id}/trash`);
    expect(trashed.status).toBe(200);
    expect(trashed.body.trashedAt).not.toBeNull();
    expect(namesOf((await team.member.get('/api/drive/folders')).body.items)).not.toContain('Old projects');
    expect(namesOf((await team.member.get('/api/drive/folders?trashed=true')).body.items)).toContain('Old projects');
    // A new folder may take the name while the old one is in the trash; the restored one is numbered.
    await newFolder(team.member, 'Old projects');
    const restored = await team.member.post(`/api/drive/folders/${folder.id}/restore`);
    expect(restored.body).toMatchObject({ trashedAt: null, name: 'Old projects (2)' });
    expect(namesOf((await team.member.get(`/api/drive/files?folderId=${folder.id}`)).body.items)).toEqual(['inside.txt']);
  });

  it('refuses to move into a folder in the trash with 409 FOLDER_TRASHED', async () => {
    const binned = await newFolder(team.member, 'Binned dest');
    const mover = await newFolder(team.member, 'Mover');
    await team.member.post(`/api/drive/folders/${binned.id}/trash`);
    expectError(await team.member.patch(`/api/drive/folders/${mover.id}`, { parentId: binned.id }), 409, 'FOLDER_TRASHED');
  });

  it('deletes a folder for good with its subfolders, files and their bytes, and audits it', async () => {
    const p = await signupPortal(server);
    const keep = await upload(p.client, 'keep.txt', 'keep');
    const top = await newFolder(p.client, 'Archive');
    const sub = await newFolder(p.client, 'Sub', top.id);
    const subsub = await newFolder(p.client, 'Deeper', sub.id);
    const files = [
      await upload(p.client, 'a.bin', randomFile(100), { folderId: top.id }),
      await upload(p.client, 'b.bin', randomFile(200), { folderId: sub.id }),
      await upload(p.client, 'c.bin', randomFile(300), { folderId: subsub.id }),
    ];
    await p.client.post(`/api/drive/files/${files[1]!.id}/trash`);
    expect((await p.client.get('/api/drive/usage')).body.usedBytes).toBe(604);

    const res = await p.client.delete(`/api/drive/folders/${top.id}`);
    expect(res.status).toBe(204);
    for (const id of [top.id, sub.id, subsub.id]) expectError(await p.client.get(`/api/drive/folders/${id}`), 404, 'NOT_FOUND');
    for (const f of files) expectError(await p.client.get(`/api/drive/files/${f.id}`), 404, 'NOT_FOUND');
    expect(filesOnDisk(server.dataDir).filter((k) => k.startsWith(p.portal.id))).toEqual([`${p.portal.id}/${keep.id}`]);
    expect(fs.existsSync(path.join(server.dataDir, 'files', p.portal.id, files[2]!.id))).toBe(false);
    expect((await p.client.get('/api/drive/usage')).body.usedBytes).toBe(4);
    const audit = await p.client.get('/api/audit?action=drive.folder_deleted');
    expect(audit.body.items[0]).toMatchObject({ targetId: top.id, details: { name: 'Archive', folders: 2, files: 3, bytes: 600 } });
  });

  it('lets members and admins manage the same folders', async () => {
    const folder = await newFolder(team.member, 'Shared');
    expect((await team.admin.patch(`/api/drive/folders/${folder.id}`, { name: 'Shared by all' })).status).toBe(200);
    expect((await team.owner.post(`/api/drive/folders/${folder.id}/trash`)).status).toBe(200);
    expect((await team.member.delete(`/api/drive/folders/${folder.id}`)).status).toBe(204);
  });
});

describe('demo drive (skit demo)', () => {
  it('fills a portal with folders and small files, once', async () => {
    const p = await signupPortal(server);
    const ctx = {
      deps: server.deps,
      portalId: p.portal.id,
      actor: { type: 'user' as const, userId: p.user.id, role: 'owner' as const },
      ip: null,
      userAgent: null,
    };
    await seedDriveDemo(ctx);
    await seedDriveDemo(ctx);
    const folders = (await p.client.get('/api/drive/folders')).body.items;
    expect(namesOf(folders)).toEqual(['Contracts', 'Marketing', 'Team']);
    const marketing = folders.find((f: { name: string }) => f.name === 'Marketing');
    const files = (await p.client.get(`/api/drive/files?folderId=${marketing.id}`)).body.items;
    expect(namesOf(files)).toEqual(['Acme logo.svg', 'Campaign budget Q3.csv', 'Tagline ideas.txt']);
    const csv = files.find((f: { name: string }) => f.name.endsWith('.csv'));
    expect(csv.contentType).toBe('text/csv');
    expect(Buffer.from((await fetchBytes(p.client, `/api/drive/files/${csv.id}/content`)).bytes).toString()).toMatch(/^channel,planned_eur/);
    expect(namesOf((await p.client.get('/api/drive/files?trashed=true')).body.items)).toEqual(['Old price list.csv']);
  });
});
