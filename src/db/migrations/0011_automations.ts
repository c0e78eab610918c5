import type { Kysely } from 'kysely';

// Automations (AUT-1): rules, the events they react to (an outbox written with the
// change), the run log with each action's outcome, per-portal settings (webhook
// secret, overdue scan) and the marks that make `task.overdue` fire once per due time.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('automation_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('trigger_type', 'text', (c) => c.notNull())
    .addColumn('trigger_entity', 'text')
    .addColumn('trigger_spec', 'text', (c) => c.notNull())
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('next_run_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('automation_rules_name_idx').on('automation_rules').columns(['portal_id', 'name_key', 'id']).execute();
  // An event finds its rules: enabled ones of its type.
  await db.schema.createIndex('automation_rules_trigger_idx').on('automation_rules').columns(['portal_id', 'trigger_type', 'enabled']).execute();

  await db.schema
    .createTable('automation_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('entity', 'text')
    .addColumn('record_id', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('changes', 'text')
    .addColumn('data', 'text')
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('rule_id', 'text')
    .addColumn('processed_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // A subject's events in order (and its last seq when a new one is written).
  await db.schema.createIndex('automation_events_subject_idx').on('automation_events').columns(['portal_id', 'subject', 'seq']).execute();

  await db.schema
    .createTable('automation_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addUniqueConstraint('automation_runs_once_uq', ['portal_id', 'rule_id', 'event_id'])
    .execute();
  // The run log of a rule, newest first.
  await db.schema.createIndex('automation_runs_rule_idx').on('automation_runs').columns(['portal_id', 'rule_id', 'started_at', 'id']).execute();

  await db.schema
    .createTable('automation_run_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('request', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('automation_run_actions_uq', ['portal_id', 'run_id', 'position'])
    .execute();

  await db.schema
    .createTable('automation_settings')
    .addColumn('portal_id', 'text', (c) => c.primaryKey())
    .addColumn('webhook_secret', 'text', (c) => c.notNull())
    .addColumn('secret_rotated_at', 'text', (c) => c.notNull())
    .addColumn('overdue_next_scan_at', 'text')
    .addColumn('overdue_scanned_to', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('automation_overdue_marks')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('automation_overdue_marks_pk', ['portal_id', 'task_id', 'due_at'])
    .execute();
  await db.schema.createIndex('automation_overdue_marks_due_idx').on('automation_overdue_marks').columns(['portal_id', 'due_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['automation_overdue_marks', 'automation_settings', 'automation_run_actions', 'automation_runs', 'automation_events', 'automation_rules']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
