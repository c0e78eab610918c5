import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../kernel/context.js';
import type { JobHandler } from '../kernel/jobs/runner.js';
import { accountsRoutes } from '../modules/accounts/index.js';
import { auditRoutes } from '../modules/audit/index.js';
import { MAIL_SEND_JOB, mailRoutes, sendMailJob } from '../modules/mail/index.js';
import { crmRoutes } from '../modules/crm/index.js';
import { tasksRoutes } from '../modules/tasks/index.js';
import { calendarRoutes } from '../modules/calendar/index.js';
import { driveRoutes } from '../modules/drive/index.js';
import { billingJobHandlers, billingRoutes } from '../modules/billing/index.js';
import { telephonyRoutes } from '../modules/telephony/index.js';
import { lifecycleJobHandlers, lifecycleRoutes } from '../modules/lifecycle/index.js';
import { portabilityJobHandlers, portabilityRoutes } from '../modules/portability/index.js';
import { automationsJobHandlers, automationsRoutes } from '../modules/automations/index.js';
import { schedulingJobHandlers, schedulingRoutes } from '../modules/scheduling/index.js';
import { operatorsRoutes } from '../modules/operators/index.js';
import { liveRoutes } from '../modules/live/index.js';
import { notificationsJobHandlers, notificationsRoutes } from '../modules/notifications/index.js';
import { remindersJobHandlers } from '../modules/reminders/index.js';
import { caldavRoutes } from '../modules/caldav/index.js';
import { connectionsJobHandlers, connectionsRoutes } from '../modules/connections/index.js';
import { HOUSEKEEPING_JOB, housekeepingJob } from './housekeeping.js';

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
  liveRoutes,
  notificationsRoutes,
  caldavRoutes,
  connectionsRoutes,
];

export const jobHandlers: Record<string, JobHandler> = {
  [MAIL_SEND_JOB]: sendMailJob,
  ...billingJobHandlers,
  ...lifecycleJobHandlers,
  ...portabilityJobHandlers,
  ...automationsJobHandlers,
  ...schedulingJobHandlers,
  ...notificationsJobHandlers,
  ...remindersJobHandlers,
  ...connectionsJobHandlers,
  [HOUSEKEEPING_JOB]: housekeepingJob,
};
