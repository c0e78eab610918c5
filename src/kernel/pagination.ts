/* eslint-disable @typescript-eslint/no-explicit-any -- keyset pagination works on any select query of any table */
import { z } from 'zod';
import { AppError } from './errors.js';

/**
 * Keyset pagination: the cursor is the sort value and id of the last row seen,
 * opaque to clients. Pages stay fast at any depth (no OFFSET); sort columns must
 * be NOT NULL and backed by an index that ends in `id`.
 */
export interface Cursor {
  v: string | number;
  id: string;
}

export interface Sort {
  column: string;
  direction: 'asc' | 'desc';
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(raw: string | undefined): Cursor | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if ((typeof v?.v === 'string' || typeof v?.v === 'number') && typeof v?.id === 'string') return v;
  } catch {
    /* fall through */
  }
  throw new AppError('VALIDATION_FAILED', 'cursor is not valid', { fields: [{ path: 'cursor', message: 'not a cursor returned by this API' }] });
}

/** `where` clause for "strictly after the cursor" in the given ordering (ties broken by id, same direction). */
export function afterCursor(sort: Sort, idColumn: string, c: Cursor) {
  const op = sort.direction === 'asc' ? '>' : '<';
  return (eb: any) => eb.or([eb(sort.column, op, c.v), eb.and([eb(sort.column, '=', c.v), eb(idColumn, op, c.id)])]);
}

/**
 * Orders, filters and limits a query for one page: `sort` then id, after the
 * cursor, `limit + 1` rows so the caller knows whether another page exists.
 */
export function keyset<Q extends { where: any; orderBy: any; limit: any }>(q: Q, sort: Sort, idColumn: string, cursor: string | undefined, limit: number): Q {
  const after = decodeCursor(cursor);
  let out: any = q;
  if (after) out = out.where(afterCursor(sort, idColumn, after));
  return out
    .orderBy(sort.column, sort.direction)
    .orderBy(idColumn, sort.direction)
    .limit(limit + 1);
}

/** Splits `limit + 1` fetched rows into the page and the cursor of the next one. */
export function toPage<R>(rows: R[], limit: number, keyOf: (r: R) => Cursor): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

/** `?sort=name` or `?sort=-createdAt` (descending) limited to the given API field names. */
export function sortQuery<const F extends readonly [string, ...string[]]>(fields: F, fallback: `${'' | '-'}${F[number]}`) {
  const allowed = [...fields, ...fields.map((f) => `-${f}`)] as [string, ...string[]];
  return z.enum(allowed).default(fallback);
}

/** Turns `-createdAt` into a Sort on a column, via the API-field → column map. */
export function parseSort(value: string, columns: Record<string, string>): Sort {
  const desc = value.startsWith('-');
  const field = desc ? value.slice(1) : value;
  const column = columns[field];
  if (!column)
    throw new AppError('VALIDATION_FAILED', `sort must be one of ${Object.keys(columns).join(', ')}`, { fields: [{ path: 'sort', message: 'unknown field' }] });
  return { column, direction: desc ? 'desc' : 'asc' };
}
