import { randomUUID } from 'node:crypto';
import type { PortalContext } from '../../kernel/context.js';
import { scopeOf } from '../../kernel/context.js';
import { notFound } from '../../kernel/errors.js';
import { recordAudit } from '../audit/index.js';
import { hashSecret, newSecret } from './secrets.js';

/** Personal API tokens: `Authorization: Bearer skit_…`; only a hash is stored. */
export const API_TOKEN_PREFIX = 'skit_';

const toOut = (r: { id: string; name: string; prefix: string; created_at: string; last_used_at: string | null }) => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

export async function listTokens(ctx: PortalContext, userId: string) {
  const rows = await scopeOf(ctx)
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('scope', '=', 'api')
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toOut);
}

export async function createToken(ctx: PortalContext, userId: string, name: string) {
  const token = newSecret(API_TOKEN_PREFIX);
  const row = {
    id: randomUUID(),
    user_id: userId,
    name,
    prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
    token_hash: hashSecret(token),
    // A credential: real time, like sessions (see auth.service.ts), not the portal's test clock.
    created_at: ctx.deps.clock.now().toISOString(),
    last_used_at: null,
    revoked_at: null,
    scope: 'api' as const,
  };
  await ctx.deps.db.transaction().execute(async (trx) => {
    await scopeOf(ctx, trx).insertInto('api_tokens', row).execute();
    await recordAudit(ctx, { action: 'api_token.created', targetType: 'api_token', targetId: row.id, details: { name } }, trx);
  });
  return { ...toOut(row), token };
}

export async function revokeToken(ctx: PortalContext, userId: string, id: string): Promise<void> {
  const s = scopeOf(ctx);
  const row = await s
    .selectFrom('api_tokens')
    .select(['id', 'revoked_at'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('scope', '=', 'api')
    .executeTakeFirst();
  if (!row) throw notFound('API token');
  if (row.revoked_at) return;
  await ctx.deps.db.transaction().execute(async (trx) => {
    await scopeOf(ctx, trx).updateTable('api_tokens', { revoked_at: ctx.deps.clock.now().toISOString() }).where('id', '=', id).execute();
    await recordAudit(ctx, { action: 'api_token.revoked', targetType: 'api_token', targetId: id }, trx);
  });
}
