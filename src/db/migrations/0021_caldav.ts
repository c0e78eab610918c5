import type { Kysely } from 'kysely';

// CalDAV (issue 18, ADR 0026).
// - App passwords are API tokens with scope 'dav': they open /dav/ with HTTP Basic and nothing else.
// - caldav_collections: one row per calendar that CalDAV clients sync; `version` goes up (under the
//   row's lock) with every change to the calendar's events, so sync tokens follow commit order;
//   tokens below `min_version` are no longer valid (the calendar was replaced wholesale).
// - caldav_resources: the resource name of each event in its calendar and the version of its last
//   change; `deleted` = 1 is a tombstone, so sync-collection reports deletions.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('api_tokens')
    .addColumn('scope', 'text', (c) => c.notNull().defaultTo('api'))
    .execute();

  await db.schema
    .createTable('caldav_collections')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('min_version', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('caldav_collections_pk', ['portal_id', 'calendar_id'])
    .execute();

  await db.schema
    .createTable('caldav_resources')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('caldav_resources_pk', ['portal_id', 'calendar_id', 'event_id'])
    .addUniqueConstraint('caldav_resources_name_uq', ['portal_id', 'calendar_id', 'name'])
    .execute();
  await db.schema.createIndex('caldav_resources_version_idx').on('caldav_resources').columns(['portal_id', 'calendar_id', 'version']).execute();
  await db.schema.createIndex('caldav_resources_event_idx').on('caldav_resources').columns(['portal_id', 'event_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('caldav_resources').ifExists().execute();
  await db.schema.dropTable('caldav_collections').ifExists().execute();
  await db.schema.alterTable('api_tokens').dropColumn('scope').execute();
}
