import type { Executor } from '../../db/scope.js';
import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { keyset, toPage } from '../../kernel/pagination.js';
import { newId } from '../../kernel/ids.js';

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

/** The operator an entry names (details.operator): operators are no users of the portal, so their row is not joined. */
interface OperatorNamed {
  id: string;
  email: string;
  name: string;
}

function operatorOf(details: Record<string, unknown> | null): OperatorNamed | null {
  const o = details?.operator as Partial<OperatorNamed> | undefined;
  return o && typeof o === 'object' && typeof o.id === 'string' ? { id: o.id, email: o.email ?? '', name: o.name ?? '' } : null;
}

/**
 * Appends to the portal's audit log, inside the caller's transaction when given one.
 * An operator's entry always names them (LIF-7): `details.operator` is their id, email and name.
 */
export async function recordAudit(ctx: PortalContext, entry: AuditEntry, executor: Executor = ctx.deps.db): Promise<void> {
  const actor = ctx.actor;
  const details =
    actor.type === 'operator'
      ? { ...entry.details, operator: { id: actor.operatorId, email: actor.email, name: actor.name } satisfies OperatorNamed }
      : entry.details;
  await scopeOf(ctx, executor)
    .insertInto('audit_log', {
      id: newId(),
      actor_type: actor.type,
      actor_id: actor.type === 'user' ? actor.userId : null,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      ip: ctx.ip,
      user_agent: ctx.userAgent,
      details: details ? JSON.stringify(details) : null,
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
    items: page.map((r) => {
      const details = r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null;
      const operator = r.actor_type === 'operator' ? operatorOf(details) : null;
      return {
        id: r.id,
        action: r.action,
        actorType: r.actor_type,
        actor: r.actor_id
          ? { id: r.actor_id, name: r.actor_name ?? null, email: r.actor_email ?? null }
          : operator
            ? { id: operator.id, name: operator.name || null, email: operator.email || null }
            : null,
        targetType: r.target_type,
        targetId: r.target_id,
        ip: r.ip,
        userAgent: r.user_agent,
        details,
        createdAt: r.created_at,
      };
    }),
  };
}
