/**
 * Conditional GET (RFC 9110 §13.1): whether a client's copy, named by
 * If-None-Match or dated by If-Modified-Since, is still current, so the answer
 * is 304 Not Modified with no body. If-None-Match wins when both are sent, and
 * is compared weakly (a W/ prefix matches the same tag), as §13.1.2 says for GET.
 */

export interface Validators {
  /** A strong entity tag, quotes included: `"abc"`. */
  etag: string;
  /** The time the representation last changed. */
  lastModified: Date;
}

const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

export function notModified(headers: { 'if-none-match'?: string | string[]; 'if-modified-since'?: string | string[] }, v: Validators): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) {
    const tags = (Array.isArray(inm) ? inm.join(',') : inm).split(',').map(opaque);
    return tags.includes('*') || tags.includes(v.etag);
  }
  const ims = headers['if-modified-since'];
  if (typeof ims !== 'string') return false;
  const since = Date.parse(ims);
  // HTTP dates have whole seconds; an invalid date is ignored (§13.1.3).
  return !Number.isNaN(since) && Math.floor(v.lastModified.getTime() / 1000) * 1000 <= since;
}

/**
 * The next Last-Modified after a change: now, but at least one second after the
 * previous one, so that a client holding the previous (whole-second) date never
 * mistakes a change made in that same second for no change.
 */
export function nextChangeTime(now: Date, previous: string | null): Date {
  if (!previous) return now;
  const floor = Math.floor(Date.parse(previous) / 1000) * 1000 + 1000;
  return new Date(Math.max(now.getTime(), floor));
}
