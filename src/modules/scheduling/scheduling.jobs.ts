import type { JobHandler } from '../../kernel/jobs/runner.js';
import { REPLACE_JOB, replaceBlocksJob } from './replace.service.js';

/** Background job handlers of the scheduling module, by job kind (registered in src/server/modules.ts). */
export const schedulingJobHandlers: Record<string, JobHandler> = { [REPLACE_JOB]: replaceBlocksJob };
