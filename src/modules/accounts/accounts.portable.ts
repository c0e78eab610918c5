import type { Executor } from '../../db/scope.js';
import { actorUserId, scopeOf, type PortalContext } from '../../kernel/context.js';
import {
  afterKey,
  columns,
  noRows,
  portableTable,
  type PortableModule,
  mapAsync,
  pagedRows,
  recordPages,
  text,
  textOrNull,
  type IdMapper,
  type PortableRecord,
  type PortableTable,
} from '../../kernel/portable.js';
import type { Role, UserRow, UserStatus } from '../../db/tables/accounts.js';
import { hashSecret, newSecret, normalizeEmail } from './secrets.js';

/**
 * The users of a portal in an export (POR-1) and their import (POR-4). Password
 * hashes, sessions and tokens never leave the server: imported users set a new
 * password through "Forgot password".
 */

/** A hash no password matches: imported users choose a password through a reset link. */
const NO_PASSWORD = '!imported:set-a-password-with-a-reset-link';

const toRecord = (u: UserRow): PortableRecord => ({
  id: u.id,
  name: u.name,
  email: u.email,
  role: u.role,
  status: u.status,
  created_at: u.created_at,
  updated_at: u.updated_at,
  last_active_at: u.last_active_at,
  deactivated_at: u.deactivated_at,
});

const userColumns = columns('id:id', 'name', 'email', 'role', 'status', 'created_at', 'updated_at', 'last_active_at?', 'deactivated_at?');

export const usersTable: PortableTable = {
  entity: 'users',
  tables: ['users'],
  columns: userColumns,
  count: async (ctx) =>
    Number(
      (
        await scopeOf(ctx)
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  pages(ctx) {
    const rows = pagedRows<UserRow>((after, limit) => {
      let q = scopeOf(ctx).selectFrom('users').selectAll().orderBy('created_at').orderBy('id').limit(limit);
      if (after) q = q.where(afterKey('created_at', 'id', [after.created_at, after.id]));
      return q.execute();
    });
    return recordPages(userColumns, mapAsync(rows, toRecord));
  },
  insert: async () => {
    throw new Error('users are imported with importUsers(), which maps them by email');
  },
  // Everyone but the person who ran the import.
  clear: async (ctx, trx) => {
    const keep = actorUserId(ctx);
    let q = scopeOf(ctx, trx).deleteFrom('users');
    if (keep) q = q.where('id', '!=', keep);
    await q.execute();
  },
};

/** The portal's users, for imports of other products' files to find owners and assignees by email or name. */
export async function portalUsers(ctx: PortalContext, executor: Executor): Promise<Pick<UserRow, 'id' | 'name' | 'email' | 'status'>[]> {
  return scopeOf(ctx, executor).selectFrom('users').select(['id', 'name', 'email', 'status']).execute();
}

/**
 * Imports users and returns how their exported ids map onto users here: a user
 * whose email is already in the portal is that user; the exported owner becomes
 * whoever runs the import (who stays the owner); everyone else is added with the
 * role and status they had, and no password.
 */
export async function importUsers(ctx: PortalContext, trx: Executor, records: PortableRecord[], ids: Pick<IdMapper, 'id'>): Promise<Map<string, string>> {
  const s = scopeOf(ctx, trx);
  const existing = await s.selectFrom('users').select(['id', 'email_normalized']).execute();
  const byEmail = new Map(existing.map((u) => [u.email_normalized, u.id]));
  const importer = actorUserId(ctx);
  const map = new Map<string, string>();
  const owner = records.find((r) => r.role === 'owner');
  const ownerMatches = owner && byEmail.has(normalizeEmail(text(owner.email)));
  for (const r of records) {
    const oldId = text(r.id);
    const email = text(r.email);
    const known = byEmail.get(normalizeEmail(email));
    if (known) {
      map.set(oldId, known);
      continue;
    }
    if (r === owner && !ownerMatches && importer) {
      map.set(oldId, importer);
      continue;
    }
    const role: Role = r.role === 'owner' ? 'admin' : (text(r.role) as Role);
    const row: Omit<UserRow, 'portal_id'> = {
      id: ids.id(oldId),
      email,
      email_normalized: normalizeEmail(email),
      name: text(r.name),
      password_hash: NO_PASSWORD,
      role,
      status: text(r.status) as UserStatus,
      created_at: text(r.created_at),
      updated_at: text(r.updated_at),
      last_active_at: textOrNull(r.last_active_at),
      deactivated_at: textOrNull(r.deactivated_at),
    };
    await s.insertInto('users', row).execute();
    byEmail.set(row.email_normalized, row.id);
    map.set(oldId, row.id);
  }
  return map;
}

/**
 * Invitations (POR-6): who was invited, with which role, by whom, and what became of
 * it. The link's secret stays behind: an imported invitation gets a new one nobody
 * holds, so a pending one is shown in Settings → Users until it expires; revoke it
 * and invite again to send a link from this server.
 */
const invites = portableTable({
  entity: 'invites',
  table: 'invites',
  columns: columns('id:id', 'email', 'role', 'status', 'invited_by:user?', 'created_at', 'expires_at', 'accepted_at?', 'accepted_user_id:user?'),
  toRow: (r) => ({
    id: text(r.id),
    email: text(r.email),
    email_normalized: normalizeEmail(text(r.email)),
    role: text(r.role) as 'admin' | 'member',
    token_hash: hashSecret(newSecret()),
    invited_by: textOrNull(r.invited_by),
    status: text(r.status) as 'pending' | 'accepted' | 'revoked',
    created_at: text(r.created_at),
    expires_at: text(r.expires_at),
    accepted_at: textOrNull(r.accepted_at),
    accepted_user_id: textOrNull(r.accepted_user_id),
  }),
});

/** The accounts module's part of an export besides its users (imported first, by importUsers). */
export const accountsPortable: PortableModule = {
  name: 'accounts',
  tables: [invites],
  isEmpty: (ctx) => noRows(ctx, ['invites']),
};
