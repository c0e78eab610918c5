import type { JobHandler } from '../../jobs/runner.js';

/** Background job handlers of the portability module, by job kind (registered in src/server/modules.ts). */
export const portabilityJobHandlers: Record<string, JobHandler> = {};
