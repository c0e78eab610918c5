import { createHash } from 'node:crypto';
import { isUniqueViolation } from '../../db/errors.js';
import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { inBillingTx, type BillingTx } from './billing.tx.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { pruneInBatches } from '../../kernel/housekeeping.js';

/**
 * Idempotency-Key (BIL-6): the key, a hash of the request and the first
 * response are stored per portal in the same transaction as the change. A
 * replay answers the first response again and charges nothing; the same key
 * with another request is refused. Refused requests (4xx) change nothing and
 * store nothing, so they may be retried with the same key.
 */

export interface IdempotentRequest {
  key: string | undefined;
  method: string;
  route: string;
  body: unknown;
}

export interface Outcome<T> {
  status: number;
  body: T;
}

const KEY_RE = /^[\x21-\x7e]{1,255}$/;

function stable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stable);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, stable((v as Record<string, unknown>)[k])]),
    );
  return v;
}

export const requestHash = (r: IdempotentRequest) =>
  createHash('sha256')
    .update(JSON.stringify([r.method, r.route, stable(r.body ?? null)]))
    .digest('hex');

function reused(): AppError {
  return new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request. Use a new key for a new request.');
}

export async function idempotent<T>(ctx: PortalContext, req: IdempotentRequest, run: (tx: BillingTx) => Promise<Outcome<T>>): Promise<Outcome<T>> {
  if (req.key === undefined) return inBillingTx(ctx, run);
  const key = req.key;
  if (!KEY_RE.test(key)) {
    throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be 1–255 visible ASCII characters', {
      fields: [{ path: 'Idempotency-Key', message: 'is not valid', in: 'headers' }],
    });
  }
  const hash = requestHash(req);
  const replay = (row: { request_hash: string; status_code: number; response: string }): Outcome<T> => {
    if (row.request_hash !== hash) throw reused();
    return { status: row.status_code, body: JSON.parse(row.response) as T };
  };
  try {
    return await inBillingTx(ctx, async (tx) => {
      const seen = await tx.s.selectFrom('idempotency_keys').selectAll().where('key', '=', key).executeTakeFirst();
      if (seen) return replay(seen);
      // Claimed first: a concurrent request with the same key waits here, then replays.
      await tx.s.insertInto('idempotency_keys', { key, request_hash: hash, status_code: 0, response: 'null', created_at: tx.atIso }).execute();
      const out = await run(tx);
      await tx.s
        .updateTable('idempotency_keys', { status_code: out.status, response: JSON.stringify(out.body ?? null) })
        .where('key', '=', key)
        .execute();
      return out;
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const seen = await scopeOf(ctx).selectFrom('idempotency_keys').selectAll().where('key', '=', key).executeTakeFirst();
    if (!seen) throw err;
    return replay(seen);
  }
}

/** The idempotency part of an HTTP request: its Idempotency-Key header, route and body. */
export function idempotencyOf(req: {
  headers: Record<string, string | string[] | undefined>;
  method: string;
  routeOptions: { url?: string };
  body?: unknown;
}): IdempotentRequest {
  const raw = req.headers['idempotency-key'];
  return { key: Array.isArray(raw) ? raw[0] : raw, method: req.method, route: req.routeOptions.url ?? '', body: req.body };
}

/**
 * Housekeeping (install-wide, every portal): removes the keys stored before `before`,
 * `batch` at a time. A request repeated with a removed key runs again.
 */
export function pruneIdempotencyKeys(db: Kysely<DB>, before: Date, batch = 1000): Promise<number> {
  const cutoff = before.toISOString();
  return pruneInBatches(async (limit) => {
    const res = await db
      .deleteFrom('idempotency_keys')
      .where((eb) =>
        eb(
          eb.refTuple('portal_id', 'key'),
          'in',
          eb.selectFrom('idempotency_keys').select(['portal_id', 'key']).where('created_at', '<', cutoff).limit(limit).$asTuple('portal_id', 'key'),
        ),
      )
      .executeTakeFirst();
    return res.numDeletedRows;
  }, batch);
}
