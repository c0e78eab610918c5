import type { JobHandler } from '../../kernel/jobs/runner.js';
import { CONNECTION_SYNC_JOB, connectionSyncJob } from './sync.js';

/** Background job handlers of the connections module, by job kind (registered in src/server/modules.ts). */
export const connectionsJobHandlers: Record<string, JobHandler> = {
  [CONNECTION_SYNC_JOB]: connectionSyncJob,
};
