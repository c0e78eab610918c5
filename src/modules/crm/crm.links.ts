import { scopeOf, type PortalContext } from '../../kernel/context.js';
import type { Executor } from '../../db/scope.js';
import { rowExists, type CrmTable } from './crm.repo.js';

export type CrmRecordKind = 'company' | 'contact' | 'lead' | 'deal';
export const CRM_RECORD_KINDS: readonly CrmRecordKind[] = ['company', 'contact', 'lead', 'deal'];

const TABLES: Record<CrmRecordKind, CrmTable> = { company: 'companies', contact: 'contacts', lead: 'leads', deal: 'deals' };

/**
 * For other modules (tasks, calendar): whether a CRM record exists in the caller's
 * portal. Pass the transaction you are in, if any (SQLite has one connection).
 */
export async function crmRecordExists(ctx: PortalContext, kind: CrmRecordKind, id: string, executor: Executor = ctx.deps.db): Promise<boolean> {
  const table = TABLES[kind];
  if (!table) return false;
  return rowExists(scopeOf(ctx, executor), table, id);
}
