import type { JobHandler } from '../../kernel/jobs/runner.js';

/** Background job handlers of the scheduling module, by job kind (registered in src/server/modules.ts). */
export const schedulingJobHandlers: Record<string, JobHandler> = {};
