import { sql } from 'kysely';
import type { Executor } from '../../db/scope.js';
import { scopeOf, type AppDeps, type PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { keyset, toPage } from '../../kernel/pagination.js';
import { closePortalForDeletion, findPortalById, listAdmins } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { ERASE_JOB } from './deletion.service.js';
import { newReference } from './lifecycle.repo.js';
import type { PortalDeletionRow } from '../../db/tables/lifecycle.js';
import { newId } from '../../kernel/ids.js';

/**
 * What the operator console (LIF-7) and the switch between hosted and
 * self-hosted (LIF-6) need from the lifecycle: cancellations with their
 * reasons and the retention offers taken, this month's counts, a deletion
 * started by an operator (the same erasure as LIF-5), and setting aside
 * pauses and scheduled cancellations that no longer apply.
 */

export interface CancellationOutcome {
  id: string;
  portalId: string;
  /** `cancellation`: the admin confirmed a cancel or downgrade; `retention_offer`: they took the offer (a pause) instead. */
  kind: 'cancellation' | 'retention_offer';
  mode: 'cancel' | 'downgrade' | null;
  fromPlanId: string | null;
  targetPlanId: string | null;
  reason: string | null;
  /** The offer shown beside "Cancel anyway" and declined (cancellations only). */
  offerDeclined: string | null;
  /** scheduled | withdrawn | applied (cancellations); active | ended (pauses). */
  status: string;
  pauseMonths: number | null;
  effectiveAt: string | null;
  createdAt: string;
}

/** Cancellations and retention offers taken, across portals, newest first. */
export async function listCancellationOutcomes(deps: AppDeps, q: { limit: number; cursor?: string; since?: string }) {
  const db = deps.db;
  const cancellations = db
    .selectFrom('lifecycle_cancellations')
    .select([
      'id',
      'portal_id',
      sql<string>`'cancellation'`.as('kind'),
      sql<string | null>`mode`.as('mode'),
      sql<string | null>`from_plan_id`.as('from_plan_id'),
      sql<string | null>`target_plan_id`.as('target_plan_id'),
      'reason',
      'offer_shown',
      sql<string>`status`.as('status'),
      sql<number | null>`cast(null as integer)`.as('months'),
      sql<string | null>`effective_at`.as('effective_at'),
      'created_at',
    ]);
  const offers = db
    .selectFrom('lifecycle_pauses')
    .select([
      'id',
      'portal_id',
      sql<string>`'retention_offer'`.as('kind'),
      sql<string | null>`cast(null as text)`.as('mode'),
      sql<string | null>`cast(null as text)`.as('from_plan_id'),
      sql<string | null>`cast(null as text)`.as('target_plan_id'),
      sql<string | null>`cast(null as text)`.as('reason'),
      sql<string | null>`cast(null as text)`.as('offer_shown'),
      sql<string>`status`.as('status'),
      sql<number | null>`months`.as('months'),
      sql<string | null>`resume_at`.as('effective_at'),
      'created_at',
    ])
    .where('source', '=', 'retention_offer');
  let query = db.selectFrom(cancellations.unionAll(offers).as('u')).selectAll();
  if (q.since) query = query.where('created_at', '>=', q.since);
  query = keyset(query, { column: 'created_at', direction: 'desc' }, 'id', q.cursor, q.limit);
  const { page, nextCursor } = toPage(await query.execute(), q.limit, (r) => ({ v: r.created_at, id: r.id }));
  const items: CancellationOutcome[] = page.map((r) => ({
    id: r.id,
    portalId: r.portal_id,
    kind: r.kind as CancellationOutcome['kind'],
    mode: r.mode as CancellationOutcome['mode'],
    fromPlanId: r.from_plan_id,
    targetPlanId: r.target_plan_id,
    reason: r.reason,
    offerDeclined: r.offer_shown,
    status: r.status,
    pauseMonths: r.months === null ? null : Number(r.months),
    effectiveAt: r.effective_at,
    createdAt: r.created_at,
  }));
  return { items, nextCursor };
}

const count = async (q: { executeTakeFirstOrThrow(): Promise<{ n: number | string }> }) => Number((await q.executeTakeFirstOrThrow()).n);

/** Since `since` (an instant): cancels and downgrades confirmed and not withdrawn, pauses (and those from the retention offer), deletions. */
export async function lifecycleCountsSince(deps: AppDeps, since: string) {
  const db = deps.db;
  const confirmed = (mode: 'cancel' | 'downgrade') =>
    count(
      db
        .selectFrom('lifecycle_cancellations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('mode', '=', mode)
        .where('status', '!=', 'withdrawn')
        .where('created_at', '>=', since),
    );
  const pauses = (source?: string) => {
    let q = db
      .selectFrom('lifecycle_pauses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('paused_at', '>=', since);
    if (source) q = q.where('source', '=', source);
    return count(q);
  };
  return {
    cancelled: await confirmed('cancel'),
    downgraded: await confirmed('downgrade'),
    paused: await pauses(),
    retentionOffersTaken: await pauses('retention_offer'),
    deleted: await count(
      db
        .selectFrom('portal_deletions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('requested_at', '>=', since),
    ),
  };
}

/**
 * Switching a portal's billing afresh (self-hosted → hosted): a pause or a
 * scheduled cancellation from before no longer applies. Ends them without mail.
 */
export async function setAsideForBillingSwitch(ctx: PortalContext, executor: Executor): Promise<void> {
  const s = scopeOf(ctx, executor);
  const at = ctx.deps.clock.now(ctx.portalId).toISOString();
  await s.updateTable('lifecycle_pauses', { status: 'ended', ended_at: at, ended_by: 'billing_switch' }).where('status', '=', 'active').execute();
  await s.updateTable('lifecycle_cancellations', { status: 'withdrawn', updated_at: at }).where('status', '=', 'scheduled').execute();
}

/**
 * An operator deletes a portal (LIF-7): the same erasure as the owner's
 * (LIF-5) — at once the portal stops answering, then a job erases every row
 * and file and mails the receipt to the owner. The operator confirms with the
 * portal's address; `ctx.actor` is the operator.
 */
export async function requestPortalDeletionByOperator(ctx: PortalContext, input: { confirmSlug: string }) {
  const { deps } = ctx;
  const portal = await findPortalById(deps.db, ctx.portalId);
  if (!portal || portal.status !== 'active') throw new AppError('NOT_FOUND', 'Portal not found');
  if (input.confirmSlug.trim() !== portal.slug) {
    throw new AppError('VALIDATION_FAILED', `confirmSlug must be the portal address, exactly: ${portal.slug}`, {
      fields: [{ path: 'confirmSlug', message: `type the portal address exactly: ${portal.slug}` }],
    });
  }
  const owner = (await listAdmins(deps.db, portal.id)).find((a) => a.role === 'owner');
  const at = deps.clock.now(ctx.portalId).toISOString();
  const by = ctx.actor.type === 'operator' ? ctx.actor.email : null;
  const row: PortalDeletionRow = {
    id: newId(),
    reference: newReference('DEL'),
    target_portal_id: portal.id,
    portal_slug: portal.slug,
    owner_email: owner?.email ?? null,
    status: 'erasing',
    requested_at: at,
    completed_at: null,
    rows_erased: 0,
    files_erased: 0,
    steps: JSON.stringify([{ step: 'requested', at, by: 'operator', operator: by }]),
  };
  await deps.db.transaction().execute(async (trx) => {
    await recordAudit(
      ctx,
      { action: 'portal.deletion_requested', targetType: 'portal', targetId: portal.id, details: { reference: row.reference, operator: by } },
      trx,
    );
    await closePortalForDeletion(deps, trx, portal.id);
    await trx.insertInto('portal_deletions').values(row).execute();
    await deps.jobs.enqueue(trx, ERASE_JOB, { deletionId: row.id }, { maxAttempts: 50 });
  });
  deps.log.info({ reference: row.reference, slug: portal.slug, operator: by }, 'portal deletion requested by an operator');
  return { reference: row.reference, status: row.status, requestedAt: at };
}
