import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../../db/scope.js';
import type { AppDeps } from '../../kernel/context.js';
import { keyset, toPage } from '../../kernel/pagination.js';
import { findPortalById, findUser } from './accounts.repo.js';
import type { PortalRow } from '../../db/tables/accounts.js';
import { contextFor, issuePasswordResetLink, signup } from './auth.service.js';
import { verifyPassword } from './secrets.js';

export interface CreatePortalInput {
  slug: string;
  name: string;
  ownerEmail: string;
  ownerName?: string;
  /** Without one the owner gets a 7-day link to set their password. */
  ownerPassword?: string;
}

/** What `skit portal create` does: the same rules as sign-up, run by an operator. */
export async function createPortal(deps: AppDeps, input: CreatePortalInput) {
  const meta = { ip: null, userAgent: 'skit cli' };
  const password = input.ownerPassword ?? randomBytes(24).toString('base64url');
  const res = await signup(
    deps,
    { portalSlug: input.slug, portalName: input.name, name: input.ownerName ?? input.ownerEmail.split('@')[0]!, email: input.ownerEmail, password },
    meta,
    { byOperator: true },
  );
  // The session sign-up started is of no use to an operator.
  await deps.db.deleteFrom('sessions').where('portal_id', '=', res.portal.id).execute();
  let setPasswordLink: string | null = null;
  if (!input.ownerPassword) {
    const ctx = contextFor(deps, res.portal.id, null, meta);
    setPasswordLink = await issuePasswordResetLink(ctx, deps.db, res.user.id, 7 * 86_400_000);
  }
  return { portal: res.portal, owner: res.user, setPasswordLink };
}

export async function listPortals(deps: AppDeps) {
  const portals = await deps.db.selectFrom('portals').selectAll().orderBy('created_at').execute();
  const counts = await deps.db
    .selectFrom('users')
    .select(['portal_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'active')
    .groupBy('portal_id')
    .execute();
  const users = new Map(counts.map((c) => [c.portal_id, Number(c.n)]));
  return portals.map((p) => ({ id: p.id, slug: p.slug, name: p.name, status: p.status, createdAt: p.created_at, activeUsers: users.get(p.id) ?? 0 }));
}

/**
 * First step of deleting a portal (LIF-5), in the caller's transaction: the
 * portal stops answering (every session and API token is refused from now on,
 * since only active portals authenticate) and its sessions and tokens go.
 */
export async function closePortalForDeletion(deps: AppDeps, executor: Executor, portalId: string): Promise<void> {
  const at = deps.clock.now(portalId).toISOString();
  await executor.updateTable('portals').set({ status: 'deleting', updated_at: at }).where('id', '=', portalId).execute();
  await executor.deleteFrom('sessions').where('portal_id', '=', portalId).execute();
  await executor.deleteFrom('api_tokens').where('portal_id', '=', portalId).execute();
}

/** Last step of deleting a portal: its own row, and the sign-in throttle keys that name its address. */
export async function removePortalRecord(executor: Executor, portal: { id: string; slug: string }): Promise<void> {
  for (const prefix of [`login:${portal.slug}:`, `reset:${portal.slug}:`]) {
    const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    await executor
      .deleteFrom('auth_throttle')
      .where(sql<boolean>`${sql.ref('key')} like ${pattern} escape '\\'`)
      .execute();
  }
  await executor.deleteFrom('portals').where('id', '=', portal.id).execute();
}

/** Whether `password` is the user's password (for confirming a destructive step). */
export async function passwordMatches(deps: AppDeps, portalId: string, userId: string, password: string): Promise<boolean> {
  const user = await findUser(deps.db, portalId, userId);
  return !!user && (await verifyPassword(user.password_hash, password));
}

export interface PortalDirectoryEntry {
  id: string;
  slug: string;
  name: string;
  status: PortalRow['status'];
  createdAt: string;
  activeUsers: number;
  /** The latest time any of its users was active. */
  lastActivityAt: string | null;
}

async function withUserCounts(deps: AppDeps, portals: PortalRow[]): Promise<PortalDirectoryEntry[]> {
  const ids = portals.map((p) => p.id);
  const stats = ids.length
    ? await deps.db
        .selectFrom('users')
        .select((eb) => [
          'portal_id',
          eb.fn.sum<number | string>(eb.case().when('status', '=', 'active').then(1).else(0).end()).as('active'),
          eb.fn.max('last_active_at').as('last_active'),
        ])
        .where('portal_id', 'in', ids)
        .groupBy('portal_id')
        .execute()
    : [];
  const byPortal = new Map(stats.map((s) => [s.portal_id, s]));
  return portals.map((p) => ({
    id: p.id,
    slug: p.slug,
    name: p.name,
    status: p.status,
    createdAt: p.created_at,
    activeUsers: Number(byPortal.get(p.id)?.active ?? 0),
    lastActivityAt: byPortal.get(p.id)?.last_active ?? null,
  }));
}

/** The operator console's list of portals (LIF-7), newest first: address, name, status, users, last activity — nothing of their content. */
export async function listPortalDirectory(deps: AppDeps, q: { limit: number; cursor?: string; q?: string }) {
  let query = deps.db.selectFrom('portals').selectAll();
  if (q.q?.trim()) {
    const pattern = `%${q.q
      .trim()
      .toLowerCase()
      .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([sql<boolean>`${sql.ref('slug')} like ${pattern} escape '\\'`, sql<boolean>`lower(${sql.ref('name')}) like ${pattern} escape '\\'`]),
    );
  }
  query = keyset(query, { column: 'created_at', direction: 'desc' }, 'id', q.cursor, q.limit);
  const { page, nextCursor } = toPage(await query.execute(), q.limit, (r) => ({ v: r.created_at, id: r.id }));
  return { items: await withUserCounts(deps, page), nextCursor };
}

export async function portalDirectoryEntry(deps: AppDeps, id: string): Promise<PortalDirectoryEntry | null> {
  const portal = await findPortalById(deps.db, id);
  return portal ? (await withUserCounts(deps, [portal]))[0]! : null;
}

export async function portalsByIds(deps: AppDeps, ids: string[]): Promise<Map<string, { slug: string; name: string }>> {
  const rows = ids.length
    ? await deps.db
        .selectFrom('portals')
        .select(['id', 'slug', 'name'])
        .where('id', 'in', [...new Set(ids)])
        .execute()
    : [];
  return new Map(rows.map((r) => [r.id, { slug: r.slug, name: r.name }]));
}

/** Active portals in all, and those created since `since`. */
export async function countPortals(deps: AppDeps, since: string): Promise<{ total: number; createdSince: number }> {
  const row = await deps.db
    .selectFrom('portals')
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      eb.fn.sum<number | string>(eb.case().when('created_at', '>=', since).then(1).else(0).end()).as('recent'),
    ])
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), createdSince: Number(row.recent ?? 0) };
}

/** Whether the install has no portal yet (SIGNUP=closed still lets the first sign-up claim it). */
export async function installIsEmpty(deps: AppDeps): Promise<boolean> {
  return !(await deps.db.selectFrom('portals').select('id').limit(1).executeTakeFirst());
}
