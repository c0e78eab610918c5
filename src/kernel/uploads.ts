import { assertNoNul } from './input.js';

/**
 * The parts of a multipart upload that the handlers read themselves (the HTTP
 * edge's NUL check sees only JSON bodies, query strings and path parameters).
 */

/** Browsers send `"`, CR and LF in a multipart `filename=` as %22, %0D and %0A (WHATWG HTML, multipart/form-data encoding). */
const BROWSER_ESCAPES = /%(22|0D|0A)/gi;
const LINE_BREAKS = /\r\n|\r|\n/g;

/**
 * The name of an uploaded file as its sender meant it: the three escapes browsers
 * use are undone, and nothing else (a real "%41" in a name stays). A line break
 * becomes a space: a file name with a newline only ever breaks headers and lists.
 * A NUL is refused (400 INVALID_CHARACTER), as everywhere at the edge.
 */
export function multipartFilename(raw: string, field?: string): string;
export function multipartFilename(raw: string | undefined, field?: string): string | undefined;
export function multipartFilename(raw: string | undefined, field = 'file'): string | undefined {
  if (raw === undefined) return undefined;
  assertNoNul(raw, 'body', `${field}.filename`);
  return raw.replace(BROWSER_ESCAPES, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(LINE_BREAKS, ' ');
}

/** A multipart text field's value; a NUL in it is refused (400 INVALID_CHARACTER). */
export function multipartField(name: string, value: unknown): string {
  const text = String(value);
  assertNoNul(text, 'body', name);
  return text;
}
