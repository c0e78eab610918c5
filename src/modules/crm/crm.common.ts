import type { Executor } from '../../db/scope.js';
import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { findUser } from '../accounts/index.js';
import { rowExists } from './crm.repo.js';

/** A reference to a record that is not in the caller's portal (or nowhere): the same answer either way. */
export function invalidReference(field: string, what: string): AppError {
  return new AppError('INVALID_REFERENCE', `${field} does not name ${what} in this portal`, {
    fields: [{ path: field, message: `is not ${what} in this portal` }],
  });
}

export function validationFailed(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${path} ${message}`, { fields: [{ path, message }] });
}

export interface Refs {
  companyId?: string | null;
  contactId?: string | null;
  ownerId?: string | null;
}

/** Checks that each reference given names a record of the caller's portal; run it inside the write's transaction. */
export async function assertRefs(ctx: PortalContext, executor: Executor, refs: Refs): Promise<void> {
  const s = scopeOf(ctx, executor);
  if (refs.companyId && !(await rowExists(s, 'companies', refs.companyId))) throw invalidReference('companyId', 'a company');
  if (refs.contactId && !(await rowExists(s, 'contacts', refs.contactId))) throw invalidReference('contactId', 'a contact');
  // Owners are users: asked of the accounts module, which owns them.
  if (refs.ownerId && !(await findUser(executor, ctx.portalId, refs.ownerId))) throw invalidReference('ownerId', 'a user');
}

/** `row` with the fields of `changes` that were given (undefined means "leave as is"; null clears). */
export function applyChanges<T extends object>(row: T, changes: Partial<T>): T {
  const next = { ...row };
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) (next as Record<string, unknown>)[k] = v;
  return next;
}

/** Whether any of `fields` changed between two versions of a row. */
export const changed = <T extends object>(before: T, after: T, fields: (keyof T)[]) => fields.some((f) => before[f] !== after[f]);
