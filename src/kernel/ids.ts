import { v7 } from 'uuid';

/**
 * The id of a new record: a UUIDv7 (RFC 9562), its first 48 bits the creation time in
 * milliseconds, so ids made one after another sort together and B-tree inserts land at the
 * right edge of the index instead of on a random page (ADR 0031). Within one process the
 * ids are strictly increasing (the `uuid` package keeps a counter within a millisecond).
 *
 * Only for record ids: tokens, secrets and nonces stay fully random (`randomBytes`),
 * since a v7 id carries its time and only 74 random bits.
 */
export function newId(): string {
  return v7();
}
