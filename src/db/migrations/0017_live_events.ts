import type { Kysely } from 'kysely';

// Live updates (PLT-11, docs/decisions/0022-live-updates-over-sse.md): one small row per
// change or notification, written in the changing transaction. `seq` is given after
// commit by the sequencer (one at a time), so stream ids increase in commit order on
// both databases; rows live for a short retention window only.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('live_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('calendar_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Sequencing finds the rows without seq; streams read by seq (replay adds the portal).
  await db.schema.createIndex('live_events_seq_idx').on('live_events').column('seq').execute();
  await db.schema.createIndex('live_events_portal_seq_idx').on('live_events').columns(['portal_id', 'seq']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('live_events').ifExists().execute();
}
