import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';

export interface ThrottleRule {
  key: string;
  max: number;
}

const WINDOW_MS = 15 * 60_000;

/**
 * Failed attempts are rows in the database, so every app process sees them.
 * Refuses with 429 once a key has `max` failures within the window.
 */
export async function assertNotThrottled(deps: AppDeps, rules: ThrottleRule[]): Promise<void> {
  const since = new Date(deps.clock.now().getTime() - WINDOW_MS).toISOString();
  for (const rule of rules) {
    const row = await deps.db
      .selectFrom('auth_throttle')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('key', '=', rule.key)
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    if (Number(row.n) >= rule.max) {
      throw new AppError('RATE_LIMITED', 'Too many attempts. Wait 15 minutes and try again.', { retryAfterSeconds: WINDOW_MS / 1000 });
    }
  }
}

export async function recordFailure(deps: AppDeps, rules: ThrottleRule[]): Promise<void> {
  const now = deps.clock.now();
  const old = new Date(now.getTime() - 24 * 3600_000).toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('auth_throttle').where('created_at', '<', old).execute();
    await trx
      .insertInto('auth_throttle')
      .values(rules.map((r) => ({ id: randomUUID(), key: r.key, created_at: now.toISOString() })))
      .execute();
  });
}

export async function clearFailures(deps: AppDeps, keys: string[]): Promise<void> {
  if (keys.length) await deps.db.deleteFrom('auth_throttle').where('key', 'in', keys).execute();
}
