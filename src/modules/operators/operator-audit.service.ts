import type { Executor } from '../../db/scope.js';
import type { AppDeps } from '../../kernel/context.js';
import { keyset, toPage } from '../../kernel/pagination.js';
import type { OperatorAuditRow, OperatorRow } from '../../db/tables/operators.js';
import { newId } from '../../kernel/ids.js';

/** Who acts in the console, from where: an operator, or the CLI (operator null). */
export interface OperatorMeta {
  operator: Pick<OperatorRow, 'id' | 'email'> | null;
  ip: string | null;
  userAgent: string | null;
}

export interface OperatorAuditEntry {
  action: string;
  portal?: { id: string; slug: string } | null;
  details?: Record<string, unknown>;
}

/** Appends to the operators' audit log (LIF-7: every console action is audited), in the caller's transaction when given. */
export async function recordOperatorAudit(deps: AppDeps, meta: OperatorMeta, entry: OperatorAuditEntry, executor: Executor = deps.db): Promise<void> {
  const row: OperatorAuditRow = {
    id: newId(),
    operator_id: meta.operator?.id ?? null,
    operator_email: meta.operator?.email ?? null,
    action: entry.action,
    target_portal_id: entry.portal?.id ?? null,
    portal_slug: entry.portal?.slug ?? null,
    details: entry.details ? JSON.stringify(entry.details) : null,
    ip: meta.ip,
    user_agent: meta.userAgent?.slice(0, 500) ?? null,
    created_at: deps.clock.now().toISOString(),
  };
  await executor.insertInto('operator_audit').values(row).execute();
}

export async function listOperatorAudit(deps: AppDeps, q: { limit: number; cursor?: string; portalId?: string; action?: string }) {
  let query = deps.db.selectFrom('operator_audit').selectAll();
  if (q.portalId) query = query.where('target_portal_id', '=', q.portalId);
  if (q.action) query = query.where('action', '=', q.action);
  query = keyset(query, { column: 'created_at', direction: 'desc' }, 'id', q.cursor, q.limit);
  const { page, nextCursor } = toPage(await query.execute(), q.limit, (r) => ({ v: r.created_at, id: r.id }));
  return {
    nextCursor,
    items: page.map((r) => ({
      id: r.id,
      action: r.action,
      operator: r.operator_id ? { id: r.operator_id, email: r.operator_email } : null,
      portal: r.portal_slug ? { id: r.target_portal_id, slug: r.portal_slug } : null,
      details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
      ip: r.ip,
      createdAt: r.created_at,
    })),
  };
}
