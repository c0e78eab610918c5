import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { notFound } from '../../kernel/errors.js';
import type { SchedulingBlockRow } from '../../db/tables/scheduling.js';
import { callerOrThrow } from './availability.service.js';
import { requestReplacement } from './replace.service.js';

/** The caller's auto-scheduled blocks, and pinning them (SCH-4, ADR 0024). */

const toBlockOut = (b: SchedulingBlockRow) => ({
  id: b.id,
  taskId: b.task_id,
  eventId: b.event_id,
  start: b.start_utc,
  end: b.end_utc,
  pinned: b.pinned === 1,
});

export async function listMyBlocks(ctx: PortalContext, query: { from?: string; to?: string; eventId?: string }) {
  const me = callerOrThrow(ctx);
  const from = query.from ? new Date(query.from) : ctx.deps.clock.now(ctx.portalId);
  let q = scopeOf(ctx).selectFrom('scheduling_blocks').selectAll().where('user_id', '=', me).where('end_utc', '>', from.toISOString());
  if (query.to) q = q.where('start_utc', '<', new Date(query.to).toISOString());
  if (query.eventId) q = q.where('event_id', '=', query.eventId);
  const rows = await q.orderBy('start_utc').orderBy('id').limit(1000).execute();
  return { items: rows.map(toBlockOut) };
}

/** Pins or unpins one of the caller's blocks. Unpinning lets re-placement move it again, so it asks for one. */
export async function setBlockPinned(ctx: PortalContext, id: string, pinned: boolean) {
  const me = callerOrThrow(ctx);
  return ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    const block = await s.selectFrom('scheduling_blocks').selectAll().where('id', '=', id).where('user_id', '=', me).executeTakeFirst();
    if (!block) throw notFound('Block');
    if ((block.pinned === 1) !== pinned) {
      await s
        .updateTable('scheduling_blocks', { pinned: pinned ? 1 : 0 })
        .where('id', '=', id)
        .execute();
      if (!pinned) await requestReplacement(ctx, trx, [me]);
    }
    return toBlockOut({ ...block, pinned: pinned ? 1 : 0 });
  });
}
