import { portalScope } from '../../db/scope.js';
import type { AppDeps } from '../../kernel/context.js';
import { driveFileStore, fileKey } from './storage.js';

/**
 * The daily drive sweep (ADR 0025): bytes in the file store that no drive item points
 * to — a process died between writing the bytes and committing the row, or after a
 * delete committed and before its bytes went — are removed. Only bytes last written
 * before `olderThan` (the grace age): an upload in flight writes its bytes before its
 * row, so young bytes are never touched. Trashed files are drive items: they stay.
 * Export ZIPs and import uploads live outside the file store (DATA_DIR/exports,
 * DATA_DIR/imports) and have their own expiry. Running it again removes nothing more.
 */

export interface DriveSweep {
  /** Stored objects looked at. */
  checked: number;
  /** Objects no drive item points to, removed. */
  orphans: number;
  /** Objects no drive item points to, kept because they are younger than the grace age. */
  young: number;
  /** Leftovers of writes that never finished, removed. */
  abandonedWrites: number;
}

const BATCH = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function sweepOrphanedFiles(deps: AppDeps, olderThan: Date): Promise<DriveSweep> {
  const store = driveFileStore(deps.config);
  const out: DriveSweep = { checked: 0, orphans: 0, young: 0, abandonedWrites: 0 };
  let portalId: string | null = null;
  let batch: string[] = [];

  const flush = async () => {
    if (!portalId || batch.length === 0) return;
    const known = new Set(
      (await portalScope(deps.db, portalId).selectFrom('drive_items').select('id').where('kind', '=', 'file').where('id', 'in', batch).execute()).map(
        (r) => r.id,
      ),
    );
    for (const fileId of batch) {
      if (known.has(fileId)) continue;
      const key = fileKey(portalId, fileId);
      const st = await store.stat(key);
      if (!st) continue;
      if (st.modifiedAt >= olderThan) {
        out.young += 1;
        continue;
      }
      await store.delete(key);
      out.orphans += 1;
    }
    batch = [];
  };

  // Keys come in order, portal by portal (`<portalId>/<fileId>`).
  for await (const key of store.list('')) {
    const [p, fileId, ...rest] = key.split('/');
    if (!p || !fileId || rest.length > 0 || !UUID.test(p) || !UUID.test(fileId)) continue; // not a drive file: not ours to judge
    out.checked += 1;
    if (p !== portalId || batch.length >= BATCH) {
      await flush();
      portalId = p;
    }
    batch.push(fileId);
  }
  await flush();
  out.abandonedWrites = await store.removeAbandonedWrites(olderThan);
  return out;
}
