import { sql } from 'kysely';
import type { PortalScope } from '../../db/scope.js';
import { keyset, parseSort, toPage } from '../../kernel/pagination.js';
import type { DriveItemKind, DriveItemRow } from '../../db/tables/drive.js';
import type { FileOut, FolderOut, ListQuery } from './drive.schema.js';

/** Queries on drive_items, always through the portal scope. */

export const parentKeyOf = (parentId: string | null): string => parentId ?? '';

export function findItem(s: PortalScope, kind: DriveItemKind, id: string): Promise<DriveItemRow | undefined> {
  return s.selectFrom('drive_items').selectAll().where('id', '=', id).where('kind', '=', kind).executeTakeFirst();
}

const sortColumns = { name: 'name_key', createdAt: 'created_at', updatedAt: 'updated_at', sizeBytes: 'size_bytes' };

/** One page of a folder's live children of one kind, or of the trash (`parentId` undefined = the whole trash). */
export async function listItems(s: PortalScope, kind: DriveItemKind, parentId: string | null | undefined, q: ListQuery) {
  let query = s.selectFrom('drive_items').selectAll().where('kind', '=', kind);
  if (q.trashed) query = query.where('trashed_at', 'is not', null);
  else query = query.where('trashed_at', 'is', null);
  if (parentId !== undefined) query = query.where('parent_key', '=', parentKeyOf(parentId));
  const sort = parseSort(q.sort, sortColumns);
  const rows = await keyset(query, sort, 'id', q.cursor, q.limit).execute();
  const { page, nextCursor } = toPage(rows, q.limit, (r) => ({ v: (r as unknown as Record<string, string | number>)[sort.column], id: r.id }));
  return { page, nextCursor };
}

/** Keys of live items in a folder whose key starts with `prefix` (candidates for a numbered name). */
export async function takenKeys(s: PortalScope, parentId: string | null, prefix: string): Promise<Set<string>> {
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await s
    .selectFrom('drive_items')
    .select('name_key')
    .where('parent_key', '=', parentKeyOf(parentId))
    .where('trashed_at', 'is', null)
    .where(sql<boolean>`${sql.ref('name_key')} like ${pattern} escape '\\'`)
    .execute();
  return new Set(rows.map((r) => r.name_key));
}

export async function nameTaken(s: PortalScope, parentId: string | null, key: string, exceptId: string): Promise<boolean> {
  const row = await s
    .selectFrom('drive_items')
    .select('id')
    .where('parent_key', '=', parentKeyOf(parentId))
    .where('name_key', '=', key)
    .where('trashed_at', 'is', null)
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  return !!row;
}

/** Everything inside the given folders, level by level from the top (the folders themselves excluded). */
export async function descendantsOf(s: PortalScope, folderIds: string[]): Promise<Pick<DriveItemRow, 'id' | 'kind' | 'size_bytes'>[][]> {
  const levels: Pick<DriveItemRow, 'id' | 'kind' | 'size_bytes'>[][] = [];
  let frontier = folderIds;
  while (frontier.length > 0) {
    const level: Pick<DriveItemRow, 'id' | 'kind' | 'size_bytes'>[] = [];
    for (const chunk of chunks(frontier, 500)) {
      level.push(...(await s.selectFrom('drive_items').select(['id', 'kind', 'size_bytes']).where('parent_id', 'in', chunk).execute()));
    }
    if (level.length > 0) levels.push(level);
    frontier = level.filter((r) => r.kind === 'folder').map((r) => r.id);
  }
  return levels;
}

export async function deleteItems(s: PortalScope, ids: string[]): Promise<void> {
  for (const chunk of chunks(ids, 500)) await s.deleteFrom('drive_items').where('id', 'in', chunk).execute();
}

export async function usedBytes(s: PortalScope): Promise<number> {
  const row = await s
    .selectFrom('drive_items')
    .select((eb) => eb.fn.sum<number | string | null>('size_bytes').as('total'))
    .where('kind', '=', 'file')
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const toFolderOut = (r: DriveItemRow): FolderOut => ({
  id: r.id,
  name: r.name,
  parentId: r.parent_id,
  trashedAt: r.trashed_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  createdBy: r.created_by,
});

/** `available`: false when the file is over the portal's storage quota (see availability.ts). */
export const toFileOut = (r: DriveItemRow, available = true): FileOut => ({
  id: r.id,
  name: r.name,
  folderId: r.parent_id,
  sizeBytes: Number(r.size_bytes),
  contentType: r.content_type ?? 'application/octet-stream',
  sha256: r.sha256 ?? '',
  available,
  trashedAt: r.trashed_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  createdBy: r.created_by,
});
