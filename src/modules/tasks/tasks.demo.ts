import type { PortalContext } from '../../server/context.js';

/** Demo records for `skit demo`, created through this module's service. */
export async function seedTasksDemo(_ctx: PortalContext): Promise<void> {}
