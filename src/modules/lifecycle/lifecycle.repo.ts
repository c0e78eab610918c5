import { randomBytes } from 'node:crypto';
import type { PortalScope } from '../../db/scope.js';
import type { CancellationRow, DowngradeRow, PauseRow } from '../../db/tables/lifecycle.js';

/** Queries on the lifecycle module's portal tables, portal-scoped. */

/** A short reference a person can read out: CXL-7F3A9C21. */
export const newReference = (prefix: 'CXL' | 'DEL'): string => `${prefix}-${randomBytes(4).toString('hex').toUpperCase()}`;

export function scheduledCancellation(s: PortalScope): Promise<CancellationRow | undefined> {
  return s.selectFrom('lifecycle_cancellations').selectAll().where('status', '=', 'scheduled').orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

export async function insertCancellation(s: PortalScope, row: Omit<CancellationRow, 'portal_id'>): Promise<void> {
  await s.insertInto('lifecycle_cancellations', row).execute();
}

export async function setCancellationStatus(s: PortalScope, id: string, status: CancellationRow['status'], at: string): Promise<void> {
  await s.updateTable('lifecycle_cancellations', { status, updated_at: at }).where('id', '=', id).execute();
}

export function unrestoredDowngrades(s: PortalScope): Promise<DowngradeRow[]> {
  return s.selectFrom('lifecycle_downgrades').selectAll().where('restored_at', 'is', null).orderBy('applied_at', 'desc').execute();
}

export function lastDowngrade(s: PortalScope): Promise<DowngradeRow | undefined> {
  return s.selectFrom('lifecycle_downgrades').selectAll().orderBy('applied_at', 'desc').limit(1).executeTakeFirst();
}

export async function insertDowngrade(s: PortalScope, row: Omit<DowngradeRow, 'portal_id'>): Promise<void> {
  await s.insertInto('lifecycle_downgrades', row).execute();
}

export async function markRestored(s: PortalScope, id: string, at: string): Promise<void> {
  await s.updateTable('lifecycle_downgrades', { restored_at: at }).where('id', '=', id).execute();
}

export function activePause(s: PortalScope): Promise<PauseRow | undefined> {
  return s.selectFrom('lifecycle_pauses').selectAll().where('status', '=', 'active').limit(1).executeTakeFirst();
}

export function findPause(s: PortalScope, id: string): Promise<PauseRow | undefined> {
  return s.selectFrom('lifecycle_pauses').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertPause(s: PortalScope, row: Omit<PauseRow, 'portal_id'>): Promise<void> {
  await s.insertInto('lifecycle_pauses', row).execute();
}

export async function endPause(s: PortalScope, id: string, at: string, by: 'admin' | 'schedule'): Promise<void> {
  await s.updateTable('lifecycle_pauses', { status: 'ended', ended_at: at, ended_by: by }).where('id', '=', id).execute();
}
