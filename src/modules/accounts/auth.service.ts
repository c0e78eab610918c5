import { randomUUID } from 'node:crypto';
import type { AppDeps, PortalContext } from '../../kernel/context.js';
import { scopeOf } from '../../kernel/context.js';
import type { Authenticated } from '../../kernel/http.js';
import { AppError } from '../../kernel/errors.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { Executor } from '../../db/scope.js';
import { recordAudit } from '../audit/index.js';
import { queueMail } from '../mail/index.js';
import { findPortalBySlug, findUser, findUserByEmail, toPortalOut, toUserOut } from './accounts.repo.js';
import type { LoginInput, SignupInput } from './accounts.schema.js';
import type { PortalRow, Role, UserRow } from '../../db/tables/accounts.js';
import { burnPasswordCheck, hashPassword, hashSecret, newSecret, normalizeEmail, verifyPassword } from './secrets.js';
import { claimClosedInstall } from './install-claim.js';
import { slugProblem } from './slug.js';
import { assertNotThrottled, beforeSignIn, recordFailure, signInFailed, signInSucceeded } from './throttle.js';
import { APP_PASSWORD_PREFIX } from './app-passwords.service.js';

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface SignedIn {
  sessionToken: string;
  user: UserRow;
  portal: PortalRow;
}

const RESET_TTL_MS = 60 * 60_000;
const TOUCH_EVERY_MS = 5 * 60_000;

export const meOf = (user: UserRow, portal: PortalRow) => ({ user: toUserOut(user), role: user.role, portal: toPortalOut(portal) });

export function contextFor(deps: AppDeps, portalId: string, user: UserRow | null, meta: RequestMeta): PortalContext {
  return {
    deps,
    portalId,
    actor: user ? { type: 'user', userId: user.id, role: user.role } : { type: 'guest' },
    ip: meta.ip,
    userAgent: meta.userAgent,
  };
}

/**
 * Sessions, API tokens and emailed links are credentials: they live on the
 * server's real time (`clock.now()` without a portal), so that a portal's test
 * clock moving months ahead neither signs anyone out nor stretches a link.
 * What the user does in the portal (last active, updated) stays on its time.
 */
const realNow = (deps: AppDeps) => deps.clock.now();

/** Starts a session for a user; the cookie value is returned once and only its hash is stored. */
export async function createSession(deps: AppDeps, executor: Executor, user: UserRow, meta: RequestMeta): Promise<string> {
  const token = newSecret();
  const now = realNow(deps);
  await executor
    .insertInto('sessions')
    .values({
      id: hashSecret(token),
      portal_id: user.portal_id,
      user_id: user.id,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + deps.config.SESSION_TTL_DAYS * 86_400_000).toISOString(),
      last_seen_at: now.toISOString(),
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 500) ?? null,
    })
    .execute();
  return token;
}

/** A visitor's sign-up, or (`byOperator`) a portal an operator creates, which a closed install always allows. */
export async function signup(deps: AppDeps, input: SignupInput, meta: RequestMeta, opts: { byOperator?: boolean } = {}): Promise<SignedIn> {
  const problem = slugProblem(input.portalSlug);
  if (problem === 'format') {
    throw new AppError('VALIDATION_FAILED', 'portalSlug must be 3–40 lowercase letters, digits or single hyphens, starting with a letter', {
      fields: [{ path: 'portalSlug', message: 'use 3–40 lowercase letters, digits or hyphens, starting with a letter' }],
    });
  }
  if (problem === 'reserved') {
    throw new AppError('SLUG_RESERVED', `"${input.portalSlug}" is reserved; choose another portal address`, {
      fields: [{ path: 'portalSlug', message: 'this address is reserved' }],
    });
  }
  // Every sign-up from an address counts, accepted or not: a portal is cheap to ask for and costs us to keep.
  const limit = deps.config.SIGNUP_LIMIT;
  const rules = meta.ip && limit > 0 ? [{ key: `signup-ip:${meta.ip}`, max: limit }] : [];
  await assertNotThrottled(deps, rules);
  if (rules.length) await recordFailure(deps, rules);
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now().toISOString();
  const portal: PortalRow = { id: randomUUID(), slug: input.portalSlug, name: input.portalName, status: 'active', created_at: now, updated_at: now };
  const user: UserRow = {
    id: randomUUID(),
    portal_id: portal.id,
    email: input.email.trim(),
    email_normalized: normalizeEmail(input.email),
    name: input.name,
    password_hash: passwordHash,
    role: 'owner',
    status: 'active',
    created_at: now,
    updated_at: now,
    last_active_at: now,
    deactivated_at: null,
  };
  try {
    const sessionToken = await deps.db.transaction().execute(async (trx) => {
      // A closed install lets only the first sign-up in (checked before the request, made sure of here).
      if (deps.config.SIGNUP === 'closed' && !opts.byOperator) await claimClosedInstall(deps, trx, portal.id);
      await trx.insertInto('portals').values(portal).execute();
      await trx.insertInto('users').values(user).execute();
      const ctx = contextFor(deps, portal.id, user, meta);
      await recordAudit(ctx, { action: 'portal.created', targetType: 'portal', targetId: portal.id, details: { slug: portal.slug } }, trx);
      return createSession(deps, trx, user, meta);
    });
    return { sessionToken, user, portal };
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('SLUG_TAKEN', `The portal address "${input.portalSlug}" is taken`, {
        fields: [{ path: 'portalSlug', message: 'this address is taken' }],
      });
    }
    throw err;
  }
}

export async function login(deps: AppDeps, input: LoginInput, meta: RequestMeta): Promise<SignedIn> {
  const email = normalizeEmail(input.email);
  const attempt = { account: `login:${input.portalSlug}:${email}`, ip: meta.ip };
  await beforeSignIn(deps, attempt);
  const portal = await findPortalBySlug(deps.db, input.portalSlug);
  const user = portal ? await findUserByEmail(deps.db, portal.id, email) : undefined;
  const ok = user ? await verifyPassword(user.password_hash, input.password) : (await burnPasswordCheck(input.password), false);
  if (!portal || !user || !ok) {
    await signInFailed(deps, attempt);
    if (portal) {
      await recordAudit(contextFor(deps, portal.id, null, meta), {
        action: 'auth.login_failed',
        targetType: 'user',
        targetId: user?.id,
        details: { email },
      });
    }
    throw new AppError('INVALID_CREDENTIALS', 'Wrong portal, email or password');
  }
  if (user.status !== 'active') {
    throw new AppError('INVALID_CREDENTIALS', 'This account is deactivated. Ask an admin of the portal to reactivate it.', {
      reason: 'deactivated',
    });
  }
  await signInSucceeded(deps, attempt);
  const sessionToken = await deps.db.transaction().execute(async (trx) => {
    await recordAudit(contextFor(deps, portal.id, user, meta), { action: 'auth.login', targetType: 'user', targetId: user.id }, trx);
    return createSession(deps, trx, user, meta);
  });
  return { sessionToken, user, portal };
}

export async function logout(ctx: PortalContext, sessionId: string | null): Promise<void> {
  if (!sessionId) return;
  await scopeOf(ctx).deleteFrom('sessions').where('id', '=', sessionId).execute();
  await recordAudit(ctx, { action: 'auth.logout' });
}

export type { Authenticated };

const PORTAL_COLUMNS = ['id', 'slug', 'name', 'status', 'created_at', 'updated_at'] as const satisfies readonly (keyof PortalRow)[];
const USER_COLUMNS = [
  'id',
  'portal_id',
  'email',
  'email_normalized',
  'name',
  'password_hash',
  'role',
  'status',
  'created_at',
  'updated_at',
  'last_active_at',
  'deactivated_at',
] as const satisfies readonly (keyof UserRow)[];

/**
 * The credential, its portal and its user in one query (ADR 0017): nothing is cached, so a
 * sign-out, a revoked token, a deactivated user, a changed role or a portal being deleted
 * counts on the very next request.
 */
const PORTAL_AND_USER = [...PORTAL_COLUMNS.map((c) => `p.${c} as p_${c}` as const), ...USER_COLUMNS.map((c) => `u.${c} as u_${c}` as const)];

function sessionQuery(deps: AppDeps) {
  return deps.db
    .selectFrom('sessions as c')
    .innerJoin('portals as p', 'p.id', 'c.portal_id')
    .innerJoin('users as u', (join) => join.onRef('u.id', '=', 'c.user_id').onRef('u.portal_id', '=', 'c.portal_id'))
    .select(PORTAL_AND_USER);
}

function tokenQuery(deps: AppDeps) {
  return deps.db
    .selectFrom('api_tokens as c')
    .innerJoin('portals as p', 'p.id', 'c.portal_id')
    .innerJoin('users as u', (join) => join.onRef('u.id', '=', 'c.user_id').onRef('u.portal_id', '=', 'c.portal_id'))
    .select(PORTAL_AND_USER);
}

function resolvedOf(row: Record<string, unknown>): { user: UserRow; portal: PortalRow } | null {
  const portal = Object.fromEntries(PORTAL_COLUMNS.map((c) => [c, row[`p_${c}`]])) as unknown as PortalRow;
  const user = Object.fromEntries(USER_COLUMNS.map((c) => [c, row[`u_${c}`]])) as unknown as UserRow;
  if (portal.status !== 'active' || user.status !== 'active') return null;
  return { user, portal };
}

/** Resolves a session cookie to its user; null when unknown, expired, or the user is deactivated. */
export async function authenticateSession(deps: AppDeps, token: string): Promise<Authenticated | null> {
  const id = hashSecret(token);
  const row = await sessionQuery(deps).select(['c.expires_at', 'c.last_seen_at']).where('c.id', '=', id).executeTakeFirst();
  if (!row) return null;
  const now = realNow(deps);
  if (row.expires_at <= now.toISOString()) {
    await deps.db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  const resolved = resolvedOf(row);
  if (!resolved) return null;
  if (now.getTime() - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) {
    await deps.db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', id).execute();
  }
  await touchActivity(deps, resolved.user);
  return { ...resolved, via: 'session', sessionId: id };
}

/** Resolves `Authorization: Bearer skit_…` to its user. */
export async function authenticateApiToken(deps: AppDeps, token: string): Promise<Authenticated | null> {
  const row = await tokenQuery(deps)
    .select(['c.id as token_id', 'c.last_used_at'])
    .where('c.token_hash', '=', hashSecret(token))
    .where('c.scope', '=', 'api')
    .where('c.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const resolved = resolvedOf(row);
  if (!resolved) return null;
  await touchToken(deps, row.token_id, row.last_used_at);
  return { ...resolved, via: 'token', sessionId: null };
}

async function touchToken(deps: AppDeps, tokenId: string, lastUsedAt: string | null): Promise<void> {
  const now = realNow(deps);
  if (!lastUsedAt || now.getTime() - Date.parse(lastUsedAt) > TOUCH_EVERY_MS) {
    await deps.db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', tokenId).execute();
  }
}

/**
 * HTTP Basic on /dav/ (ADR 0026): the user name is the user's email, the password one of their app
 * passwords (scope 'dav'; an API token, a session or the account password never opens /dav/).
 * Failures are throttled like sign-in: per address, and per account with a growing delay.
 * Returns null when the credentials are wrong, revoked, or the user or portal is not active.
 */
export async function authenticateAppPassword(deps: AppDeps, username: string, password: string, meta: RequestMeta): Promise<Authenticated | null> {
  const email = normalizeEmail(username);
  const attempt = { account: `dav:${email}`, ip: meta.ip };
  await beforeSignIn(deps, attempt);
  const row = password.startsWith(APP_PASSWORD_PREFIX)
    ? await tokenQuery(deps)
        .select(['c.id as token_id', 'c.last_used_at'])
        .where('c.token_hash', '=', hashSecret(password))
        .where('c.scope', '=', 'dav')
        .where('c.revoked_at', 'is', null)
        .executeTakeFirst()
    : undefined;
  const resolved = row ? resolvedOf(row) : null;
  if (!row || !resolved || resolved.user.email_normalized !== email) {
    await signInFailed(deps, attempt);
    return null;
  }
  await signInSucceeded(deps, attempt);
  await touchToken(deps, row.token_id, row.last_used_at);
  await touchActivity(deps, resolved.user);
  return { ...resolved, via: 'token', sessionId: null };
}

/** Activity is the portal's business time, so it is touched by the portal's clock, not the session's. */
async function touchActivity(deps: AppDeps, user: UserRow): Promise<void> {
  const active = deps.clock.now(user.portal_id);
  const lastActive = user.last_active_at;
  if (!lastActive || active.getTime() - Date.parse(lastActive) > TOUCH_EVERY_MS) {
    await deps.db.updateTable('users').set({ last_active_at: active.toISOString() }).where('id', '=', user.id).execute();
  }
}

export async function requestPasswordReset(deps: AppDeps, input: { portalSlug: string; email: string }, meta: RequestMeta): Promise<void> {
  const email = normalizeEmail(input.email);
  const rules = [{ key: `reset:${input.portalSlug}:${email}`, max: 5 }];
  await assertNotThrottled(deps, rules);
  await recordFailure(deps, rules); // every request counts: this sends mail
  const portal = await findPortalBySlug(deps.db, input.portalSlug);
  const user = portal ? await findUserByEmail(deps.db, portal.id, email) : undefined;
  // The answer is the same whether or not the account exists.
  if (!portal || !user || user.status !== 'active') return;
  await deps.db.transaction().execute(async (trx) => {
    const ctx = contextFor(deps, portal.id, null, meta);
    const link = await issuePasswordResetLink(ctx, trx, user.id);
    await queueMail(deps, trx, portal.id, {
      to: user.email,
      subject: `Reset your SchedulingKit password for ${portal.name}`,
      text: [
        `Hello ${user.name},`,
        '',
        `Someone asked to reset the password of your account in ${portal.name} (${portal.slug}).`,
        `To choose a new password, open this link within one hour:`,
        '',
        link,
        '',
        'If it was not you, ignore this mail: your password stays as it is.',
      ].join('\n'),
    });
    await recordAudit(ctx, { action: 'auth.password_reset_requested', targetType: 'user', targetId: user.id }, trx);
  });
}

/** Creates a one-hour, single-use link that sets a user's password. */
export async function issuePasswordResetLink(ctx: PortalContext, executor: Executor, userId: string, ttlMs = RESET_TTL_MS): Promise<string> {
  const token = newSecret();
  const now = realNow(ctx.deps);
  await scopeOf(ctx, executor)
    .insertInto('password_resets', {
      id: randomUUID(),
      user_id: userId,
      token_hash: hashSecret(token),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + ttlMs).toISOString(),
      used_at: null,
    })
    .execute();
  return `${ctx.deps.config.BASE_URL}/reset-password/${token}`;
}

export async function confirmPasswordReset(deps: AppDeps, input: { token: string; password: string }, meta: RequestMeta): Promise<void> {
  const row = await deps.db.selectFrom('password_resets').selectAll().where('token_hash', '=', hashSecret(input.token)).executeTakeFirst();
  const now = realNow(deps);
  if (!row || row.used_at || row.expires_at <= now.toISOString()) {
    throw new AppError('TOKEN_INVALID', 'This reset link has expired or was already used. Ask for a new one.');
  }
  const passwordHash = await hashPassword(input.password);
  await deps.db.transaction().execute(async (trx) => {
    const ctx = contextFor(deps, row.portal_id, null, meta);
    const s = scopeOf(ctx, trx);
    // Only one request can consume the token.
    const used = await s
      .updateTable('password_resets', { used_at: now.toISOString() })
      .where('id', '=', row.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw new AppError('TOKEN_INVALID', 'This reset link was already used.');
    await s
      .updateTable('users', { password_hash: passwordHash, updated_at: nowOf(ctx) })
      .where('id', '=', row.user_id)
      .execute();
    await s.deleteFrom('sessions').where('user_id', '=', row.user_id).execute();
    await recordAudit(ctx, { action: 'auth.password_reset', targetType: 'user', targetId: row.user_id }, trx);
  });
}

export async function changePassword(
  ctx: PortalContext,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  keepSessionId: string | null,
) {
  const user = await findUser(ctx.deps.db, ctx.portalId, userId);
  if (!user || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AppError('INVALID_CREDENTIALS', 'The current password is wrong', { fields: [{ path: 'currentPassword', message: 'is wrong' }] });
  }
  const hash = await hashPassword(input.newPassword);
  await ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    await s
      .updateTable('users', { password_hash: hash, updated_at: nowOf(ctx) })
      .where('id', '=', userId)
      .execute();
    // Other sessions end: whoever knew the old password is signed out.
    let del = s.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepSessionId) del = del.where('id', '!=', keepSessionId);
    await del.execute();
    await recordAudit(ctx, { action: 'auth.password_changed', targetType: 'user', targetId: userId }, trx);
  });
}

export async function updateProfile(ctx: PortalContext, userId: string, input: { name: string }): Promise<UserRow> {
  await scopeOf(ctx)
    .updateTable('users', { name: input.name, updated_at: nowOf(ctx) })
    .where('id', '=', userId)
    .execute();
  const user = await findUser(ctx.deps.db, ctx.portalId, userId);
  if (!user) throw new AppError('NOT_FOUND', 'User not found');
  return user;
}

export const isAdminRole = (role: Role) => role === 'owner' || role === 'admin';
const nowOf = (ctx: PortalContext) => ctx.deps.clock.now(ctx.portalId).toISOString();
