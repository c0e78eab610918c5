import type { AppDeps, PortalContext } from '../../server/context.js';
import { AppError } from '../../server/errors.js';
import { findPortalBySlug } from './accounts.repo.js';
import { seedCrmDemo } from '../crm/crm.demo.js';
import { seedTasksDemo } from '../tasks/tasks.demo.js';
import { seedCalendarDemo } from '../calendar/calendar.demo.js';
import { seedDriveDemo } from '../drive/drive.demo.js';
import { seedBillingDemo } from '../billing/billing.demo.js';
import { seedSchedulingDemo } from '../scheduling/scheduling.demo.js';
import { seedAutomationsDemo } from '../automations/automations.demo.js';

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
