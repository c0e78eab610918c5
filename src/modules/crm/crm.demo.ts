import type { PortalContext } from '../../server/context.js';

/** Demo records for `skit demo`, created through this module's service. */
export async function seedCrmDemo(_ctx: PortalContext): Promise<void> {}
