import { createHash } from 'node:crypto';

/**
 * The id an imported record gets (pure): a UUID derived from the import and the
 * exported id, so that every reference to a record maps to the same new id without
 * a lookup table (a million contacts need no million-entry map in memory), and two
 * imports of one file never collide.
 */
export function derivedId(salt: string, oldId: string): string {
  const h = createHash('sha256').update(salt).update('\u0000').update(oldId).digest();
  h[6] = (h[6]! & 0x0f) | 0x80; // version 8: custom
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
