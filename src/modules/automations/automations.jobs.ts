import type { JobHandler } from '../../kernel/jobs/runner.js';
import { EVENT_JOB } from './automations.events.js';
import { DELIVERY_JOB, deliveryJob } from './deliveries.js';
import { eventJob } from './engine.js';
import { OVERDUE_JOB, overdueScanJob, SCHEDULE_JOB, scheduleTickJob } from './schedules.js';

/** Background job handlers of the automations module, by job kind (registered in src/server/modules.ts). */
export const automationsJobHandlers: Record<string, JobHandler> = {
  [EVENT_JOB]: eventJob,
  [DELIVERY_JOB]: deliveryJob,
  [SCHEDULE_JOB]: scheduleTickJob,
  [OVERDUE_JOB]: overdueScanJob,
};
