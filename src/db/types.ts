/**
 * Row types of every table, as stored. Both dialects store:
 * - ids as text (UUIDs),
 * - instants as ISO-8601 UTC text with milliseconds (`2026-01-31T09:00:00.000Z`), which sorts correctly,
 * - booleans as integers 0/1,
 * - JSON as text,
 * - money as integer minor units (bigint) beside an ISO-4217 currency code.
 * See docs/decisions/0002-sqlite-and-postgresql.md.
 */
import type { AccountsTables } from './tables/accounts.js';
import type { AuditTables } from './tables/audit.js';
import type { MailTables } from './tables/mail.js';
import type { JobsTables } from './tables/jobs.js';
import type { CrmTables } from './tables/crm.js';
import type { TasksTables } from './tables/tasks.js';
import type { CalendarTables } from './tables/calendar.js';
import type { DriveTables } from './tables/drive.js';
import type { BillingTables } from './tables/billing.js';
import type { TelephonyTables } from './tables/telephony.js';
import type { LifecycleTables } from './tables/lifecycle.js';
import type { PortabilityTables } from './tables/portability.js';
import type { AutomationsTables } from './tables/automations.js';
import type { SchedulingTables } from './tables/scheduling.js';
import type { OperatorsTables } from './tables/operators.js';
import type { LiveTables } from './tables/live.js';
import type { NotificationsTables } from './tables/notifications.js';
import type { RemindersTables } from './tables/reminders.js';
import type { CaldavTables } from './tables/caldav.js';
import type { ConnectionsTables } from './tables/connections.js';

export interface DB
  extends
    AccountsTables,
    AuditTables,
    MailTables,
    JobsTables,
    CrmTables,
    TasksTables,
    CalendarTables,
    DriveTables,
    BillingTables,
    TelephonyTables,
    LifecycleTables,
    PortabilityTables,
    AutomationsTables,
    SchedulingTables,
    OperatorsTables,
    LiveTables,
    NotificationsTables,
    RemindersTables,
    CaldavTables,
    ConnectionsTables {}

/** Tables that hold one portal's data: every one has a `portal_id` column. */
export type TenantTable = {
  [K in keyof DB]: DB[K] extends { portal_id: string | null } ? K : never;
}[keyof DB];
