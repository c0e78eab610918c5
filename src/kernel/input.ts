import { AppError } from './errors.js';

/**
 * Characters no request may carry and no import may store (ADR 0011).
 *
 * NUL (U+0000) cannot be stored in PostgreSQL text, and SQLite keeps it: a
 * request with one is refused at the HTTP edge on both databases alike
 * (400 INVALID_CHARACTER), and an imported file's NULs become U+FFFD, counted in
 * the import's report, so an export of any install imports into any other.
 */

export const NUL = '\u0000';
export const REPLACEMENT_CHARACTER = '\uFFFD';

/**
 * Where a request carries a NUL: the dotted path of the first string (or object key)
 * holding one, or null. Walks with its own stack, not the call stack, so that a body
 * nested 100,000 levels deep is checked like any other (depth first, in order).
 */
export function findNul(value: unknown, path: string[] = []): string | null {
  interface Step {
    value: unknown;
    key: string | null;
    parent: Step | null;
  }
  const pathOf = (step: Step): string => {
    const keys: string[] = [];
    for (let s: Step | null = step; s; s = s.parent) if (s.key !== null) keys.push(s.key);
    return [...path, ...keys.reverse()].join('.');
  };
  const stack: Step[] = [{ value, key: null, parent: null }];
  while (stack.length) {
    const step = stack.pop()!;
    const v = step.value;
    if (typeof v === 'string') {
      if (v.includes(NUL)) return pathOf(step);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: String(i), parent: step });
    } else if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
      const entries = Object.entries(v);
      for (const [key] of entries) if (key.includes(NUL)) return pathOf({ value: null, key: key.replaceAll(NUL, '\\0'), parent: step });
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], key: entries[i]![0], parent: step });
    }
  }
  return null;
}

/** The 400 for a NUL in the request: `where` is body, query, params or header; `path` the field in it. */
export function invalidCharacter(where: string, path: string): AppError {
  const field = path ? `${where}.${path}` : where;
  const message = 'must not contain the NUL character (U+0000)';
  return new AppError('INVALID_CHARACTER', `${field} ${message}`, { fields: [{ path: path || where, message, in: where }] });
}

/** Refuses a request value with a NUL in it (multipart fields and file names, which the handlers read themselves). */
export function assertNoNul(value: unknown, where: string, path: string): void {
  const at = findNul(value, path ? [path] : []);
  if (at !== null) throw invalidCharacter(where, at);
}

/** An imported file's text without NULs: each becomes U+FFFD, and `count` says how many did. */
export function replaceNul(text: string): { text: string; count: number } {
  if (!text.includes(NUL)) return { text, count: 0 };
  const parts = text.split(NUL);
  return { text: parts.join(REPLACEMENT_CHARACTER), count: parts.length - 1 };
}

/** `replaceNul` over every string (and object key) of a parsed JSON document. */
export function replaceNulDeep(value: unknown): { value: unknown; count: number } {
  let count = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const clean = replaceNul(v);
      count += clean.count;
      return clean.text;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [walk(k) as string, walk(x)]));
    return v;
  };
  const out = walk(value);
  return { value: out, count };
}

/** The report line for NULs replaced in an imported file. */
export const nulReplacedWarning = (where: string, count: number): string =>
  `${where}: ${count} NUL character${count === 1 ? '' : 's'} (U+0000) replaced by U+FFFD, which every database can store`;
