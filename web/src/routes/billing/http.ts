import { idempotencyKey } from './money';

/**
 * The Idempotency-Key header of a billing POST: billing charges at most once
 * per key, so a retried or doubled request is safe. Pass a key kept across
 * retries (e.g. one per opened dialog) or let each call have a fresh one.
 */
export function idempotencyHeader(key: string = idempotencyKey()): { 'Idempotency-Key': string } {
  return { 'Idempotency-Key': key };
}
