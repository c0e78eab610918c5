import type { Readable } from 'node:stream';
import { scopeOf, type PortalContext } from '../../kernel/context.js';
import {
  afterKey,
  columns,
  int,
  noRows,
  pagedRows,
  recordPages,
  text,
  textOrNull,
  type PortableModule,
  type PortableRecord,
  type PortableTable,
} from '../../kernel/portable.js';
import { parentKeyOf } from './drive.repo.js';
import type { DriveItemKind, DriveItemRow } from '../../db/tables/drive.js';
import { nameKey } from './names.js';
import { driveFileStore, fileKey } from './storage.js';

/**
 * The drive in an export (POR-1) and its import (POR-4). `drive.csv` lists every
 * folder and file (trash included) with the path its bytes have in the archive:
 * live items under `files/` in their folder tree and under their own names, items in
 * the trash under `trash/<id of the trashed item>/`. Every file is there whatever
 * the plan or quota says: nothing is held back from its owner.
 *
 * The folders are held in memory to build paths (a portal has far fewer folders
 * than files); files are streamed.
 */

interface FolderNode {
  id: string;
  parent_id: string | null;
  name: string;
  trashed_at: string | null;
}

export const LIVE_PREFIX = 'files';
export const TRASH_PREFIX = 'trash';

/** The archive path of an item: its names from the root, or from the trashed item it lies in. */
export function archivePath(item: FolderNode, folders: Map<string, FolderNode>): string {
  const names: string[] = [];
  let node: FolderNode | undefined = item;
  let trashedRoot: string | null = null;
  while (node) {
    names.unshift(node.name);
    if (node.trashed_at) trashedRoot = node.id;
    node = node.parent_id ? folders.get(node.parent_id) : undefined;
  }
  if (!trashedRoot) return [LIVE_PREFIX, ...names].join('/');
  // From the outermost trashed item down.
  const chain: FolderNode[] = [];
  node = item;
  while (node) {
    chain.unshift(node);
    if (node.id === trashedRoot) break;
    node = node.parent_id ? folders.get(node.parent_id) : undefined;
  }
  return [TRASH_PREFIX, trashedRoot, ...chain.map((n) => n.name)].join('/');
}

async function loadFolders(ctx: PortalContext): Promise<FolderNode[]> {
  return scopeOf(ctx).selectFrom('drive_items').select(['id', 'parent_id', 'name', 'trashed_at']).where('kind', '=', 'folder').execute();
}

/** Folders parent before child (the order they can be inserted in). */
function treeOrder(folders: FolderNode[]): FolderNode[] {
  const children = new Map<string | null, FolderNode[]>();
  for (const f of folders) children.set(f.parent_id, [...(children.get(f.parent_id) ?? []), f]);
  const out: FolderNode[] = [];
  const queue = [...(children.get(null) ?? [])];
  while (queue.length) {
    const f = queue.shift()!;
    out.push(f);
    queue.push(...(children.get(f.id) ?? []));
  }
  return out;
}

const toRecord = (r: DriveItemRow, path: string): PortableRecord => ({
  id: r.id,
  kind: r.kind,
  parent_id: r.parent_id,
  name: r.name,
  path,
  size_bytes: Number(r.size_bytes),
  content_type: r.content_type,
  sha256: r.sha256,
  trashed_at: r.trashed_at,
  created_by: r.created_by,
  created_at: r.created_at,
  updated_at: r.updated_at,
});

/** Every file with its archive path, streamed (for the bytes: the export adds each under its path). */
export async function* driveFiles(ctx: PortalContext): AsyncGenerator<{ id: string; path: string; bytes: number; record: PortableRecord }> {
  const folders = new Map((await loadFolders(ctx)).map((f) => [f.id, f]));
  const rows = pagedRows<DriveItemRow>((after, limit) => {
    let q = scopeOf(ctx).selectFrom('drive_items').selectAll().where('kind', '=', 'file').orderBy('created_at').orderBy('id').limit(limit);
    if (after) q = q.where(afterKey('created_at', 'id', [after.created_at, after.id]));
    return q.execute();
  });
  for await (const r of rows) {
    const path = archivePath(r, folders);
    yield { id: r.id, path, bytes: Number(r.size_bytes), record: toRecord(r, path) };
  }
}

/** Every folder with its archive path, parent before child. */
export async function driveFolders(ctx: PortalContext): Promise<{ id: string; path: string }[]> {
  const folders = await loadFolders(ctx);
  const byId = new Map(folders.map((f) => [f.id, f]));
  return treeOrder(folders).map((f) => ({ id: f.id, path: archivePath(f, byId) }));
}

/** The stored bytes of a file, whatever its availability on the current plan. */
export function openStoredFile(ctx: PortalContext, fileId: string): Promise<Readable> {
  return driveFileStore(ctx.deps.config).get(fileKey(ctx.portalId, fileId));
}

/** Folders in tree order (parent before child), then files. */
async function* records(ctx: PortalContext): AsyncGenerator<PortableRecord> {
  const folders = await loadFolders(ctx);
  const byId = new Map(folders.map((f) => [f.id, f]));
  const ordered = treeOrder(folders).map((f) => f.id);
  for (let i = 0; i < ordered.length; i += 500) {
    const rows = await scopeOf(ctx)
      .selectFrom('drive_items')
      .selectAll()
      .where('id', 'in', ordered.slice(i, i + 500))
      .execute();
    const byRow = new Map(rows.map((r) => [r.id, r]));
    for (const id of ordered.slice(i, i + 500)) {
      const r = byRow.get(id);
      if (r) yield toRecord(r, archivePath(r, byId));
    }
  }
  for await (const f of driveFiles(ctx)) yield f.record;
}

const driveColumns = columns(
  'id:id',
  'kind',
  'parent_id:ref?',
  'name',
  'path',
  'size_bytes:int',
  'content_type?',
  'sha256?',
  'trashed_at?',
  'created_by:user?',
  'created_at',
  'updated_at',
);

const driveTable: PortableTable = {
  entity: 'drive',
  tables: ['drive_items'],
  columns: driveColumns,
  count: async (ctx) =>
    Number(
      (
        await scopeOf(ctx)
          .selectFrom('drive_items')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  pages(ctx) {
    return recordPages(driveColumns, records(ctx));
  },
  /** Folders first (parent before child), then files, whose bytes come from the archive. */
  insert: async (ctx, trx, records, ids) => {
    const s = scopeOf(ctx, trx);
    const store = driveFileStore(ctx.deps.config);
    for (const r of records) {
      const id = text(r.id);
      const parentId = textOrNull(r.parent_id);
      const kind = text(r.kind) as DriveItemKind;
      let sizeBytes = 0;
      let sha256 = textOrNull(r.sha256);
      if (kind === 'file') {
        const stored = await store.put(fileKey(ctx.portalId, id), await ids.openFile(text(r.path)));
        sizeBytes = stored.bytes;
        sha256 = stored.sha256;
      }
      const row: Omit<DriveItemRow, 'portal_id'> = {
        id,
        kind,
        parent_id: parentId,
        parent_key: parentKeyOf(parentId),
        name: text(r.name),
        name_key: nameKey(text(r.name)),
        size_bytes: kind === 'file' ? sizeBytes : int(r.size_bytes),
        content_type: textOrNull(r.content_type),
        sha256,
        trashed_at: textOrNull(r.trashed_at),
        created_by: textOrNull(r.created_by),
        created_at: text(r.created_at),
        updated_at: text(r.updated_at),
      };
      await s.insertInto('drive_items', row).execute();
    }
  },
  clear: async (ctx, trx) => {
    const s = scopeOf(ctx, trx);
    // Unlink first (the parent_id foreign key), then delete, then the bytes.
    await s.updateTable('drive_items', { parent_id: null }).execute();
    await s.deleteFrom('drive_items').execute();
    const store = driveFileStore(ctx.deps.config);
    for await (const key of store.list(`${ctx.portalId}/`)) await store.delete(key);
  },
};

export const drivePortable: PortableModule = {
  name: 'drive',
  tables: [driveTable],
  isEmpty: (ctx) => noRows(ctx, ['drive_items']),
};
