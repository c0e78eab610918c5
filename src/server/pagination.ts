import { z } from 'zod';
import { AppError } from './errors.js';

/** Keyset pagination: the cursor is the sort key of the last row seen, opaque to clients. */
export interface Cursor {
  t: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(raw: string | undefined): Cursor | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (typeof v?.t === 'string' && typeof v?.id === 'string') return v;
  } catch {
    /* fall through */
  }
  throw new AppError('VALIDATION_FAILED', 'cursor is not valid', { fields: [{ path: 'cursor', message: 'not a cursor returned by this API' }] });
}

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

/** `where` clause for "strictly after the cursor" in a (time desc, id desc) ordering. */
export function beforeCursor(timeColumn: string, idColumn: string, c: Cursor) {
  return (eb: any) =>
    eb.or([eb(timeColumn, '<', c.t), eb.and([eb(timeColumn, '=', c.t), eb(idColumn, '<', c.id)])]);
}

/** Splits `limit + 1` fetched rows into the page and the cursor of the next one. */
export function toPage<R>(rows: R[], limit: number, keyOf: (r: R) => Cursor): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
