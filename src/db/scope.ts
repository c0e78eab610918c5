/* eslint-disable @typescript-eslint/no-explicit-any -- portal-scoped builders are generic over every tenant table; Kysely types them with `any` inside */
import type {
  DeleteQueryBuilder,
  DeleteResult,
  InsertQueryBuilder,
  InsertResult,
  Insertable,
  Kysely,
  SelectQueryBuilder,
  Transaction,
  UpdateQueryBuilder,
  UpdateResult,
  Updateable,
} from 'kysely';
import type { DB, TenantTable } from './types.js';

export type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Portal-scoped query builders. Repositories get one of these from the request
 * context, so every query they write is already filtered by `portal_id` and
 * every insert already carries it. There is no way to pass a portal id in from
 * a request body.
 */
export function portalScope(executor: Executor, portalId: string) {
  // Kysely cannot type a query over a table chosen by a type parameter; the casts stay in here.
  const db = executor as unknown as Kysely<any>;
  return {
    portalId,
    db: executor,
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- Kysely types "nothing selected yet" as {}
    selectFrom<T extends TenantTable>(table: T): SelectQueryBuilder<DB, T, {}> {
      return db.selectFrom(table as string).where(`${table as string}.portal_id` as any, '=', portalId) as any;
    },
    insertInto<T extends TenantTable>(
      table: T,
      values: Omit<Insertable<DB[T]>, 'portal_id'> | Omit<Insertable<DB[T]>, 'portal_id'>[],
    ): InsertQueryBuilder<DB, T, InsertResult> {
      const rows = (Array.isArray(values) ? values : [values]).map((v) => ({ ...v, portal_id: portalId }));
      return db.insertInto(table as string).values(rows) as any;
    },
    updateTable<T extends TenantTable>(table: T, values: Omit<Updateable<DB[T]>, 'portal_id'>): UpdateQueryBuilder<DB, T, T, UpdateResult> {
      return db
        .updateTable(table as string)
        .set(values as any)
        .where(`${table as string}.portal_id` as any, '=', portalId) as any;
    },
    deleteFrom<T extends TenantTable>(table: T): DeleteQueryBuilder<DB, T, DeleteResult> {
      return db.deleteFrom(table as string).where(`${table as string}.portal_id` as any, '=', portalId) as any;
    },
  };
}

export type PortalScope = ReturnType<typeof portalScope>;
