import type { Kysely } from 'kysely';

// Calendar feeds answer conditional GETs (issue 18 item 6, ADR 0028): the ETag is a hash
// of the document; `feed_etag` is the last one served and `feed_changed_at` the time it
// first differed from the one before, which is the feed's Last-Modified (deleted events
// change the document, so they move it too, which no updated_at of a remaining row does).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('calendars').addColumn('feed_etag', 'text').execute();
  await db.schema.alterTable('calendars').addColumn('feed_changed_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('calendars').dropColumn('feed_changed_at').execute();
  await db.schema.alterTable('calendars').dropColumn('feed_etag').execute();
}
