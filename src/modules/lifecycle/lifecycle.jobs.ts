import type { JobHandler } from '../../kernel/jobs/runner.js';
import { ERASE_JOB, erasePortal } from './deletion.service.js';
import { PAUSE_REMIND_JOB, PAUSE_RESUME_JOB, pauseRemindJob, pauseResumeJob } from './pause.service.js';

/** Background job handlers of the lifecycle module, by job kind (registered in src/server/modules.ts). */
export const lifecycleJobHandlers: Record<string, JobHandler> = {
  [PAUSE_RESUME_JOB]: async (deps, job) => {
    if (job.portalId) await pauseResumeJob(deps, job.portalId, (job.payload as { pauseId: string }).pauseId);
  },
  [PAUSE_REMIND_JOB]: async (deps, job) => {
    if (job.portalId) await pauseRemindJob(deps, job.portalId, (job.payload as { pauseId: string }).pauseId);
  },
  [ERASE_JOB]: async (deps, job) => erasePortal(deps, (job.payload as { deletionId: string }).deletionId),
};
