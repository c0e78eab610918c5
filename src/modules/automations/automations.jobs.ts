import type { JobHandler } from '../../jobs/runner.js';

/** Background job handlers of the automations module, by job kind (registered in src/server/modules.ts). */
export const automationsJobHandlers: Record<string, JobHandler> = {};
