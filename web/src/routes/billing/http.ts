import { idempotencyKey } from './money';

/**
 * The Idempotency-Key header of a billing POST (a header parameter in the document): billing charges at most once
 * per key, so a retried or doubled request is safe. Pass a key kept across
 * retries (e.g. one per opened dialog) or let each call have a fresh one.
 */
export function idempotencyHeader(key: string = idempotencyKey()): { 'idempotency-key': string } {
  return { 'idempotency-key': key };
}
