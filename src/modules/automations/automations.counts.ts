import type { Executor } from '../../db/scope.js';
import { scopeOf, type PortalContext } from '../../kernel/context.js';

/**
 * How many automation records the portal keeps, by kind: what becomes
 * read-only when a downgrade takes the feature away (the lifecycle preview
 * lists it, LIF-1). Runs inside the caller's transaction.
 */
export async function automationRecordCounts(ctx: PortalContext, executor: Executor = ctx.deps.db): Promise<Record<string, number>> {
  const row = await scopeOf(ctx, executor)
    .selectFrom('automation_rules')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { automation_rules: Number(row.n) };
}
