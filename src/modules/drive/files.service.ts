import type { Readable } from 'node:stream';
import { actorUserId, nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { recordAudit } from '../audit/index.js';
import { listItems, parentKeyOf, toFileOut, usedBytes } from './drive.repo.js';
import type { FileOut, ListQuery } from './drive.schema.js';
import type { DriveItemRow } from '../../db/tables/drive.js';
import { storedContentType } from './content-types.js';
import { assertDestination, mustFind, pickFreeName, renameOrMove, restoreItem, trashItem, withFreeName } from './items.service.js';
import { nameKey, uploadedName } from './names.js';
import { storageQuota } from './quota.js';
import { isAvailable, overQuotaCutoff } from './availability.js';
import { driveFileStore, fileKey, StoredObjectMissing, StoredObjectTooLarge, type ByteRange } from './storage.js';
import { newId } from '../../kernel/ids.js';

const store = (ctx: PortalContext) => driveFileStore(ctx.deps.config);

export async function listFiles(ctx: PortalContext, folderId: string | undefined, q: ListQuery) {
  const s = scopeOf(ctx);
  if (folderId) await mustFind(s, 'folder', folderId);
  // The trash lists files from everywhere unless a folder is named; the browser lists one folder (the root by default).
  const where = q.trashed ? folderId : (folderId ?? null);
  const { page, nextCursor } = await listItems(s, 'file', where, q);
  const cutoff = await overQuotaCutoff(ctx);
  return { items: page.map((r) => toFileOut(r, isAvailable(r, cutoff))), nextCursor };
}

/** The API view of one file, with whether it is within the storage quota. */
const present = async (ctx: PortalContext, row: DriveItemRow): Promise<FileOut> => toFileOut(row, isAvailable(row, await overQuotaCutoff(ctx)));

export async function getFile(ctx: PortalContext, id: string): Promise<FileOut> {
  return present(ctx, await mustFind(scopeOf(ctx), 'file', id));
}

/** A file arriving as a stream: the name and type its sender claims, and whether the transport cut it short. */
export interface IncomingFile {
  name: string | undefined;
  contentType: string | undefined;
  stream: Readable;
  /** True when the upload went over the transport's size limit and was cut (multipart's `file.truncated`). */
  truncated?: () => boolean;
}

const tooLarge = (maxBytes: number) => new AppError('PAYLOAD_TOO_LARGE', `The file is larger than the upload limit of ${formatBytes(maxBytes)}`, { maxBytes });

/**
 * Streams the file into the store (never whole in memory), then records it in
 * the folder under a free name ("report (2).pdf" when "report.pdf" is there).
 * Over the size limit or the quota nothing is kept: no row, no bytes.
 */
export async function uploadFile(ctx: PortalContext, folderId: string | null, incoming: IncomingFile): Promise<FileOut> {
  await assertDestination(scopeOf(ctx), folderId);
  const quota = storageQuota();
  await quota.assertCanStore(ctx, 0);
  const id = newId();
  const key = fileKey(ctx.portalId, id);
  const maxBytes = ctx.deps.config.MAX_UPLOAD_BYTES;
  let stored;
  try {
    stored = await store(ctx).put(key, incoming.stream, { maxBytes });
  } catch (err) {
    if (err instanceof StoredObjectTooLarge) throw tooLarge(maxBytes);
    throw err;
  }
  try {
    if (incoming.truncated?.()) throw tooLarge(maxBytes);
    // Only now is the size known.
    await quota.assertCanStore(ctx, stored.bytes);
    const name = uploadedName(incoming.name);
    const row = await withFreeName(ctx, async (s, attempt) => {
      await assertDestination(s, folderId);
      const free = await pickFreeName(s, folderId, name, attempt);
      const at = nowIso(ctx);
      const values: Omit<DriveItemRow, 'portal_id'> = {
        id,
        kind: 'file',
        parent_id: folderId,
        parent_key: parentKeyOf(folderId),
        name: free,
        name_key: nameKey(free),
        size_bytes: stored.bytes,
        content_type: storedContentType(incoming.contentType, free),
        sha256: stored.sha256,
        trashed_at: null,
        created_by: actorUserId(ctx),
        created_at: at,
        updated_at: at,
      };
      await s.insertInto('drive_items', values).execute();
      return { ...values, portal_id: ctx.portalId };
    });
    return toFileOut(row);
  } catch (err) {
    await store(ctx).delete(key);
    throw err;
  }
}

/** The file's bytes, or a range of them, as a stream. */
export async function openFileContent(ctx: PortalContext, file: Pick<FileOut, 'id'>, range?: ByteRange): Promise<Readable> {
  try {
    return await store(ctx).get(fileKey(ctx.portalId, file.id), range);
  } catch (err) {
    if (err instanceof StoredObjectMissing) {
      ctx.deps.log.error({ portalId: ctx.portalId, fileId: file.id }, 'drive: stored bytes missing');
      throw new AppError('INTERNAL', 'The contents of this file are missing from storage');
    }
    throw err;
  }
}

export async function updateFile(ctx: PortalContext, id: string, input: { name?: string; folderId?: string | null }) {
  return present(ctx, await renameOrMove(ctx, 'file', id, { name: input.name, parentId: input.folderId }));
}

export const trashFile = async (ctx: PortalContext, id: string) => present(ctx, await trashItem(ctx, 'file', id));
export const restoreFile = async (ctx: PortalContext, id: string) => present(ctx, await restoreItem(ctx, 'file', id));

/** Deletes the file for good: the row now, the bytes once that is committed. */
export async function deleteFile(ctx: PortalContext, id: string): Promise<void> {
  await ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    const file = await mustFind(s, 'file', id);
    await s.deleteFrom('drive_items').where('id', '=', id).execute();
    await recordAudit(
      ctx,
      { action: 'drive.file_deleted', targetType: 'drive_file', targetId: id, details: { name: file.name, bytes: Number(file.size_bytes) } },
      trx,
    );
  });
  await removeStoredBytes(ctx, [id]);
}

/** After a delete has committed: a failure here leaves unreferenced bytes (logged), never a row without bytes. */
export async function removeStoredBytes(ctx: PortalContext, fileIds: string[]): Promise<void> {
  for (const fileId of fileIds) {
    try {
      await store(ctx).delete(fileKey(ctx.portalId, fileId));
    } catch (err) {
      ctx.deps.log.error({ err, portalId: ctx.portalId, fileId }, 'drive: could not remove stored bytes');
    }
  }
}

/** Bytes stored by the portal (trash included) and its allowance (null: no limit). */
export async function getUsage(ctx: PortalContext) {
  return { usedBytes: await usedBytes(scopeOf(ctx)), quotaBytes: await storageQuota().quotaBytes(ctx) };
}

function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
