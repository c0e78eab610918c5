import type { JobHandler } from '../../jobs/runner.js';

/** Background job handlers of the lifecycle module, by job kind (registered in src/server/modules.ts). */
export const lifecycleJobHandlers: Record<string, JobHandler> = {};
