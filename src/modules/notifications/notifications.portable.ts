import type { NotificationSettingsRow } from '../../db/tables/notifications.js';
import { scopeOf } from '../../kernel/context.js';
import { columns, noRows, pagedRows, recordPages, textOrNull, text, type PortableModule, type PortableTable } from '../../kernel/portable.js';

/**
 * The notifications module in the export (POR-1): each user's settings, as they chose
 * them. The notifications themselves are derived (they repeat what records say, and
 * the records are exported) and stay out, like the search and occurrence indexes (ADR 0021).
 */
const settingsColumns = columns('user_id:user', 'kinds:json', 'updated_at');

const settingsTable: PortableTable = {
  entity: 'notification_settings',
  tables: ['notification_settings'],
  columns: settingsColumns,
  count: async (ctx) =>
    Number(
      (
        await scopeOf(ctx)
          .selectFrom('notification_settings')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  pages(ctx) {
    const rows = pagedRows<NotificationSettingsRow>((after, limit) => {
      let q = scopeOf(ctx).selectFrom('notification_settings').selectAll().orderBy('user_id').limit(limit);
      if (after) q = q.where('user_id', '>', after.user_id);
      return q.execute();
    });
    return recordPages(settingsColumns, rows as AsyncIterable<NotificationSettingsRow & Record<string, string>>);
  },
  async insert(ctx, trx, records) {
    // A user the import does not know (user cell mapped to nothing) has no settings to keep.
    const rows = records
      .filter((r) => textOrNull(r.user_id) !== null)
      .map((r) => ({ user_id: text(r.user_id), kinds: text(r.kinds) || '{}', updated_at: text(r.updated_at) }));
    if (rows.length) await scopeOf(ctx, trx).insertInto('notification_settings', rows).execute();
  },
  clear: async (ctx, trx) => {
    await scopeOf(ctx, trx).deleteFrom('notification_settings').execute();
  },
};

export const notificationsPortable: PortableModule = {
  name: 'notifications',
  tables: [settingsTable],
  isEmpty: (ctx) => noRows(ctx, ['notification_settings']),
};
