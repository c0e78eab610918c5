import type { Kysely } from 'kysely';

// Projects and tasks (TSK-1). Every list is keyset-paged on (portal_id, sort column, id),
// so each sortable column has an index of that shape; filters get composite indexes
// that start with portal_id. Sized for 200,000 tasks per portal.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('color', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('projects_name_idx').on('projects').columns(['portal_id', 'search_text', 'id']).execute();
  await db.schema.createIndex('projects_created_idx').on('projects').columns(['portal_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text')
    .addColumn('parent_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('priority_rank', 'integer', (c) => c.notNull())
    .addColumn('assignee_id', 'text')
    .addColumn('due_at', 'text')
    .addColumn('due_sort', 'text', (c) => c.notNull())
    .addColumn('estimate_minutes', 'integer')
    .addColumn('position', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // One per sort (keyset).
  await db.schema.createIndex('tasks_due_idx').on('tasks').columns(['portal_id', 'due_sort', 'id']).execute();
  await db.schema.createIndex('tasks_priority_idx').on('tasks').columns(['portal_id', 'priority_rank', 'id']).execute();
  await db.schema.createIndex('tasks_created_idx').on('tasks').columns(['portal_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('tasks_updated_idx').on('tasks').columns(['portal_id', 'updated_at', 'id']).execute();
  await db.schema.createIndex('tasks_title_idx').on('tasks').columns(['portal_id', 'search_text', 'id']).execute();
  await db.schema.createIndex('tasks_position_idx').on('tasks').columns(['portal_id', 'position', 'id']).execute();
  // Filters: the board (a status column in position order, also per project), "my tasks" and a
  // project's tasks by due date (the default sort), subtasks.
  await db.schema.createIndex('tasks_status_idx').on('tasks').columns(['portal_id', 'status', 'position', 'id']).execute();
  await db.schema.createIndex('tasks_project_board_idx').on('tasks').columns(['portal_id', 'project_id', 'status', 'position', 'id']).execute();
  await db.schema.createIndex('tasks_project_due_idx').on('tasks').columns(['portal_id', 'project_id', 'due_sort', 'id']).execute();
  await db.schema.createIndex('tasks_assignee_due_idx').on('tasks').columns(['portal_id', 'assignee_id', 'due_sort', 'id']).execute();
  await db.schema.createIndex('tasks_parent_idx').on('tasks').columns(['portal_id', 'parent_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('task_links')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_links_pk', ['portal_id', 'task_id', 'record_type', 'record_id'])
    .execute();
  await db.schema.createIndex('task_links_record_idx').on('task_links').columns(['portal_id', 'record_type', 'record_id', 'task_id']).execute();
  await db.schema.createIndex('task_links_id_idx').on('task_links').columns(['portal_id', 'record_id']).execute();

  await db.schema
    .createTable('task_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_comments_task_idx').on('task_comments').columns(['portal_id', 'task_id', 'created_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['task_comments', 'task_links', 'tasks', 'projects']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
