import type { Executor } from '../../db/scope.js';
import { actorUserId, nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { notFound } from '../../kernel/errors.js';
import { searchKey } from '../../kernel/text.js';
import { recordAudit } from '../audit/index.js';
import { notifyActivityMentions } from './activities.notify.js';
import { applyChanges, invalidReference } from './crm.common.js';
import { findRow, listPage, rowExists, type CrmTable } from './crm.repo.js';
import type { ActivityCreate, ActivityListQuery, ActivityOut, ActivityUpdate } from './crm.schema.js';
import type { ActivityRecordType, ActivityRow } from '../../db/tables/crm.js';
import { recordSearchText } from './search.js';
import { newId } from '../../kernel/ids.js';

const SORTS = { occurredAt: 'occurred_at', subject: 'subject_key', createdAt: 'created_at', updatedAt: 'updated_at' };

/** CRM records an activity can be checked against; tasks and events belong to other modules and are taken on trust. */
const CRM_TABLES: Partial<Record<ActivityRecordType, CrmTable>> = { company: 'companies', contact: 'contacts', lead: 'leads', deal: 'deals' };

export const toActivityOut = (r: ActivityRow): ActivityOut => ({
  id: r.id,
  kind: r.kind,
  subject: r.subject,
  body: r.body,
  occurredAt: r.occurred_at,
  recordType: r.record_type,
  recordId: r.record_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The derived columns of an activity (also used by its import). */
export const withKeys = (r: ActivityRow): ActivityRow => ({ ...r, subject_key: searchKey(r.subject), search_text: recordSearchText([r.subject, r.body]) });

export async function listActivities(ctx: PortalContext, query: ActivityListQuery) {
  let q = scopeOf(ctx).selectFrom('activities').selectAll('activities');
  if (query.recordType) q = q.where('record_type', '=', query.recordType);
  if (query.recordId) q = q.where('record_id', '=', query.recordId);
  if (query.kind) q = q.where('kind', '=', query.kind);
  const { page, nextCursor } = await listPage(ctx.deps.db, q, 'activities', SORTS, query);
  return { items: page.map(toActivityOut), nextCursor };
}

export async function getActivity(ctx: PortalContext, id: string): Promise<ActivityOut> {
  const row = await findRow(scopeOf(ctx), 'activities', id);
  if (!row) throw notFound('Activity');
  return toActivityOut(row);
}

async function assertRecord(ctx: PortalContext, trx: Executor, type: ActivityRecordType, id: string): Promise<void> {
  const table = CRM_TABLES[type];
  if (table && !(await rowExists(scopeOf(ctx, trx), table, id))) throw invalidReference('recordId', `a ${type}`);
}

export async function createActivity(ctx: PortalContext, input: ActivityCreate): Promise<ActivityOut> {
  const at = nowIso(ctx);
  const row = withKeys({
    id: newId(),
    portal_id: ctx.portalId,
    kind: input.kind,
    subject: input.subject ?? null,
    subject_key: '',
    body: input.body,
    occurred_at: input.occurredAt ?? at,
    record_type: input.recordType,
    record_id: input.recordId,
    created_by: actorUserId(ctx),
    search_text: '',
    created_at: at,
    updated_at: at,
  });
  await ctx.deps.db.transaction().execute(async (trx) => {
    await assertRecord(ctx, trx, input.recordType, input.recordId);
    const { portal_id: _, ...values } = row;
    await scopeOf(ctx, trx).insertInto('activities', values).execute();
    await notifyActivityMentions(ctx, trx, row);
  });
  return toActivityOut(row);
}

export async function updateActivity(ctx: PortalContext, id: string, input: ActivityUpdate): Promise<ActivityOut> {
  const row = await ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    const before = await findRow(s, 'activities', id);
    if (!before) throw notFound('Activity');
    const after = withKeys(
      applyChanges(before, { kind: input.kind, subject: input.subject, body: input.body, occurred_at: input.occurredAt, updated_at: nowIso(ctx) }),
    );
    const { id: _id, portal_id: _p, created_at: _c, ...values } = after;
    await s.updateTable('activities', values).where('id', '=', id).execute();
    await notifyActivityMentions(ctx, trx, after, before);
    return after;
  });
  return toActivityOut(row);
}

export async function deleteActivity(ctx: PortalContext, id: string): Promise<void> {
  await ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    const row = await findRow(s, 'activities', id);
    if (!row) throw notFound('Activity');
    await s.deleteFrom('activities').where('id', '=', id).execute();
    await recordAudit(
      ctx,
      {
        action: 'crm.activity_deleted',
        targetType: 'activity',
        targetId: id,
        details: { kind: row.kind, recordType: row.record_type, recordId: row.record_id },
      },
      trx,
    );
  });
}
