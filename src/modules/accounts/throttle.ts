import { setTimeout as sleep } from 'node:timers/promises';
import type { AppDeps } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';

export interface ThrottleRule {
  key: string;
  max: number;
}

export const THROTTLE_WINDOW_MS = 15 * 60_000;

/*
 * Failed attempts are rows in the database, so every app process sees them.
 * Time is the process clock, `deps.clock.now()` without a portal: real time in
 * production, also under TEST_CLOCK=1 (which moves portals' clocks, never this
 * one), so a tester cannot fast-forward past a throttle.
 */

/** Refuses with 429 once a key has `max` failures within the window; Retry-After says when the oldest that counts expires. */
export async function assertNotThrottled(deps: AppDeps, rules: ThrottleRule[]): Promise<void> {
  const now = deps.clock.now().getTime();
  const since = new Date(now - THROTTLE_WINDOW_MS).toISOString();
  for (const rule of rules) {
    // The max-th newest failure: when it leaves the window, the key is under its limit again.
    const row = await deps.db
      .selectFrom('auth_throttle')
      .select('created_at')
      .where('key', '=', rule.key)
      .where('created_at', '>', since)
      .orderBy('created_at', 'desc')
      .limit(1)
      .offset(rule.max - 1)
      .executeTakeFirst();
    if (row) {
      const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(row.created_at) + THROTTLE_WINDOW_MS - now) / 1000));
      const minutes = Math.ceil(retryAfterSeconds / 60);
      throw new AppError('RATE_LIMITED', `Too many attempts. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`, { retryAfterSeconds });
    }
  }
}

export async function recordFailure(deps: AppDeps, keys: Array<ThrottleRule | string>): Promise<void> {
  const now = deps.clock.now();
  const old = new Date(now.getTime() - 24 * 3600_000).toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('auth_throttle').where('created_at', '<', old).execute();
    await trx
      .insertInto('auth_throttle')
      .values(keys.map((k) => ({ id: newId(), key: typeof k === 'string' ? k : k.key, created_at: now.toISOString() })))
      .execute();
  });
}

export async function clearFailures(deps: AppDeps, keys: string[]): Promise<void> {
  if (keys.length) await deps.db.deleteFrom('auth_throttle').where('key', 'in', keys).execute();
}

async function countFailures(deps: AppDeps, key: string): Promise<number> {
  const since = new Date(deps.clock.now().getTime() - THROTTLE_WINDOW_MS).toISOString();
  const row = await deps.db
    .selectFrom('auth_throttle')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('key', '=', key)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// --- Sign-in ---------------------------------------------------------------------------------------

/** Failures of one account from one address before that address gets 429 for that account. */
export const ACCOUNT_ADDRESS_LIMIT = 10;
/** Failures of an account (from anywhere) that pass without a delay: typos. */
const FREE_FAILURES = 2;
const FIRST_DELAY_MS = 250;

/**
 * How long a sign-in to an account waits after `failures` recent failures on
 * it: nothing for the first two, then 250 ms doubling per failure, capped.
 */
export function accountDelayMs(failures: number, capMs: number): number {
  if (failures <= FREE_FAILURES) return 0;
  return Math.min(capMs, FIRST_DELAY_MS * 2 ** Math.min(failures - FREE_FAILURES - 1, 30));
}

/** Who is signing in: the account (e.g. `login:<portal>:<email>`) and the client address. */
export interface SignInAttempt {
  account: string;
  ip: string | null;
}

const keysOf = ({ account, ip }: SignInAttempt) => {
  const address = ip ?? 'unknown';
  return { account, accountAtAddress: `${account}@${address}`, address: `login-ip:${address}` };
};

/**
 * Before a password is checked (ADR 0012). Refuses the client's address with
 * 429 after LOGIN_LIMIT failures from it (any account) or 10 on this account;
 * then waits the account's backoff. The wait is never a refusal, so the right
 * password from another address gets in however often others failed.
 */
export async function beforeSignIn(deps: AppDeps, attempt: SignInAttempt): Promise<void> {
  const keys = keysOf(attempt);
  const rules: ThrottleRule[] = [{ key: keys.accountAtAddress, max: ACCOUNT_ADDRESS_LIMIT }];
  if (deps.config.LOGIN_LIMIT > 0) rules.push({ key: keys.address, max: deps.config.LOGIN_LIMIT });
  await assertNotThrottled(deps, rules);
  const delay = accountDelayMs(await countFailures(deps, keys.account), deps.config.LOGIN_DELAY_MAX_MS);
  if (delay > 0) await sleep(delay);
}

export async function signInFailed(deps: AppDeps, attempt: SignInAttempt): Promise<void> {
  const keys = keysOf(attempt);
  await recordFailure(deps, [keys.account, keys.accountAtAddress, keys.address]);
}

/** The account's failures are forgiven; the address's count stays (it may be guessing other accounts). */
export async function signInSucceeded(deps: AppDeps, attempt: SignInAttempt): Promise<void> {
  const keys = keysOf(attempt);
  await clearFailures(deps, [keys.account, keys.accountAtAddress]);
}
