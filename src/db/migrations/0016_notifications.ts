import { sql, type Kysely } from 'kysely';

// Notifications (PLT-10, docs/decisions/0021-notifications.md): one row per notification
// of a user, the user's settings per kind, and the headers a mail carries (notification
// mails say `Auto-Submitted: auto-generated`).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('subject_entity', 'text')
    .addColumn('subject_id', 'text')
    .addColumn('subject_calendar_id', 'text')
    .addColumn('dedupe_key', 'text')
    .addColumn('in_app', 'integer', (c) => c.notNull())
    .addColumn('email_state', 'text', (c) => c.notNull())
    .addColumn('emailed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  // Exactly once: the same cause (dedupe key) makes one notification per recipient. NULL keys never collide.
  await db.schema.createIndex('notifications_dedupe_uq').on('notifications').columns(['portal_id', 'user_id', 'dedupe_key']).unique().execute();
  // The inbox, newest first, and its unread filter and count.
  await db.schema.createIndex('notifications_inbox_idx').on('notifications').columns(['portal_id', 'user_id', 'in_app', 'created_at', 'id']).execute();
  await db.schema
    .createIndex('notifications_unread_idx')
    .on('notifications')
    .columns(['portal_id', 'user_id', 'created_at', 'id'])
    .where(sql<boolean>`read_at is null and in_app = 1`)
    .execute();
  // The daily digest finds a user's pending mail.
  await db.schema
    .createIndex('notifications_digest_idx')
    .on('notifications')
    .columns(['portal_id', 'user_id', 'created_at'])
    .where(sql.ref('email_state'), '=', sql.lit('daily'))
    .execute();

  await db.schema
    .createTable('notification_settings')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kinds', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_settings_pk', ['portal_id', 'user_id'])
    .execute();

  await db.schema.alterTable('mail_outbox').addColumn('headers', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mail_outbox').dropColumn('headers').execute();
  await db.schema.dropTable('notification_settings').ifExists().execute();
  await db.schema.dropTable('notifications').ifExists().execute();
}
