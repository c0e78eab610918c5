import type { Kysely } from 'kysely';

// Connected calendars (issue 18 item 2, docs/decisions/0027-connected-calendars.md): a user's
// connection to an outside calendar (an iCalendar subscription or a CalDAV account), the
// calendars it holds, what the last sync saw of each remote item (for incremental sync), and
// the busy time read from them, kept as expanded occurrences within a rolling window so that
// busy-time queries are range scans. The password is stored encrypted (AES-256-GCM).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendar_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('color', 'text')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('username', 'text')
    .addColumn('secret', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_sync_at', 'text')
    .addColumn('last_error_code', 'text')
    .addColumn('last_error_message', 'text')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_sync_at', 'text')
    .addColumn('http_etag', 'text')
    .addColumn('http_last_modified', 'text')
    .addColumn('window_end', 'text')
    .addColumn('event_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('calendar_connections_user_idx').on('calendar_connections').columns(['portal_id', 'user_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('calendar_connections_export_idx').on('calendar_connections').columns(['portal_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('connection_calendars')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('connection_id', 'text', (c) => c.notNull().references('calendar_connections.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('color', 'text')
    .addColumn('busy', 'integer', (c) => c.notNull())
    .addColumn('write_back', 'integer', (c) => c.notNull())
    .addColumn('sync_token', 'text')
    .addColumn('ctag', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('connection_calendars_url_uq').on('connection_calendars').columns(['connection_id', 'url']).unique().execute();
  await db.schema.createIndex('connection_calendars_export_idx').on('connection_calendars').columns(['portal_id', 'created_at', 'id']).execute();

  // What the last sync saw of each remote item (a CalDAV resource): its ETag, to fetch only what changed.
  await db.schema
    .createTable('connection_items')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) => c.notNull().references('connection_calendars.id').onDelete('cascade'))
    .addColumn('href', 'text', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('connection_items_pk', ['calendar_id', 'href'])
    .execute();

  // The occurrences read from connected calendars within the sync window: busy time and the calendar view.
  await db.schema
    .createTable('external_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) => c.notNull().references('connection_calendars.id').onDelete('cascade'))
    .addColumn('href', 'text')
    .addColumn('uid', 'text', (c) => c.notNull())
    .addColumn('recurrence_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('start_utc', 'text', (c) => c.notNull())
    .addColumn('end_utc', 'text', (c) => c.notNull())
    .addColumn('all_day', 'integer', (c) => c.notNull())
    .addColumn('busy', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('external_events_user_idx').on('external_events').columns(['portal_id', 'user_id', 'start_utc']).execute();
  await db.schema.createIndex('external_events_calendar_idx').on('external_events').columns(['calendar_id', 'href']).execute();
  await db.schema.createIndex('external_events_connection_idx').on('external_events').columns(['connection_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('external_events').ifExists().execute();
  await db.schema.dropTable('connection_items').ifExists().execute();
  await db.schema.dropTable('connection_calendars').ifExists().execute();
  await db.schema.dropTable('calendar_connections').ifExists().execute();
}
