import type { Executor } from '../../db/scope.js';
import { portalScope } from '../../db/scope.js';
import type { PortalRow, UserRow } from '../../db/tables/accounts.js';
import type { UserOut } from './accounts.schema.js';

/** Queries on the accounts tables. Portal-less lookups exist only for sign-in by slug. */

export function findPortalBySlug(db: Executor, slug: string): Promise<PortalRow | undefined> {
  return db.selectFrom('portals').selectAll().where('slug', '=', slug).where('status', '=', 'active').executeTakeFirst();
}

export function findPortalById(db: Executor, id: string): Promise<PortalRow | undefined> {
  return db.selectFrom('portals').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUser(db: Executor, portalId: string, userId: string): Promise<UserRow | undefined> {
  return portalScope(db, portalId).selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
}

export function findUserByEmail(db: Executor, portalId: string, emailNormalized: string): Promise<UserRow | undefined> {
  return portalScope(db, portalId).selectFrom('users').selectAll().where('email_normalized', '=', emailNormalized).executeTakeFirst();
}

export function listUsers(db: Executor, portalId: string): Promise<UserRow[]> {
  return portalScope(db, portalId).selectFrom('users').selectAll().orderBy('name').orderBy('id').execute();
}

/** The people a member should ask: active owner and admins, owner first. */
export async function listAdmins(db: Executor, portalId: string): Promise<{ id: string; name: string; email: string; role: string }[]> {
  const rows = await portalScope(db, portalId)
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role'])
    .where('role', 'in', ['owner', 'admin'])
    .where('status', '=', 'active')
    .orderBy('name')
    .execute();
  return rows.sort((a, b) => Number(b.role === 'owner') - Number(a.role === 'owner'));
}

export function toUserOut(u: UserRow): UserOut {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    status: u.status,
    createdAt: u.created_at,
    lastActiveAt: u.last_active_at,
  };
}

export const toPortalOut = (p: PortalRow) => ({ id: p.id, slug: p.slug, name: p.name });
