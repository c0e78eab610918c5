import { isUniqueViolation } from '../../db/errors.js';
import type { Executor } from '../../db/scope.js';
import type { AppDeps } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';

export const SIGNUP_CLOSED_MESSAGE = 'Sign-up is closed on this server. Ask its operator for a portal.';

/**
 * The first sign-up of a closed install claims it, in the sign-up's transaction: the
 * one 'first_signup' row's primary key lets exactly one of several concurrent sign-ups
 * in (the others wait for it on PostgreSQL, then fail; SQLite runs them one by one), and
 * a portal made meanwhile by other means closes it too. ADR 0025.
 */
export async function claimClosedInstall(deps: AppDeps, trx: Executor, portalId: string): Promise<void> {
  const closed = () => new AppError('SIGNUP_CLOSED', SIGNUP_CLOSED_MESSAGE);
  try {
    await trx.insertInto('install_claims').values({ name: 'first_signup', portal_id: portalId, claimed_at: deps.clock.now().toISOString() }).execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw closed();
    throw err;
  }
  if (await trx.selectFrom('portals').select('id').where('id', '!=', portalId).limit(1).executeTakeFirst()) throw closed();
}
