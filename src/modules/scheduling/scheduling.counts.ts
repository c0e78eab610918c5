import { sql } from 'kysely';
import type { Executor } from '../../db/scope.js';
import { scopeOf, type PortalContext } from '../../kernel/context.js';

/**
 * How many team booking pages (round robin, or more than one host) the portal
 * keeps: what becomes read-only when a downgrade takes `booking_pages_team`
 * away (the lifecycle preview lists it, LIF-1). Runs inside the caller's transaction.
 */
export async function teamBookingPageCounts(ctx: PortalContext, executor: Executor = ctx.deps.db): Promise<Record<string, number>> {
  const s = scopeOf(ctx, executor);
  const multiHost = s
    .selectFrom('booking_page_hosts')
    .select('page_id')
    .groupBy('page_id')
    .having(sql`count(*)`, '>', 1);
  const row = await s
    .selectFrom('booking_pages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.or([eb('mode', '=', 'round_robin'), eb('id', 'in', multiHost)]))
    .executeTakeFirstOrThrow();
  return { team_booking_pages: Number(row.n) };
}
