import { createHash } from 'node:crypto';

/**
 * The id an imported record gets (pure), from the portal it is imported into and the
 * id it had in the export (ADR 0031):
 *
 * - deterministic: the same (portal, exported id) always gives the same id, so every
 *   reference to a record maps to the same new id without a lookup table (a million
 *   contacts need no million-entry map in memory), and an import that is run again
 *   after a crash writes the same ids;
 * - new: the other 74 bits come from SHA-256 of both, so two portals importing one
 *   archive, or the archive's own portal, never collide;
 * - ordered where the exported id is: a UUIDv7 keeps its 48-bit millisecond time, and a
 *   time-based v1/v6 UUID gives its time as a v7, so imported records sort by creation
 *   time like new ones and the import appends to the id indexes instead of writing all
 *   over them. Any other id (a v4 from an older export, a foreign key) has no time to
 *   keep: it becomes a version 8 (custom) UUID of hash bits only.
 */
export function derivedId(portalId: string, oldId: string): string {
  const h = createHash('sha256').update(portalId).update('\u0000').update(oldId).digest();
  const ms = uuidTimeMs(oldId);
  if (ms === null) {
    h[6] = (h[6]! & 0x0f) | 0x80; // version 8: custom
  } else {
    h.writeUIntBE(ms, 0, 6);
    h[6] = (h[6]! & 0x0f) | 0x70; // version 7: Unix time in ms
  }
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 9562 variant
  return formatUuid(h);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** 100-ns intervals between the Gregorian epoch of v1/v6 (1582-10-15) and the Unix epoch. */
const GREGORIAN_OFFSET = 122_192_928_000_000_000n;

/** The creation time (Unix ms) a UUID carries: v7 directly, v1 and v6 converted; null for any other id. */
export function uuidTimeMs(id: string): number | null {
  if (id.length !== 36 || !UUID.test(id)) return null;
  const hex = id.replace(/-/g, '');
  const version = hex[12];
  if (version === '7') return parseInt(hex.slice(0, 12), 16);
  let ticks: bigint;
  if (version === '1') ticks = BigInt(`0x${hex.slice(13, 16)}${hex.slice(8, 12)}${hex.slice(0, 8)}`);
  else if (version === '6') ticks = BigInt(`0x${hex.slice(0, 12)}${hex.slice(13, 16)}`);
  else return null;
  const ms = (ticks - GREGORIAN_OFFSET) / 10_000n;
  // Before 1970 or beyond v7's 48 bits: no time a v7 can hold.
  return ms < 0n || ms >= 2n ** 48n ? null : Number(ms);
}

function formatUuid(b: Buffer): string {
  const x = b.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
