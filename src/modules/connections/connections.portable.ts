import { scopeOf } from '../../kernel/context.js';
import { columns, int, noRows, portableTable, text, textOrNull, type PortableModule, type PortableTable } from '../../kernel/portable.js';
import type { ConnectionKind } from '../../db/tables/connections.js';
import { armSync } from './sync.js';

/**
 * Connected calendars in the export (POR-1) and its import, WITHOUT secrets: the
 * connection (address, user name, name, colour) and its calendars (busy,
 * write-back). The password stays behind: it is sealed with this server's key,
 * and an export is a file people hand around. An imported connection starts
 * "pending" without a password (a CalDAV account needs it entered again) and
 * syncs by itself. Not exported, with the reason (for the export's list of what
 * it leaves out):
 */
export const connectionsExcluded: { table: string; reason: string }[] = [
  { table: 'external_events', reason: 'a cache of the connected calendars’ events, rebuilt by the first sync after an import' },
  { table: 'connection_items', reason: 'the ETags the last sync saw of remote items; the first sync after an import reads everything again' },
];

const connectionsBase = portableTable({
  entity: 'calendar_connections',
  table: 'calendar_connections',
  columns: columns('id:id', 'user_id:user', 'kind', 'name', 'color?', 'url', 'username?', 'created_at', 'updated_at'),
  toRow: (r) => ({
    id: text(r.id),
    user_id: text(r.user_id),
    kind: text(r.kind) as ConnectionKind,
    name: text(r.name),
    color: textOrNull(r.color),
    url: text(r.url),
    username: textOrNull(r.username),
    secret: null,
    status: 'pending' as const,
    last_sync_at: null,
    last_error_code: null,
    last_error_message: null,
    failures: 0,
    next_sync_at: null,
    http_etag: null,
    http_last_modified: null,
    window_end: null,
    event_count: 0,
    created_at: text(r.created_at),
    updated_at: text(r.updated_at),
  }),
});

const connectionsTable: PortableTable = {
  ...connectionsBase,
  async insert(ctx, trx, records, ids) {
    // A connection belongs to its user: one whose user the import does not know is left out.
    const kept = records.filter((r) => textOrNull(r.user_id) !== null);
    await connectionsBase.insert(ctx, trx, kept, ids);
    for (const r of kept) await armSync(ctx, trx, text(r.id), ctx.deps.clock.now());
  },
};

const calendarsBase = portableTable({
  entity: 'connection_calendars',
  table: 'connection_calendars',
  columns: columns('id:id', 'connection_id:ref', 'url', 'name', 'color?', 'busy:bool', 'write_back:bool', 'created_at', 'updated_at'),
  toRow: (r) => ({
    id: text(r.id),
    connection_id: text(r.connection_id),
    url: text(r.url),
    name: text(r.name),
    color: textOrNull(r.color),
    busy: int(r.busy) ? 1 : 0,
    write_back: int(r.write_back) ? 1 : 0,
    sync_token: null,
    ctag: null,
    created_at: text(r.created_at),
    updated_at: text(r.updated_at),
  }),
});

const calendarsTable: PortableTable = {
  ...calendarsBase,
  async insert(ctx, trx, records, ids) {
    // Only the calendars of connections the import kept.
    const known = new Set(
      (
        await scopeOf(ctx, trx)
          .selectFrom('calendar_connections')
          .select('id')
          .where(
            'id',
            'in',
            records.map((r) => text(r.connection_id)),
          )
          .execute()
      ).map((c) => c.id),
    );
    await calendarsBase.insert(
      ctx,
      trx,
      records.filter((r) => known.has(text(r.connection_id))),
      ids,
    );
  },
  async clear(ctx, trx) {
    const s = scopeOf(ctx, trx);
    await s.deleteFrom('external_events').execute();
    await s.deleteFrom('connection_items').execute();
    await s.deleteFrom('connection_calendars').execute();
  },
};

export const connectionsPortable: PortableModule = {
  name: 'connections',
  tables: [connectionsTable, calendarsTable],
  isEmpty: (ctx) => noRows(ctx, ['calendar_connections']),
};
