import { sql, type Kysely } from 'kysely';

// One export per portal while one is queued or running (issue 14 item 7, ADR 0030):
// "Export everything" clicked many times, or by several admins at once, answers
// with the export under way. The partial unique index is what makes it race-safe
// on both dialects: the second of two concurrent inserts fails and reads the first.

export async function up(db: Kysely<any>): Promise<void> {
  // An older install may hold several pending exports of one portal: all but the newest step aside.
  await sql`
    update portal_exports set status = 'failed', error = 'Replaced by a newer export of the portal'
    where status in ('queued', 'running') and exists (
      select 1 from portal_exports newer
      where newer.portal_id = portal_exports.portal_id and newer.status in ('queued', 'running')
        and (newer.created_at > portal_exports.created_at or (newer.created_at = portal_exports.created_at and newer.id > portal_exports.id))
    )`.execute(db);
  await db.schema
    .createIndex('portal_exports_one_pending_uq')
    .on('portal_exports')
    .column('portal_id')
    .unique()
    .where(sql.ref('status'), 'in', sql`('queued', 'running')`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('portal_exports_one_pending_uq').ifExists().execute();
}
