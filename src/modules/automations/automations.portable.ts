import type { PortalContext } from '../../server/context.js';

/**
 * The automations part of a portal export (POR-1): the same document as
 * GET /api/automations/export, and its import. Implemented by the automations module.
 */
export async function exportAutomationsDocument(_ctx: PortalContext): Promise<{ formatVersion: number; rules: unknown[] }> {
  return { formatVersion: 1, rules: [] };
}

export async function importAutomationsDocument(_ctx: PortalContext, _doc: unknown): Promise<{ imported: number; unresolved: { rule: string; what: string }[] }> {
  return { imported: 0, unresolved: [] };
}
