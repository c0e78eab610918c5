import { sql } from 'kysely';
import type { Executor } from '../../db/scope.js';
import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { usedBytes } from './drive.repo.js';
import type { DriveItemRow } from '../../db/tables/drive.js';
import { storageQuota } from './quota.js';

/**
 * Files over the storage quota (LIF-2): when a portal stores more than its plan
 * allows (after a downgrade), the oldest files that fit within the quota stay
 * available; every file from the first one that does not fit onwards stays
 * listed with `available: false` and cannot be downloaded until the portal is
 * under quota again or upgrades. Nothing is deleted. The lifecycle preview
 * computes the same rule (src/modules/lifecycle/impact.ts `filesOverQuota`)
 * on the files in the order `filesInStorageOrder` returns them.
 */

/** The first file (in storage order) that does not fit, or null when every file is available. */
export interface QuotaCutoff {
  createdAt: string;
  id: string;
}

export async function overQuotaCutoff(ctx: PortalContext, executor: Executor = ctx.deps.db): Promise<QuotaCutoff | null> {
  const quota = await storageQuota().quotaBytes(ctx);
  if (quota === null) return null;
  const s = scopeOf(ctx, executor);
  if ((await usedBytes(s)) <= quota) return null;
  const running = sql<number>`sum(${sql.ref('size_bytes')}) over (order by ${sql.ref('created_at')}, ${sql.ref('id')} rows between unbounded preceding and current row)`;
  const files = s
    .selectFrom('drive_items')
    .select(['id', 'created_at', running.as('running')])
    .where('kind', '=', 'file');
  const first = await executor
    .selectFrom(files.as('f'))
    .select(['f.id', 'f.created_at'])
    .where('f.running', '>', quota)
    .orderBy('f.created_at')
    .orderBy('f.id')
    .limit(1)
    .executeTakeFirst();
  return first ? { createdAt: first.created_at, id: first.id } : null;
}

/** Whether a file can be downloaded under the cutoff: it is stored before the first file that does not fit. */
export function isAvailable(row: Pick<DriveItemRow, 'created_at' | 'id'>, cutoff: QuotaCutoff | null): boolean {
  if (!cutoff) return true;
  return row.created_at < cutoff.createdAt || (row.created_at === cutoff.createdAt && row.id < cutoff.id);
}

/** Every file of the portal (trash included), oldest first: the order the quota rule walks. */
export async function filesInStorageOrder(ctx: PortalContext, executor: Executor = ctx.deps.db) {
  const rows = await scopeOf(ctx, executor)
    .selectFrom('drive_items')
    .select(['id', 'name', 'size_bytes', 'created_at'])
    .where('kind', '=', 'file')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, sizeBytes: Number(r.size_bytes), createdAt: r.created_at }));
}

export function fileOverQuota(name: string): AppError {
  return new AppError(
    'FILE_OVER_QUOTA',
    `"${name}" is over the portal's storage quota, so it cannot be downloaded. Upgrade, or delete files to get under the quota, and it is available again. Nothing was deleted.`,
  );
}
