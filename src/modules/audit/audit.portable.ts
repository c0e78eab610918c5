/* eslint-disable @typescript-eslint/no-explicit-any -- audit rows are read as plain records for the export */
import { scopeOf } from '../../kernel/context.js';
import { afterKey, archivedOnImport, columns, pagedRows, recordPages, type PortableTable } from '../../kernel/portable.js';
import type { AuditRow } from '../../db/tables/audit.js';

const auditColumns = columns('id:id', 'actor_type', 'actor_id?', 'action', 'target_type?', 'target_id?', 'ip?', 'user_agent?', 'details:json?', 'created_at');

/** The audit log in an export (POR-1); an import keeps it as history (see PortableTable.archived). */
export const auditLogTable: PortableTable = {
  entity: 'audit_log',
  tables: ['audit_log'],
  columns: auditColumns,
  count: async (ctx) =>
    Number(
      (
        await scopeOf(ctx)
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  pages(ctx) {
    const rows = pagedRows<AuditRow>((after, limit) => {
      let q = scopeOf(ctx).selectFrom('audit_log').selectAll().orderBy('created_at').orderBy('id').limit(limit);
      if (after) q = q.where(afterKey('created_at', 'id', [after.created_at, after.id]));
      return q.execute();
    });
    return recordPages(auditColumns, rows as AsyncIterable<any>);
  },
  ...archivedOnImport,
};
