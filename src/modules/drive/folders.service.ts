import { isUniqueViolation } from '../../db/errors.js';
import { actorUserId, nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { recordAudit } from '../audit/index.js';
import { deleteItems, descendantsOf, listItems, nameTaken, parentKeyOf, toFolderOut } from './drive.repo.js';
import type { ListQuery } from './drive.schema.js';
import type { DriveItemRow } from '../../db/tables/drive.js';
import { ancestry, assertDestination, mustFind, nameTakenError, renameOrMove, restoreItem, trashItem } from './items.service.js';
import { nameKey } from './names.js';
import { removeStoredBytes } from './files.service.js';
import { newId } from '../../kernel/ids.js';

export async function listFolders(ctx: PortalContext, parentId: string | undefined, q: ListQuery) {
  const s = scopeOf(ctx);
  if (parentId) await mustFind(s, 'folder', parentId);
  // The trash lists folders from everywhere unless a parent is named; the browser lists one folder (the root by default).
  const where = q.trashed ? parentId : (parentId ?? null);
  const { page, nextCursor } = await listItems(s, 'folder', where, q);
  return { items: page.map(toFolderOut), nextCursor };
}

export async function getFolder(ctx: PortalContext, id: string) {
  const s = scopeOf(ctx);
  const folder = await mustFind(s, 'folder', id);
  const chain = await ancestry(s, id);
  return { ...toFolderOut(folder), path: chain.reverse().map((f) => ({ id: f.id, name: f.name })) };
}

/** A new folder; a live sibling with the same name (any case) is 409 NAME_TAKEN. */
export async function createFolder(ctx: PortalContext, input: { name: string; parentId?: string | null }) {
  const parentId = input.parentId ?? null;
  const at = nowIso(ctx);
  const row: DriveItemRow = {
    id: newId(),
    portal_id: ctx.portalId,
    kind: 'folder',
    parent_id: parentId,
    parent_key: parentKeyOf(parentId),
    name: input.name,
    name_key: nameKey(input.name),
    size_bytes: 0,
    content_type: null,
    sha256: null,
    trashed_at: null,
    created_by: actorUserId(ctx),
    created_at: at,
    updated_at: at,
  };
  try {
    await ctx.deps.db.transaction().execute(async (trx) => {
      const s = scopeOf(ctx, trx);
      await assertDestination(s, parentId);
      if (await nameTaken(s, parentId, row.name_key, row.id)) throw nameTakenError(row.name);
      const { portal_id: _portal, ...values } = row;
      await s.insertInto('drive_items', values).execute();
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTakenError(row.name);
    throw err;
  }
  return toFolderOut(row);
}

export async function updateFolder(ctx: PortalContext, id: string, input: { name?: string; parentId?: string | null }) {
  return toFolderOut(await renameOrMove(ctx, 'folder', id, input));
}

export const trashFolder = async (ctx: PortalContext, id: string) => toFolderOut(await trashItem(ctx, 'folder', id));
export const restoreFolder = async (ctx: PortalContext, id: string) => toFolderOut(await restoreItem(ctx, 'folder', id));

const isForeignKeyViolation = (err: unknown) => {
  const code = (err as { code?: string } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
};

/** Deletes the folder for good with everything in it, and then their stored bytes. */
export async function deleteFolder(ctx: PortalContext, id: string): Promise<void> {
  let fileIds: string[];
  try {
    fileIds = await ctx.deps.db.transaction().execute(async (trx) => {
      const s = scopeOf(ctx, trx);
      const folder = await mustFind(s, 'folder', id);
      const levels = await descendantsOf(s, [id]);
      // Deepest level first: no row ever points at a folder that is already gone.
      for (const level of [...levels].reverse())
        await deleteItems(
          s,
          level.map((r) => r.id),
        );
      await deleteItems(s, [id]);
      const inside = levels.flat();
      const files = inside.filter((r) => r.kind === 'file');
      await recordAudit(
        ctx,
        {
          action: 'drive.folder_deleted',
          targetType: 'drive_folder',
          targetId: id,
          details: {
            name: folder.name,
            folders: inside.length - files.length,
            files: files.length,
            bytes: files.reduce((n, f) => n + Number(f.size_bytes), 0),
          },
        },
        trx,
      );
      return files.map((f) => f.id);
    });
  } catch (err) {
    // Something was added inside while the folder was being deleted.
    if (isForeignKeyViolation(err)) throw new AppError('CONFLICT', 'The folder changed while it was being deleted; try again');
    throw err;
  }
  await removeStoredBytes(ctx, fileIds);
}
