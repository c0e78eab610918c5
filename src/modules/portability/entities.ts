import { usersTable } from '../accounts/accounts.portable.js';
import { auditLogTable } from '../audit/audit.portable.js';
import { invoicesTable } from '../billing/billing.portable.js';
import { calendarPortable } from '../calendar/calendar.portable.js';
import { crmPortable } from '../crm/crm.portable.js';
import { drivePortable } from '../drive/drive.portable.js';
import { tasksPortable } from '../tasks/tasks.portable.js';
import { telephonyPortable } from '../telephony/telephony.portable.js';
import type { PortableModule, PortableTable } from './portable.js';

/** The modules whose records an import re-creates, in the order they import (what is referenced first). */
export const portableModules: PortableModule[] = [crmPortable, tasksPortable, calendarPortable, drivePortable, telephonyPortable];

/** Every CSV of an export, in the order the archive lists them. */
export const exportTables: PortableTable[] = [usersTable, ...portableModules.flatMap((m) => m.tables), invoicesTable, auditLogTable];

/** Version of the archive layout (docs/export-format.md); an import refuses a newer one. */
export const FORMAT_VERSION = 1;

export const MANIFEST = 'manifest.json';
export const AUTOMATIONS = 'automations.json';
export const csvPath = (t: PortableTable) => `${t.entity}.csv`;

export interface Manifest {
  formatVersion: number;
  portal: { id: string; slug: string; name: string };
  createdAt: string;
  counts: Record<string, number>;
  files: { path: string; sha256: string; bytes: number }[];
}
