import type { AppDeps, PortalContext } from '../../kernel/context.js';
import { actorUserId, scopeOf } from '../../kernel/context.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { Executor } from '../../db/scope.js';
import { recordAudit } from '../audit/index.js';
import { queueMail } from '../mail/index.js';
import { findPortalById, findUser, findUserByEmail, listUsers, toUserOut } from './accounts.repo.js';
import type { InviteRow, UserRow } from '../../db/tables/accounts.js';
import { createSession, type RequestMeta, type SignedIn } from './auth.service.js';
import { hashPassword, hashSecret, newSecret, normalizeEmail } from './secrets.js';
import { newId } from '../../kernel/ids.js';

const INVITE_TTL_MS = 7 * 86_400_000;

export interface SeatPolicy {
  /** Throws (402) when one more active user would exceed the portal's plan. Billing installs the real one. */
  assertSeatAvailable(ctx: PortalContext, extra: number): Promise<void>;
}
let seatPolicy: SeatPolicy = { assertSeatAvailable: async () => {} };
export function setSeatPolicy(p: SeatPolicy): void {
  seatPolicy = p;
}

/**
 * Throws when a portal takes no writes now; asked where a public route writes
 * into the portal its secret names (accepting an invitation), not the
 * caller's. Lifecycle installs the real one: a paused portal is read-only (LIF-4).
 */
export type PortalWriteGate = (deps: AppDeps, portalId: string) => Promise<void>;
let portalWriteGate: PortalWriteGate = async () => {};
export function setPortalWriteGate(gate: PortalWriteGate): void {
  portalWriteGate = gate;
}

const now = (ctx: PortalContext) => ctx.deps.clock.now(ctx.portalId).toISOString();
/** Invitations are links that sign someone in: they run on the server's real time, not the portal's test clock. */
const realNow = (deps: AppDeps) => deps.clock.now().toISOString();

export async function getUsers(ctx: PortalContext) {
  return (await listUsers(ctx.deps.db, ctx.portalId)).map(toUserOut);
}

export async function getUser(ctx: PortalContext, id: string) {
  const user = await findUser(ctx.deps.db, ctx.portalId, id);
  if (!user) throw notFound('User');
  return toUserOut(user);
}

async function mustFindUser(ctx: PortalContext, id: string): Promise<UserRow> {
  const user = await findUser(ctx.deps.db, ctx.portalId, id);
  if (!user) throw notFound('User');
  return user;
}

export async function changeRole(ctx: PortalContext, id: string, role: 'admin' | 'member') {
  const user = await mustFindUser(ctx, id);
  if (user.role === 'owner') {
    throw new AppError('CANNOT_CHANGE_OWNER_ROLE', 'The owner keeps the owner role; transfer ownership first');
  }
  if (user.role !== role) {
    await ctx.deps.db.transaction().execute(async (trx) => {
      await scopeOf(ctx, trx)
        .updateTable('users', { role, updated_at: now(ctx) })
        .where('id', '=', id)
        .execute();
      await recordAudit(ctx, { action: 'user.role_changed', targetType: 'user', targetId: id, details: { from: user.role, to: role } }, trx);
    });
  }
  return getUser(ctx, id);
}

export async function deactivateUser(ctx: PortalContext, id: string) {
  const user = await mustFindUser(ctx, id);
  if (user.role === 'owner') throw new AppError('CANNOT_DEACTIVATE_OWNER', 'The owner cannot be deactivated; transfer ownership first');
  if (user.status !== 'deactivated') {
    await ctx.deps.db.transaction().execute(async (trx) => {
      const s = scopeOf(ctx, trx);
      await s
        .updateTable('users', { status: 'deactivated', deactivated_at: now(ctx), updated_at: now(ctx) })
        .where('id', '=', id)
        .execute();
      // Their sessions end at once; their records stay theirs.
      await s.deleteFrom('sessions').where('user_id', '=', id).execute();
      await recordAudit(ctx, { action: 'user.deactivated', targetType: 'user', targetId: id }, trx);
    });
  }
  return getUser(ctx, id);
}

export async function reactivateUser(ctx: PortalContext, id: string) {
  const user = await mustFindUser(ctx, id);
  if (user.status !== 'active') {
    await seatPolicy.assertSeatAvailable(ctx, 1);
    await ctx.deps.db.transaction().execute(async (trx) => {
      await scopeOf(ctx, trx)
        .updateTable('users', { status: 'active', deactivated_at: null, updated_at: now(ctx) })
        .where('id', '=', id)
        .execute();
      await recordAudit(ctx, { action: 'user.reactivated', targetType: 'user', targetId: id }, trx);
    });
  }
  return getUser(ctx, id);
}

export async function transferOwnership(ctx: PortalContext, toUserId: string): Promise<void> {
  const fromUserId = actorUserId(ctx);
  const target = await mustFindUser(ctx, toUserId);
  if (target.id === fromUserId) return;
  if (target.status !== 'active') throw new AppError('BAD_REQUEST', 'Ownership can only go to an active user');
  await ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    await s
      .updateTable('users', { role: 'admin', updated_at: now(ctx) })
      .where('role', '=', 'owner')
      .execute();
    await s
      .updateTable('users', { role: 'owner', updated_at: now(ctx) })
      .where('id', '=', toUserId)
      .execute();
    await recordAudit(ctx, { action: 'portal.ownership_transferred', targetType: 'user', targetId: toUserId, details: { from: fromUserId } }, trx);
  });
}

function inviteStatus(inv: InviteRow, at: string) {
  return inv.status === 'pending' && inv.expires_at <= at ? ('expired' as const) : inv.status;
}

export async function listInvites(ctx: PortalContext) {
  const rows = await scopeOf(ctx)
    .selectFrom('invites')
    .leftJoin('users', (j) => j.onRef('users.id', '=', 'invites.invited_by').onRef('users.portal_id', '=', 'invites.portal_id'))
    .selectAll('invites')
    .select(['users.name as inviter_name'])
    .orderBy('invites.created_at', 'desc')
    .execute();
  const at = realNow(ctx.deps);
  return rows.map((r) => toInviteOut(r, at, r.inviter_name ?? null));
}

const toInviteOut = (r: InviteRow, at: string, inviterName: string | null) => ({
  id: r.id,
  email: r.email,
  role: r.role,
  status: inviteStatus(r, at),
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  invitedBy: r.invited_by ? { id: r.invited_by, name: inviterName ?? '' } : null,
});

export async function inviteUser(ctx: PortalContext, input: { email: string; role: 'admin' | 'member' }) {
  const email = normalizeEmail(input.email);
  const existing = await findUserByEmail(ctx.deps.db, ctx.portalId, email);
  if (existing)
    throw new AppError('USER_EXISTS', `${input.email} already has an account in this portal`, { fields: [{ path: 'email', message: 'already a user here' }] });
  const at = realNow(ctx.deps);
  const pending = await scopeOf(ctx)
    .selectFrom('invites')
    .select('id')
    .where('email_normalized', '=', email)
    .where('status', '=', 'pending')
    .where('expires_at', '>', at)
    .executeTakeFirst();
  if (pending)
    throw new AppError('INVITE_PENDING', `${input.email} already has a pending invite`, {
      fields: [{ path: 'email', message: 'already invited' }],
      inviteId: pending.id,
    });
  await seatPolicy.assertSeatAvailable(ctx, 1);

  const portal = await findPortalById(ctx.deps.db, ctx.portalId);
  const inviter = await findUser(ctx.deps.db, ctx.portalId, actorUserId(ctx) ?? '');
  const token = newSecret();
  const row: Omit<InviteRow, 'portal_id'> = {
    id: newId(),
    email: input.email.trim(),
    email_normalized: email,
    role: input.role,
    token_hash: hashSecret(token),
    invited_by: inviter?.id ?? null,
    status: 'pending',
    created_at: at,
    expires_at: new Date(Date.parse(at) + INVITE_TTL_MS).toISOString(),
    accepted_at: null,
    accepted_user_id: null,
  };
  await ctx.deps.db.transaction().execute(async (trx) => {
    await scopeOf(ctx, trx).insertInto('invites', row).execute();
    const link = `${ctx.deps.config.BASE_URL}/invite/${token}`;
    await queueMail(ctx.deps, trx, ctx.portalId, {
      to: row.email,
      subject: `${inviter?.name ?? 'A colleague'} invited you to ${portal?.name ?? 'SchedulingKit'}`,
      text: [
        'Hello,',
        '',
        `${inviter?.name ?? 'A colleague'} invited you to join ${portal?.name} on SchedulingKit as ${input.role === 'admin' ? 'an admin' : 'a member'}.`,
        'Accept the invitation within 7 days:',
        '',
        link,
      ].join('\n'),
    });
    await recordAudit(ctx, { action: 'user.invited', targetType: 'invite', targetId: row.id, details: { email: row.email, role: row.role } }, trx);
  });
  return toInviteOut({ ...row, portal_id: ctx.portalId }, at, inviter?.name ?? null);
}

export async function revokeInvite(ctx: PortalContext, id: string): Promise<void> {
  const inv = await scopeOf(ctx).selectFrom('invites').selectAll().where('id', '=', id).executeTakeFirst();
  if (!inv) throw notFound('Invite');
  if (inv.status !== 'pending') return;
  await ctx.deps.db.transaction().execute(async (trx) => {
    await scopeOf(ctx, trx).updateTable('invites', { status: 'revoked' }).where('id', '=', id).execute();
    await recordAudit(ctx, { action: 'user.invite_revoked', targetType: 'invite', targetId: id, details: { email: inv.email } }, trx);
  });
}

async function findUsableInvite(deps: AppDeps, token: string) {
  const inv = await deps.db.selectFrom('invites').selectAll().where('token_hash', '=', hashSecret(token)).executeTakeFirst();
  if (!inv || inviteStatus(inv, realNow(deps)) !== 'pending') {
    throw new AppError('INVITE_NOT_FOUND', 'This invitation is no longer valid. Ask for a new one.');
  }
  const portal = await findPortalById(deps.db, inv.portal_id);
  if (!portal || portal.status !== 'active') throw new AppError('INVITE_NOT_FOUND', 'This invitation is no longer valid.');
  return { inv, portal };
}

export async function describeInvite(deps: AppDeps, token: string) {
  const { inv, portal } = await findUsableInvite(deps, token);
  return { portal: { slug: portal.slug, name: portal.name }, email: inv.email, role: inv.role };
}

export async function acceptInvite(deps: AppDeps, input: { token: string; name: string; password: string }, meta: RequestMeta): Promise<SignedIn> {
  const { inv, portal } = await findUsableInvite(deps, input.token);
  await portalWriteGate(deps, portal.id);
  const passwordHash = await hashPassword(input.password);
  const at = deps.clock.now(portal.id).toISOString();
  const acceptedAt = realNow(deps);
  const user: UserRow = {
    id: newId(),
    portal_id: portal.id,
    email: inv.email,
    email_normalized: inv.email_normalized,
    name: input.name,
    password_hash: passwordHash,
    role: inv.role,
    status: 'active',
    created_at: at,
    updated_at: at,
    last_active_at: at,
    deactivated_at: null,
  };
  const ctx: PortalContext = { deps, portalId: portal.id, actor: { type: 'user', userId: user.id, role: user.role }, ip: meta.ip, userAgent: meta.userAgent };
  await seatPolicy.assertSeatAvailable(ctx, 1);
  try {
    const sessionToken = await deps.db.transaction().execute(async (trx) => {
      const s = scopeOf(ctx, trx);
      const claimed = await s
        .updateTable('invites', { status: 'accepted', accepted_at: acceptedAt, accepted_user_id: user.id })
        .where('id', '=', inv.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('INVITE_NOT_FOUND', 'This invitation was already used.');
      await trx.insertInto('users').values(user).execute();
      await recordAudit(ctx, { action: 'user.joined', targetType: 'user', targetId: user.id, details: { inviteId: inv.id, role: user.role } }, trx);
      return createSession(deps, trx, user, meta);
    });
    return { sessionToken, user, portal };
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('USER_EXISTS', `${inv.email} already has an account in this portal`);
    throw err;
  }
}

/**
 * Deactivates users because the plan now has fewer seats (LIF-2): their
 * sessions end and their records stay theirs. `updated_at` is left as it was,
 * so that restoring them (LIF-3) gives back the very same row. Returns the ids
 * that were active and are now deactivated.
 */
export async function deactivateUsersForPlan(
  ctx: PortalContext,
  executor: Executor,
  ids: string[],
  at: string,
  details: Record<string, unknown>,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const s = scopeOf(ctx, executor);
  const active = await s.selectFrom('users').select('id').where('id', 'in', ids).where('status', '=', 'active').where('role', '!=', 'owner').execute();
  const done = active.map((u) => u.id);
  if (done.length === 0) return [];
  await s.updateTable('users', { status: 'deactivated', deactivated_at: at }).where('id', 'in', done).execute();
  await s.deleteFrom('sessions').where('user_id', 'in', done).execute();
  for (const id of done)
    await recordAudit(ctx, { action: 'user.deactivated', targetType: 'user', targetId: id, details: { ...details, byPlan: true } }, executor);
  return done;
}

/** Reactivates users a plan change deactivated at `deactivatedAt` and nobody touched since. Returns the ids reactivated. */
export async function reactivateUsersForPlan(
  ctx: PortalContext,
  executor: Executor,
  ids: string[],
  deactivatedAt: string,
  details: Record<string, unknown>,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const s = scopeOf(ctx, executor);
  const still = await s
    .selectFrom('users')
    .select('id')
    .where('id', 'in', ids)
    .where('status', '=', 'deactivated')
    .where('deactivated_at', '=', deactivatedAt)
    .execute();
  const done = ids.filter((id) => still.some((u) => u.id === id));
  if (done.length === 0) return [];
  await s.updateTable('users', { status: 'active', deactivated_at: null }).where('id', 'in', done).execute();
  for (const id of done)
    await recordAudit(ctx, { action: 'user.reactivated', targetType: 'user', targetId: id, details: { ...details, byPlan: true } }, executor);
  return done;
}
