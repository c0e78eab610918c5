import { usersTable } from '../accounts/index.js';
import { auditLogTable } from '../audit/index.js';
import { invoicesTable } from '../billing/index.js';
import { calendarPortable } from '../calendar/index.js';
import { crmPortable } from '../crm/index.js';
import { drivePortable } from '../drive/index.js';
import { tasksPortable } from '../tasks/index.js';
import { notificationsPortable } from '../notifications/index.js';
import { telephonyPortable } from '../telephony/index.js';
import { connectionsPortable } from '../connections/index.js';
import type { PortableModule, PortableTable } from '../../kernel/portable.js';

/** The modules whose records an import re-creates, in the order they import (what is referenced first). */
export const portableModules: PortableModule[] = [
  crmPortable,
  tasksPortable,
  calendarPortable,
  drivePortable,
  telephonyPortable,
  notificationsPortable,
  connectionsPortable,
];

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
