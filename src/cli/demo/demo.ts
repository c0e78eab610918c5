import type { AppDeps, PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { findPortalBySlug } from '../../modules/accounts/index.js';
import { seedCrmDemo } from './crm.demo.js';
import { seedTasksDemo } from './tasks.demo.js';
import { seedCalendarDemo } from './calendar.demo.js';
import { seedDriveDemo } from './drive.demo.js';
import { seedBillingDemo } from './billing.demo.js';
import { seedSchedulingDemo } from './scheduling.demo.js';
import { seedAutomationsDemo } from './automations.demo.js';

/** Fills a portal with a living workspace (`skit demo`): CRM, then tasks, calendar and drive that refer to it. */
export async function seedDemo(deps: AppDeps, portalSlug: string): Promise<void> {
  const portal = await findPortalBySlug(deps.db, portalSlug);
  if (!portal) throw new AppError('NOT_FOUND', `No portal "${portalSlug}"`);
  const owner = await deps.db
    .selectFrom('users')
    .select(['id', 'role'])
    .where('portal_id', '=', portal.id)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  const ctx: PortalContext = { deps, portalId: portal.id, actor: { type: 'user', userId: owner.id, role: 'owner' }, ip: null, userAgent: 'skit demo' };
  for (const seed of [seedCrmDemo, seedBillingDemo, seedTasksDemo, seedCalendarDemo, seedDriveDemo, seedAutomationsDemo, seedSchedulingDemo]) await seed(ctx);
}
