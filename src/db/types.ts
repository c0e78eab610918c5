/**
 * Row types of every table, as stored. Both dialects store:
 * - ids as text (UUIDs),
 * - instants as ISO-8601 UTC text with milliseconds (`2026-01-31T09:00:00.000Z`), which sorts correctly,
 * - booleans as integers 0/1,
 * - JSON as text,
 * - money as integer minor units (bigint) beside an ISO-4217 currency code.
 * See docs/decisions/0002-sqlite-and-postgresql.md.
 */
import type { AccountsTables } from '../modules/accounts/accounts.tables.js';
import type { AuditTables } from '../modules/audit/audit.tables.js';
import type { MailTables } from '../modules/mail/mail.tables.js';
import type { JobsTables } from '../jobs/jobs.tables.js';
import type { CrmTables } from '../modules/crm/crm.tables.js';
import type { TasksTables } from '../modules/tasks/tasks.tables.js';
import type { CalendarTables } from '../modules/calendar/calendar.tables.js';
import type { DriveTables } from '../modules/drive/drive.tables.js';
import type { BillingTables } from '../modules/billing/billing.tables.js';
import type { TelephonyTables } from '../modules/telephony/telephony.tables.js';
import type { LifecycleTables } from '../modules/lifecycle/lifecycle.tables.js';
import type { PortabilityTables } from '../modules/portability/portability.tables.js';
import type { AutomationsTables } from '../modules/automations/automations.tables.js';
import type { SchedulingTables } from '../modules/scheduling/scheduling.tables.js';
import type { OperatorsTables } from '../modules/operators/operators.tables.js';

export interface DB extends AccountsTables, AuditTables, MailTables, JobsTables, CrmTables, TasksTables, CalendarTables, DriveTables,
    BillingTables, TelephonyTables, LifecycleTables, PortabilityTables, AutomationsTables, SchedulingTables, OperatorsTables {}

/** Tables that hold one portal's data: every one has a `portal_id` column. */
export type TenantTable = {
  [K in keyof DB]: DB[K] extends { portal_id: string | null } ? K : never;
}[keyof DB];
