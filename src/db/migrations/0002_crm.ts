import { sql, type Kysely } from 'kysely';

// CRM (CRM-1): companies, contacts, leads, pipelines with ordered stages, deals, the
// deals' stage history and activities. Lists are keyset-paged on (portal_id, sort
// column, id), so every offered sort has an index of that shape; filters get composite
// indexes that start with portal_id. Sized for 1,000,000 contacts per portal.

type Db = Kysely<any>;

async function index(db: Db, table: string, name: string, columns: string[]): Promise<void> {
  await db.schema
    .createIndex(`${table}_${name}_idx`)
    .on(table)
    .columns(['portal_id', ...columns])
    .execute();
}

/** The indexes behind the name/title, createdAt and updatedAt sorts. */
async function sortIndexes(db: Db, table: string, nameColumn: string): Promise<void> {
  await index(db, table, 'name', [nameColumn, 'id']);
  await index(db, table, 'created', ['created_at', 'id']);
  await index(db, table, 'updated', ['updated_at', 'id']);
}

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('companies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('website', 'text')
    .addColumn('industry', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('address', 'text')
    .addColumn('notes', 'text')
    .addColumn('owner_id', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sortIndexes(db, 'companies', 'name_key');

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('company_id', 'text')
    .addColumn('job_title', 'text')
    .addColumn('emails', 'text', (c) => c.notNull())
    .addColumn('phones', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('notes', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sortIndexes(db, 'contacts', 'name_key');
  await index(db, 'contacts', 'company', ['company_id', 'name_key', 'id']);

  await db.schema
    .createTable('leads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('title_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('company_name', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint')
    .addColumn('currency', 'text')
    .addColumn('owner_id', 'text')
    .addColumn('notes', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('converted_at', 'text')
    .addColumn('converted_contact_id', 'text')
    .addColumn('converted_company_id', 'text')
    .addColumn('converted_deal_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sortIndexes(db, 'leads', 'title_key');
  await index(db, 'leads', 'status', ['status', 'created_at', 'id']);

  await db.schema
    .createTable('pipelines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sortIndexes(db, 'pipelines', 'name_key');
  // Exactly one default pipeline per portal: what makes its lazy creation race-safe.
  await db.schema.createIndex('pipelines_default_uq').on('pipelines').column('portal_id').unique().where(sql.ref('is_default'), '=', 1).execute();

  await db.schema
    .createTable('pipeline_stages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('pipeline_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await index(db, 'pipeline_stages', 'pipeline', ['pipeline_id', 'position']);

  await db.schema
    .createTable('deals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('title_key', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('pipeline_id', 'text', (c) => c.notNull())
    .addColumn('stage_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('contact_id', 'text')
    .addColumn('company_id', 'text')
    .addColumn('owner_id', 'text')
    .addColumn('expected_close_date', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sortIndexes(db, 'deals', 'title_key');
  await index(db, 'deals', 'amount', ['amount', 'id']);
  await index(db, 'deals', 'stage', ['stage_id', 'position', 'id']);
  await index(db, 'deals', 'pipeline', ['pipeline_id', 'created_at', 'id']);
  await index(db, 'deals', 'company', ['company_id']);
  await index(db, 'deals', 'contact', ['contact_id']);
  await index(db, 'deals', 'owner', ['owner_id']);

  await db.schema
    .createTable('deal_stage_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('deal_id', 'text', (c) => c.notNull())
    .addColumn('from_stage_id', 'text', (c) => c.notNull())
    .addColumn('to_stage_id', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text')
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await index(db, 'deal_stage_changes', 'deal', ['deal_id', 'changed_at', 'id']);

  await db.schema
    .createTable('activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('subject_key', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sortIndexes(db, 'activities', 'subject_key');
  await index(db, 'activities', 'occurred', ['occurred_at', 'id']);
  // The record page's timeline: one record's activities, newest first.
  await index(db, 'activities', 'record', ['record_type', 'record_id', 'occurred_at', 'id']);
}

export async function down(db: Db): Promise<void> {
  for (const t of ['activities', 'deal_stage_changes', 'deals', 'pipeline_stages', 'pipelines', 'leads', 'contacts', 'companies']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
