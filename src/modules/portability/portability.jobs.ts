import type { JobHandler } from '../../kernel/jobs/runner.js';
import { EXPORT_EXPIRE_JOB, EXPORT_JOB, expireExportJob, runExportJob } from './export.service.js';
import { IMPORT_INTERRUPTED_JOB, IMPORT_JOB, importInterruptedJob, runImportJob } from './import.service.js';

/** Background job handlers of the portability module, by job kind (registered in src/server/modules.ts). */
export const portabilityJobHandlers: Record<string, JobHandler> = {
  [EXPORT_JOB]: runExportJob,
  [EXPORT_EXPIRE_JOB]: expireExportJob,
  [IMPORT_JOB]: runImportJob,
  [IMPORT_INTERRUPTED_JOB]: importInterruptedJob,
};
