import type { JobHandler } from '../../kernel/jobs/runner.js';
import { REMINDERS_SCAN_JOB, REMINDERS_START_JOB, reminderScanJob, reminderStartJob } from './reminders.scan.js';

/** Background job handlers of the reminders module, by job kind (registered in src/server/modules.ts). */
export const remindersJobHandlers: Record<string, JobHandler> = {
  [REMINDERS_SCAN_JOB]: reminderScanJob,
  [REMINDERS_START_JOB]: reminderStartJob,
};
