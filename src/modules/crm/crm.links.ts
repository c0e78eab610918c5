import { scopeOf, type PortalContext } from '../../kernel/context.js';
import type { Executor } from '../../db/scope.js';
import { rowExists, type CrmTable } from './crm.repo.js';
import { fullName } from './names.js';

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

/**
 * For other modules (notifications): a CRM record's display name and owner, read in the
 * caller's transaction; undefined when it does not exist in the caller's portal.
 */
export async function crmRecordOwner(
  ctx: PortalContext,
  kind: CrmRecordKind,
  id: string,
  executor: Executor = ctx.deps.db,
): Promise<{ name: string; ownerId: string | null } | undefined> {
  const s = scopeOf(ctx, executor);
  switch (kind) {
    case 'contact': {
      const r = await s.selectFrom('contacts').select(['first_name', 'last_name', 'owner_id']).where('id', '=', id).executeTakeFirst();
      return r && { name: fullName(r.first_name, r.last_name), ownerId: r.owner_id };
    }
    case 'company': {
      const r = await s.selectFrom('companies').select(['name', 'owner_id']).where('id', '=', id).executeTakeFirst();
      return r && { name: r.name, ownerId: r.owner_id };
    }
    case 'lead':
    case 'deal': {
      const r = await s
        .selectFrom(kind === 'lead' ? 'leads' : 'deals')
        .select(['title', 'owner_id'])
        .where('id', '=', id)
        .executeTakeFirst();
      return r && { name: r.title, ownerId: r.owner_id };
    }
  }
}
