import { sql, type Kysely } from 'kysely';

// Drive (DRV-1): one table for folders and files; the bytes live in the file store, keyed by portal and id.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('drive_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // No cascade: a folder is deleted together with everything in it, by the service, which also removes the bytes.
    .addColumn('parent_id', 'text', (c) => c.references('drive_items.id'))
    .addColumn('parent_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('content_type', 'text')
    .addColumn('sha256', 'text')
    .addColumn('trashed_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Names are unique among the live items of one folder; trashed items step aside.
  await db.schema
    .createIndex('drive_items_sibling_name_uq')
    .on('drive_items')
    .columns(['portal_id', 'parent_key', 'name_key'])
    .unique()
    .where(sql.ref('trashed_at'), 'is', null)
    .execute();
  await db.schema.createIndex('drive_items_listing_idx').on('drive_items').columns(['portal_id', 'parent_key', 'kind', 'name_key', 'id']).execute();
  await db.schema.createIndex('drive_items_trash_idx').on('drive_items').columns(['portal_id', 'trashed_at']).execute();
  // For the foreign key: deleting a folder looks up rows pointing at it by parent_id alone.
  await db.schema.createIndex('drive_items_parent_idx').on('drive_items').columns(['parent_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('drive_items').ifExists().execute();
}
