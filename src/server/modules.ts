import type { FastifyInstance } from 'fastify';
import type { AppDeps } from './context.js';
import type { JobHandler } from '../jobs/runner.js';
import { accountsRoutes } from '../modules/accounts/accounts.routes.js';
import { auditRoutes } from '../modules/audit/audit.routes.js';
import { mailRoutes } from '../modules/mail/mail.routes.js';
import { MAIL_SEND_JOB, sendMailJob } from '../modules/mail/mail.service.js';
import { crmRoutes } from '../modules/crm/crm.routes.js';
import { tasksRoutes } from '../modules/tasks/tasks.routes.js';
import { calendarRoutes } from '../modules/calendar/calendar.routes.js';
import { driveRoutes } from '../modules/drive/drive.routes.js';
import { billingRoutes } from '../modules/billing/billing.routes.js';
import { billingJobHandlers } from '../modules/billing/renewals.service.js';
import { telephonyRoutes } from '../modules/telephony/telephony.routes.js';
import { lifecycleRoutes } from '../modules/lifecycle/lifecycle.routes.js';
import { portabilityRoutes } from '../modules/portability/portability.routes.js';
import { automationsRoutes } from '../modules/automations/automations.routes.js';
import { schedulingRoutes } from '../modules/scheduling/scheduling.routes.js';
import { lifecycleJobHandlers } from '../modules/lifecycle/lifecycle.jobs.js';
import { portabilityJobHandlers } from '../modules/portability/portability.jobs.js';
import { automationsJobHandlers } from '../modules/automations/automations.jobs.js';
import { schedulingJobHandlers } from '../modules/scheduling/scheduling.jobs.js';
import { operatorsRoutes } from '../modules/operators/operators.routes.js';

/**
 * The one list of feature modules: their HTTP routes and their job handlers.
 * A new module adds a line here (see docs/architecture.md, "Adding a feature").
 */
export const moduleRoutes: ((app: FastifyInstance, deps: AppDeps) => Promise<void>)[] = [
  accountsRoutes,
  auditRoutes,
  mailRoutes,
  crmRoutes,
  tasksRoutes,
  calendarRoutes,
  driveRoutes,
  billingRoutes,
  telephonyRoutes,
  lifecycleRoutes,
  portabilityRoutes,
  automationsRoutes,
  schedulingRoutes,
  operatorsRoutes,
];

export const jobHandlers: Record<string, JobHandler> = {
  [MAIL_SEND_JOB]: sendMailJob,
  ...billingJobHandlers,
  ...lifecycleJobHandlers,
  ...portabilityJobHandlers,
  ...automationsJobHandlers,
  ...schedulingJobHandlers,
};
