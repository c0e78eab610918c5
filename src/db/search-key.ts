import { sql, type RawBuilder } from 'kysely';

/**
 * Search keys: lowercase, accents removed, ß → ss, whitespace collapsed, so that
 * "groß", "GROSS" and "Groß" all find "Groß" and "jose" finds "José". Stored in
 * a `search_text` column beside the record and compared with LIKE on both
 * dialects (no collation or extension needed).
 */
export function searchKey(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => !!p)
    .join(' ')
    .replace(/ß/g, 'ss')
    .replace(/ẞ/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** A LIKE pattern that matches `q` anywhere, with LIKE's wildcards escaped (use with `escape '\\'`). */
export function containsPattern(q: string): string {
  return `%${searchKey(q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `column LIKE '%key%' ESCAPE '\'` on a searchKey column; the same SQL on SQLite and PostgreSQL. */
export function matchesSearch(column: string, q: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} like ${containsPattern(q)} escape '\\'`;
}
