import type { Executor } from '../../db/scope.js';
import type { OperatorPasswordLinkRow, OperatorRow, OperatorSessionRow } from '../../db/tables/operators.js';

/** Queries on the operators module's own tables (none belongs to a portal). */

export async function insertOperator(db: Executor, row: OperatorRow): Promise<void> {
  await db.insertInto('operators').values(row).execute();
}

export function findOperator(db: Executor, id: string): Promise<OperatorRow | undefined> {
  return db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOperatorByEmail(db: Executor, emailNormalized: string): Promise<OperatorRow | undefined> {
  return db.selectFrom('operators').selectAll().where('email_normalized', '=', emailNormalized).executeTakeFirst();
}

export function listOperators(db: Executor): Promise<OperatorRow[]> {
  return db.selectFrom('operators').selectAll().orderBy('email_normalized').execute();
}

export async function updateOperator(db: Executor, id: string, values: Partial<Omit<OperatorRow, 'id'>>): Promise<void> {
  await db.updateTable('operators').set(values).where('id', '=', id).execute();
}

export async function insertSession(db: Executor, row: OperatorSessionRow): Promise<void> {
  await db.insertInto('operator_sessions').values(row).execute();
}

export function findSession(db: Executor, id: string): Promise<OperatorSessionRow | undefined> {
  return db.selectFrom('operator_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function touchSession(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable('operator_sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('operator_sessions').where('id', '=', id).execute();
}

/** Ends an operator's sessions, but `keep` (the one changing the password). */
export async function deleteSessionsOf(db: Executor, operatorId: string, keep?: string): Promise<void> {
  let q = db.deleteFrom('operator_sessions').where('operator_id', '=', operatorId);
  if (keep) q = q.where('id', '!=', keep);
  await q.execute();
}

export async function insertPasswordLink(db: Executor, row: OperatorPasswordLinkRow): Promise<void> {
  await db.insertInto('operator_password_links').values(row).execute();
}

export function findPasswordLink(db: Executor, tokenHash: string): Promise<OperatorPasswordLinkRow | undefined> {
  return db.selectFrom('operator_password_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks a link used; false when another request used it first. */
export async function usePasswordLink(db: Executor, id: string, at: string): Promise<boolean> {
  const r = await db.updateTable('operator_password_links').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function getSetting(db: Executor, key: string): Promise<string | null> {
  const row = await db.selectFrom('instance_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

export async function putSetting(db: Executor, key: string, value: string, at: string): Promise<void> {
  await db
    .insertInto('instance_settings')
    .values({ key, value, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
    .execute();
}
