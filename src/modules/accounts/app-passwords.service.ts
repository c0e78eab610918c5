import { randomUUID } from 'node:crypto';
import type { PortalContext } from '../../kernel/context.js';
import { scopeOf } from '../../kernel/context.js';
import { notFound } from '../../kernel/errors.js';
import { recordAudit } from '../audit/index.js';
import { hashSecret, newSecret } from './secrets.js';

/**
 * App passwords (issue 18, ADR 0026): API tokens with scope 'dav'. A calendar app signs in to
 * /dav/ with HTTP Basic (user name = the user's email, password = an app password); the same
 * secret opens no /api route and starts no session. Only its SHA-256 is stored; it is shown once.
 */
export const APP_PASSWORD_PREFIX = 'skdav_';

const toOut = (r: { id: string; name: string; created_at: string; last_used_at: string | null }) => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

export async function listAppPasswords(ctx: PortalContext, userId: string) {
  const rows = await scopeOf(ctx)
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('scope', '=', 'dav')
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toOut);
}

export async function createAppPassword(ctx: PortalContext, userId: string, name: string) {
  const password = newSecret(APP_PASSWORD_PREFIX);
  const row = {
    id: randomUUID(),
    user_id: userId,
    name,
    prefix: password.slice(0, APP_PASSWORD_PREFIX.length + 6),
    token_hash: hashSecret(password),
    // A credential: real time, like sessions and API tokens, not the portal's test clock.
    created_at: ctx.deps.clock.now().toISOString(),
    last_used_at: null,
    revoked_at: null,
    scope: 'dav' as const,
  };
  await ctx.deps.db.transaction().execute(async (trx) => {
    await scopeOf(ctx, trx).insertInto('api_tokens', row).execute();
    await recordAudit(ctx, { action: 'app_password.created', targetType: 'app_password', targetId: row.id, details: { name } }, trx);
  });
  return { id: row.id, name: row.name, password };
}

/** Revokes one of the user's app passwords: at once, and again is a no-op (204); an unknown id is 404. */
export async function revokeAppPassword(ctx: PortalContext, userId: string, id: string): Promise<void> {
  const s = scopeOf(ctx);
  const row = await s
    .selectFrom('api_tokens')
    .select(['id', 'name', 'revoked_at'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('scope', '=', 'dav')
    .executeTakeFirst();
  if (!row) throw notFound('App password');
  if (row.revoked_at) return;
  await ctx.deps.db.transaction().execute(async (trx) => {
    const done = await scopeOf(ctx, trx)
      .updateTable('api_tokens', { revoked_at: ctx.deps.clock.now().toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 1) {
      await recordAudit(ctx, { action: 'app_password.revoked', targetType: 'app_password', targetId: id, details: { name: row.name } }, trx);
    }
  });
}
