import type { PortalScope } from '../../db/scope.js';
import { isUniqueViolation } from '../../db/errors.js';
import { nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { findItem, nameTaken, parentKeyOf, takenKeys } from './drive.repo.js';
import type { DriveItemKind, DriveItemRow } from '../../db/tables/drive.js';
import { freeName, nameKey, splitExtension } from './names.js';

/** What folders and files have in common: finding, placing, renaming, moving, trash and restore. */

const label = (kind: DriveItemKind) => (kind === 'folder' ? 'Folder' : 'File');

export async function mustFind(s: PortalScope, kind: DriveItemKind, id: string): Promise<DriveItemRow> {
  const item = await findItem(s, kind, id);
  if (!item) throw notFound(label(kind));
  return item;
}

/** The folder and its ancestors, nearest first. */
export async function ancestry(s: PortalScope, folderId: string): Promise<DriveItemRow[]> {
  const chain: DriveItemRow[] = [];
  const seen = new Set<string>();
  for (let id: string | null = folderId; id && !seen.has(id);) {
    seen.add(id);
    const folder = await findItem(s, 'folder', id);
    if (!folder) break;
    chain.push(folder);
    id = folder.parent_id;
  }
  return chain;
}

/** True when the folder or one of its ancestors is in the trash. */
export const isInTrash = async (s: PortalScope, folderId: string): Promise<boolean> => (await ancestry(s, folderId)).some((f) => f.trashed_at);

/** A folder something can be put into: it exists in this portal and is not in the trash (null = the root). */
export async function assertDestination(s: PortalScope, folderId: string | null): Promise<void> {
  if (!folderId) return;
  const chain = await ancestry(s, folderId);
  if (chain.length === 0) throw notFound('Folder');
  if (chain.some((f) => f.trashed_at)) throw new AppError('FOLDER_TRASHED', 'That folder is in the trash; restore it first');
}

export const nameTakenError = (name: string) =>
  new AppError('NAME_TAKEN', `"${name}" already exists in this folder`, { fields: [{ path: 'name', message: 'already exists in this folder' }] });

/** The last name a write tried, so that a unique-index clash (a concurrent write) is not tried again. */
export interface NameAttempt {
  avoid: Set<string>;
  tried: string | null;
}

/** `name`, or "name (2)" and so on when a live sibling already has it. */
export async function pickFreeName(s: PortalScope, parentId: string | null, name: string, attempt: NameAttempt): Promise<string> {
  const taken = await takenKeys(s, parentId, nameKey(splitExtension(name).stem).slice(0, 200));
  for (const key of attempt.avoid) taken.add(key);
  const free = freeName(name, taken);
  attempt.tried = nameKey(free);
  return free;
}

/** Runs a write that picks a free name in its own transaction, again when another write took the name meanwhile. */
export async function withFreeName<T>(ctx: PortalContext, write: (s: PortalScope, attempt: NameAttempt) => Promise<T>): Promise<T> {
  const attempt: NameAttempt = { avoid: new Set(), tried: null };
  for (let round = 1; ; round++) {
    try {
      return await ctx.deps.db.transaction().execute((trx) => write(scopeOf(ctx, trx), attempt));
    } catch (err) {
      if (!isUniqueViolation(err) || !attempt.tried || round >= 10) throw err;
      attempt.avoid.add(attempt.tried);
    }
  }
}

/** Rename and/or move; a clash with a live sibling is 409 NAME_TAKEN, a folder into itself 400 FOLDER_CYCLE. */
export async function renameOrMove(
  ctx: PortalContext,
  kind: DriveItemKind,
  id: string,
  input: { name?: string; parentId?: string | null },
): Promise<DriveItemRow> {
  try {
    return await ctx.deps.db.transaction().execute(async (trx) => {
      const s = scopeOf(ctx, trx);
      const item = await mustFind(s, kind, id);
      const parentId = input.parentId === undefined ? item.parent_id : input.parentId;
      const name = input.name ?? item.name;
      const moved = parentId !== item.parent_id;
      if (moved && kind === 'folder' && parentId && (await ancestry(s, parentId)).some((f) => f.id === item.id)) {
        throw new AppError('FOLDER_CYCLE', 'A folder cannot be moved into itself or one of its subfolders', {
          fields: [{ path: 'parentId', message: 'is this folder or inside it' }],
        });
      }
      if (moved) await assertDestination(s, parentId);
      if (!moved && name === item.name) return item;
      // Trashed items step out of the namespace; they get a free name when restored.
      if (!item.trashed_at && (await nameTaken(s, parentId, nameKey(name), item.id))) throw nameTakenError(name);
      const changes = { name, name_key: nameKey(name), parent_id: parentId, parent_key: parentKeyOf(parentId), updated_at: nowIso(ctx) };
      await s.updateTable('drive_items', changes).where('id', '=', id).execute();
      return { ...item, ...changes };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTakenError(input.name ?? 'That name');
    throw err;
  }
}

/** Puts the item in the trash (its contents go with it); trashing it again changes nothing. */
export async function trashItem(ctx: PortalContext, kind: DriveItemKind, id: string): Promise<DriveItemRow> {
  return ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    const item = await mustFind(s, kind, id);
    if (item.trashed_at) return item;
    const at = nowIso(ctx);
    await s.updateTable('drive_items', { trashed_at: at, updated_at: at }).where('id', '=', id).execute();
    return { ...item, trashed_at: at, updated_at: at };
  });
}

/**
 * Takes the item out of the trash, back into its folder, or into the root when
 * that folder is itself in the trash; a name taken meanwhile becomes "name (2)".
 */
export async function restoreItem(ctx: PortalContext, kind: DriveItemKind, id: string): Promise<DriveItemRow> {
  return withFreeName(ctx, async (s, attempt) => {
    const item = await mustFind(s, kind, id);
    if (!item.trashed_at) return item;
    const parentId = item.parent_id && !(await isInTrash(s, item.parent_id)) ? item.parent_id : null;
    const name = await pickFreeName(s, parentId, item.name, attempt);
    const changes = { trashed_at: null, name, name_key: nameKey(name), parent_id: parentId, parent_key: parentKeyOf(parentId), updated_at: nowIso(ctx) };
    await s.updateTable('drive_items', changes).where('id', '=', id).execute();
    return { ...item, ...changes };
  });
}
