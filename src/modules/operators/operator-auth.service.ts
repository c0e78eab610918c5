import type { AppDeps } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import type { OperatorAuth } from '../../kernel/http.js';
import { isUniqueViolation } from '../../db/errors.js';
import {
  beforeSignIn,
  burnPasswordCheck,
  hashPassword,
  hashSecret,
  newSecret,
  normalizeEmail,
  passwordSchema,
  signInFailed,
  signInSucceeded,
  verifyPassword,
} from '../accounts/index.js';
import { recordOperatorAudit, type OperatorMeta } from './operator-audit.service.js';
import * as repo from './operators.repo.js';
import type { OperatorRow } from '../../db/tables/operators.js';
import { newId } from '../../kernel/ids.js';

/**
 * Operator accounts (LIF-7): separate from portal users — their own table,
 * their own session cookie (sent to /api/operator only), their own log-in at
 * /operator. Created from the command line; the password is set through a
 * one-time link, so that no password is ever printed or mailed.
 */

export const OPERATOR_COOKIE = 'skit_operator';
export const OPERATOR_COOKIE_PATH = '/api/operator';
/** Operators hold every portal's billing in their hands: their sessions are short. */
export const OPERATOR_SESSION_TTL_MS = 12 * 3600_000;
const LINK_TTL_MS = 7 * 86_400_000;
const TOUCH_EVERY_MS = 5 * 60_000;

export type { OperatorAuth };

export const toOperatorOut = (o: OperatorRow) => ({
  id: o.id,
  email: o.email,
  name: o.name,
  status: o.status,
  createdAt: o.created_at,
  lastLoginAt: o.last_login_at,
});

const cli: OperatorMeta = { operator: null, ip: null, userAgent: 'skit cli' };

function checkPassword(password: string): void {
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'is not valid';
    throw new AppError('VALIDATION_FAILED', `password ${message}`, { fields: [{ path: 'password', message }] });
  }
}

/** `skit operator create`: a new operator, and a link to set the password (unless one is given). */
export async function createOperator(deps: AppDeps, input: { email: string; name?: string; password?: string }) {
  if (input.password !== undefined) checkPassword(input.password);
  const at = deps.clock.now().toISOString();
  const row: OperatorRow = {
    id: newId(),
    email: input.email.trim(),
    email_normalized: normalizeEmail(input.email),
    name: input.name?.trim() || input.email.split('@')[0]!,
    password_hash: input.password ? await hashPassword(input.password) : null,
    status: 'active',
    created_at: at,
    updated_at: at,
    last_login_at: null,
  };
  try {
    const link = await deps.db.transaction().execute(async (trx) => {
      await repo.insertOperator(trx, row);
      await recordOperatorAudit(deps, cli, { action: 'operator.created', details: { email: row.email } }, trx);
      return input.password ? null : issuePasswordLink(deps, trx, row.id);
    });
    return { operator: toOperatorOut(row), setPasswordLink: link };
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('USER_EXISTS', `An operator with the email ${row.email} exists already`);
    throw err;
  }
}

/** `skit operator reset-password`: a fresh one-time link; the operator's sessions end. */
export async function resetOperatorPassword(deps: AppDeps, email: string): Promise<string> {
  const op = await repo.findOperatorByEmail(deps.db, normalizeEmail(email));
  if (!op) throw new AppError('NOT_FOUND', `No operator with the email ${email}`);
  return deps.db.transaction().execute(async (trx) => {
    await repo.deleteSessionsOf(trx, op.id);
    await recordOperatorAudit(deps, cli, { action: 'operator.password_link_issued', details: { email: op.email } }, trx);
    return issuePasswordLink(deps, trx, op.id);
  });
}

/** `skit operator disable|enable`: a disabled operator cannot log in and their sessions end. */
export async function setOperatorStatus(deps: AppDeps, email: string, status: OperatorRow['status']) {
  const op = await repo.findOperatorByEmail(deps.db, normalizeEmail(email));
  if (!op) throw new AppError('NOT_FOUND', `No operator with the email ${email}`);
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateOperator(trx, op.id, { status, updated_at: deps.clock.now().toISOString() });
    if (status === 'disabled') await repo.deleteSessionsOf(trx, op.id);
    await recordOperatorAudit(deps, cli, { action: status === 'disabled' ? 'operator.disabled' : 'operator.enabled', details: { email: op.email } }, trx);
  });
  return toOperatorOut({ ...op, status });
}

export async function listOperators(deps: AppDeps) {
  return (await repo.listOperators(deps.db)).map(toOperatorOut);
}

async function issuePasswordLink(deps: AppDeps, executor: Parameters<typeof repo.insertPasswordLink>[0], operatorId: string): Promise<string> {
  const token = newSecret();
  const now = deps.clock.now();
  await repo.insertPasswordLink(executor, {
    id: newId(),
    operator_id: operatorId,
    token_hash: hashSecret(token),
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + LINK_TTL_MS).toISOString(),
    used_at: null,
  });
  return `${deps.config.BASE_URL}/operator/set-password/${token}`;
}

/** Sets the password with a one-time link (POST /api/operator/auth/set-password). */
export async function setPasswordWithLink(deps: AppDeps, input: { token: string; password: string }, meta: Omit<OperatorMeta, 'operator'>): Promise<void> {
  const link = await repo.findPasswordLink(deps.db, hashSecret(input.token));
  const now = deps.clock.now().toISOString();
  if (!link || link.used_at || link.expires_at <= now) {
    throw new AppError('TOKEN_INVALID', 'This link has expired or was already used. Ask for a new one (skit operator reset-password).');
  }
  const hash = await hashPassword(input.password);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.usePasswordLink(trx, link.id, now))) throw new AppError('TOKEN_INVALID', 'This link was already used.');
    await repo.updateOperator(trx, link.operator_id, { password_hash: hash, updated_at: now });
    await repo.deleteSessionsOf(trx, link.operator_id);
    const op = await repo.findOperator(trx, link.operator_id);
    await recordOperatorAudit(deps, { ...meta, operator: op ?? null }, { action: 'operator.password_set' }, trx);
  });
}

export async function loginOperator(deps: AppDeps, input: { email: string; password: string }, meta: Omit<OperatorMeta, 'operator'>) {
  const email = normalizeEmail(input.email);
  // The same throttle as a portal sign-in; the address's count is shared with it.
  const attempt = { account: `operator-login:${email}`, ip: meta.ip };
  await beforeSignIn(deps, attempt);
  const op = await repo.findOperatorByEmail(deps.db, email);
  const ok = op?.password_hash ? await verifyPassword(op.password_hash, input.password) : (await burnPasswordCheck(input.password), false);
  if (!op || !ok || op.status !== 'active') {
    await signInFailed(deps, attempt);
    if (op) await recordOperatorAudit(deps, { ...meta, operator: op }, { action: 'operator.login_failed' });
    throw new AppError('INVALID_CREDENTIALS', 'Wrong email or password');
  }
  await signInSucceeded(deps, attempt);
  const token = newSecret();
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertSession(trx, {
      id: hashSecret(token),
      operator_id: op.id,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + OPERATOR_SESSION_TTL_MS).toISOString(),
      last_seen_at: now.toISOString(),
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 500) ?? null,
    });
    await repo.updateOperator(trx, op.id, { last_login_at: now.toISOString() });
    await recordOperatorAudit(deps, { ...meta, operator: op }, { action: 'operator.login' }, trx);
  });
  return { sessionToken: token, operator: toOperatorOut(op) };
}

export async function logoutOperator(deps: AppDeps, auth: OperatorAuth, meta: OperatorMeta): Promise<void> {
  await repo.deleteSession(deps.db, auth.sessionId);
  await recordOperatorAudit(deps, meta, { action: 'operator.logout' });
}

/** Resolves the operator session cookie; null when unknown, expired, or the operator is disabled. */
export async function authenticateOperatorSession(deps: AppDeps, token: string): Promise<OperatorAuth | null> {
  const id = hashSecret(token);
  const session = await repo.findSession(deps.db, id);
  if (!session) return null;
  const now = deps.clock.now();
  if (session.expires_at <= now.toISOString()) {
    await repo.deleteSession(deps.db, id);
    return null;
  }
  const op = await repo.findOperator(deps.db, session.operator_id);
  if (!op || op.status !== 'active') return null;
  if (now.getTime() - Date.parse(session.last_seen_at) > TOUCH_EVERY_MS) await repo.touchSession(deps.db, id, now.toISOString());
  return { operator: op, sessionId: id };
}

export async function changeOperatorPassword(deps: AppDeps, auth: OperatorAuth, input: { currentPassword: string; newPassword: string }, meta: OperatorMeta) {
  const op = auth.operator;
  if (!op.password_hash || !(await verifyPassword(op.password_hash, input.currentPassword))) {
    throw new AppError('INVALID_CREDENTIALS', 'The current password is wrong', { fields: [{ path: 'currentPassword', message: 'is wrong' }] });
  }
  const hash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateOperator(trx, op.id, { password_hash: hash, updated_at: deps.clock.now().toISOString() });
    await repo.deleteSessionsOf(trx, op.id, auth.sessionId);
    await recordOperatorAudit(deps, meta, { action: 'operator.password_changed' }, trx);
  });
}
