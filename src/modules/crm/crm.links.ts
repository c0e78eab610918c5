import type { PortalContext } from '../../server/context.js';

export type CrmRecordKind = 'company' | 'contact' | 'lead' | 'deal';
export const CRM_RECORD_KINDS: readonly CrmRecordKind[] = ['company', 'contact', 'lead', 'deal'];

/** For other modules (tasks, calendar): whether a CRM record exists in the caller's portal. */
export async function crmRecordExists(_ctx: PortalContext, _kind: CrmRecordKind, _id: string): Promise<boolean> {
  return false;
}
