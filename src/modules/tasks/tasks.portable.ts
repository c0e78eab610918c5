import { searchKey } from '../../kernel/text.js';
import { columns, int, intOrNull, noRows, portableTable, text, textOrNull, type IdMapper, type PortableRecord } from '../../kernel/portable.js';
import type { PortableModule } from '../../kernel/portable.js';
import { dueSortKey, priorityRank } from './tasks.domain.js';
import { endOfColumn, linksOf } from './tasks.repo.js';
import type { Executor } from '../../db/scope.js';
import type { ProjectStatus, TaskLinkType, TaskPriority, TaskRow, TaskStatus } from '../../db/tables/tasks.js';
import { scopeOf, type PortalContext } from '../../kernel/context.js';

/**
 * Projects, tasks and comments in an export (POR-1) and their import (POR-4).
 * A task's links to CRM records are one JSON cell: [{ "type": "deal", "id": "…" }].
 */

type Link = { type: TaskLinkType; id: string };

const projects = portableTable({
  entity: 'projects',
  table: 'projects',
  columns: columns('id:id', 'name', 'description?', 'status', 'color?', 'created_by:user?', 'created_at', 'updated_at'),
  toRow: (r) => ({
    id: text(r.id),
    name: text(r.name),
    description: textOrNull(r.description),
    status: text(r.status) as ProjectStatus,
    color: textOrNull(r.color),
    search_text: searchKey(text(r.name)),
    created_by: textOrNull(r.created_by),
    created_at: text(r.created_at),
    updated_at: text(r.updated_at),
  }),
});

const tasks = portableTable({
  entity: 'tasks',
  table: 'tasks',
  columns: columns(
    'id:id',
    'project_id:ref?',
    'parent_id:ref?',
    'title',
    'description?',
    'status',
    'priority',
    'assignee_id:user?',
    'due_at?',
    'estimate_minutes:int?',
    'position:int',
    'completed_at?',
    'links:json',
    'created_by:user?',
    'created_at',
    'updated_at',
  ),
  select: [
    'id',
    'project_id',
    'parent_id',
    'title',
    'description',
    'status',
    'priority',
    'assignee_id',
    'due_at',
    'estimate_minutes',
    'position',
    'completed_at',
    'created_by',
    'created_at',
    'updated_at',
  ],
  present: async (ctx, rows) => {
    const links = await linksOf(
      ctx,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({ ...r, links: JSON.stringify((links.get(r.id) ?? []).map((l) => ({ type: l.record_type, id: l.record_id }))) }));
  },
  toRow: (r): Omit<TaskRow, 'portal_id'> => {
    const priority = text(r.priority) as TaskPriority;
    const dueAt = textOrNull(r.due_at);
    return {
      id: text(r.id),
      project_id: textOrNull(r.project_id),
      parent_id: textOrNull(r.parent_id),
      title: text(r.title),
      description: textOrNull(r.description),
      status: text(r.status) as TaskStatus,
      priority,
      priority_rank: priorityRank(priority),
      assignee_id: textOrNull(r.assignee_id),
      due_at: dueAt,
      due_sort: dueSortKey(dueAt),
      estimate_minutes: intOrNull(r.estimate_minutes),
      position: int(r.position),
      completed_at: textOrNull(r.completed_at),
      search_text: searchKey(text(r.title)),
      created_by: textOrNull(r.created_by),
      created_at: text(r.created_at),
      updated_at: text(r.updated_at),
    };
  },
  insertChildren: async (ctx, trx, records: PortableRecord[], ids: IdMapper) => {
    const rows = records.flatMap((r) =>
      (JSON.parse(text(r.links) || '[]') as Link[]).map((l) => ({
        task_id: text(r.id),
        record_type: l.type,
        record_id: ids.id(l.id),
        created_at: text(r.created_at),
      })),
    );
    if (rows.length) await scopeOf(ctx, trx).insertInto('task_links', rows).execute();
  },
  childTables: ['task_links'],
});

const comments = portableTable({
  entity: 'comments',
  table: 'task_comments',
  columns: columns('id:id', 'task_id:ref', 'author_id:user?', 'body', 'created_at', 'updated_at'),
  toRow: (r) => ({
    id: text(r.id),
    task_id: text(r.task_id),
    author_id: textOrNull(r.author_id),
    body: text(r.body),
    created_at: text(r.created_at),
    updated_at: text(r.updated_at),
  }),
});

/** The tables an import of other products' files writes into. */
export const tasksTables = { projects, tasks };

/** Lookups for imports of other products' files, inside the import's transaction. */
export function tasksLookup(ctx: PortalContext, executor: Executor) {
  const s = scopeOf(ctx, executor);
  return {
    async projectId(nameOrId: string): Promise<string | null> {
      const byId = await s.selectFrom('projects').select('id').where('id', '=', nameOrId).executeTakeFirst();
      if (byId) return byId.id;
      const byName = await s
        .selectFrom('projects')
        .select('id')
        .where('search_text', '=', searchKey(nameOrId))
        .orderBy('created_at')
        .orderBy('id')
        .executeTakeFirst();
      return byName?.id ?? null;
    },
    /** A task with this title and due time, to tell a task imported before. */
    async taskExists(title: string, dueAt: string | null): Promise<boolean> {
      let q = s.selectFrom('tasks').select('id').where('search_text', '=', searchKey(title));
      q = dueAt ? q.where('due_at', '=', dueAt) : q.where('due_at', 'is', null);
      return !!(await q.limit(1).executeTakeFirst());
    },
    /** The board position after the last task of a status column. */
    endOfColumn: (status: TaskStatus) => endOfColumn(ctx, status, executor),
  };
}

export type TasksLookup = ReturnType<typeof tasksLookup>;

export const tasksPortable: PortableModule = {
  name: 'tasks',
  tables: [projects, tasks, comments],
  isEmpty: (ctx) => noRows(ctx, ['projects', 'tasks']),
};
