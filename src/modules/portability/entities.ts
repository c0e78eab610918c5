import { accountsPortable, usersTable } from '../accounts/index.js';
import { automationsPortable } from '../automations/index.js';
import { schedulingPortable } from '../scheduling/index.js';
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
import type { TenantTable } from '../../db/types.js';

/** The modules whose records an import re-creates, in the order they import (what is referenced first). */
export const portableModules: PortableModule[] = [
  accountsPortable,
  crmPortable,
  tasksPortable,
  calendarPortable,
  drivePortable,
  telephonyPortable,
  notificationsPortable,
  connectionsPortable,
  schedulingPortable,
  automationsPortable,
];

/** Every CSV of an export, in the order the archive lists them. */
export const exportTables: PortableTable[] = [usersTable, ...portableModules.flatMap((m) => m.tables), invoicesTable, auditLogTable];

/**
 * Portal tables an export holds other than as a CSV's own rows (POR-6). With the CSVs'
 * `tables` and the excluded list (excluded.ts) they account for every table with a portal_id.
 */
export const exportedElsewhere: readonly { table: TenantTable; in: string }[] = [
  { table: 'automation_rules', in: 'automations.json' },
  { table: 'portability_archive', in: 'the CSVs of tables kept as history (invoices, audit_log, telephony_ledger), before their live rows' },
];

/** Where the export holds each portal table it holds: the CSV (or other file) by table name. */
export function exportCoverage(): Map<string, string> {
  const where = new Map<string, string>();
  for (const t of exportTables) for (const table of t.tables) where.set(table, csvPath(t));
  for (const e of exportedElsewhere) where.set(e.table, e.in);
  return where;
}

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
  /** The portal tables left out of the archive, with the reason (excluded.ts); absent in archives made before POR-6. */
  excluded?: { table: string; reason: string }[];
  files: { path: string; sha256: string; bytes: number }[];
}
