import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/scope.js';
import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { keyset, toPage } from '../../kernel/pagination.js';

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

/** Appends to the portal's audit log, inside the caller's transaction when given one. */
export async function recordAudit(ctx: PortalContext, entry: AuditEntry, executor: Executor = ctx.deps.db): Promise<void> {
  const actor = ctx.actor;
  await scopeOf(ctx, executor)
    .insertInto('audit_log', {
      id: randomUUID(),
      actor_type: actor.type,
      actor_id: actor.type === 'user' ? actor.userId : null,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      ip: ctx.ip,
      user_agent: ctx.userAgent,
      details: entry.details ? JSON.stringify(entry.details) : null,
      created_at: ctx.deps.clock.now(ctx.portalId).toISOString(),
    })
    .execute();
}

export async function listAudit(ctx: PortalContext, opts: { limit: number; cursor?: string; action?: string }) {
  let q = scopeOf(ctx)
    .selectFrom('audit_log')
    .leftJoin('users', (j) => j.onRef('users.id', '=', 'audit_log.actor_id').onRef('users.portal_id', '=', 'audit_log.portal_id'))
    .select([
      'audit_log.id',
      'audit_log.actor_type',
      'audit_log.actor_id',
      'audit_log.action',
      'audit_log.target_type',
      'audit_log.target_id',
      'audit_log.ip',
      'audit_log.user_agent',
      'audit_log.details',
      'audit_log.created_at',
      'users.name as actor_name',
      'users.email as actor_email',
    ]);
  if (opts.action) q = q.where('audit_log.action', '=', opts.action);
  q = keyset(q, { column: 'audit_log.created_at', direction: 'desc' }, 'audit_log.id', opts.cursor, opts.limit);
  const { page, nextCursor } = toPage(await q.execute(), opts.limit, (r) => ({ v: r.created_at, id: r.id }));
  return {
    nextCursor,
    items: page.map((r) => ({
      id: r.id,
      action: r.action,
      actorType: r.actor_type,
      actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? null, email: r.actor_email ?? null } : null,
      targetType: r.target_type,
      targetId: r.target_id,
      ip: r.ip,
      userAgent: r.user_agent,
      details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
      createdAt: r.created_at,
    })),
  };
}
