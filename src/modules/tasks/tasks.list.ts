import type { PortalContext } from '../../kernel/context.js';
import { decodeCursor, keyset, parseSort, toPage } from '../../kernel/pagination.js';
import { AppError } from '../../kernel/errors.js';
import { NO_DUE_SORT_KEY, toUtcInstant } from './tasks.domain.js';
import { searchKey } from '../../kernel/text.js';
import { searchCondition } from '../../db/search.js';
import { tasksWithCounts, withTaskNumbers, type TaskWithCounts } from './tasks.repo.js';
import type { TaskListQuery } from './tasks.schema.js';
import type { TaskRow } from '../../db/tables/tasks.js';

/** The task list query: filters, search and keyset paging over one index per sort. */

const sorts: Record<string, { column: string; key: (r: TaskRow) => string | number; numeric?: true }> = {
  dueAt: { column: 'tasks.due_sort', key: (r) => r.due_sort },
  priority: { column: 'tasks.priority_rank', key: (r) => Number(r.priority_rank), numeric: true },
  createdAt: { column: 'tasks.created_at', key: (r) => r.created_at },
  updatedAt: { column: 'tasks.updated_at', key: (r) => r.updated_at },
  title: { column: 'tasks.search_text', key: (r) => r.search_text },
  position: { column: 'tasks.position', key: (r) => Number(r.position), numeric: true },
};
const sortColumns = Object.fromEntries(Object.entries(sorts).map(([f, s]) => [f, s.column]));

export interface TaskFilters extends Omit<TaskListQuery, 'assigneeId'> {
  /** Already resolved: a user id, or 'none'. */
  assigneeId?: string;
}

export async function queryTasks(ctx: PortalContext, f: TaskFilters): Promise<{ page: TaskWithCounts[]; nextCursor: string | null }> {
  let q = tasksWithCounts(ctx);
  if (f.q && searchKey(f.q)) q = q.where(await searchCondition(ctx.deps.db, 'tasks', [searchKey(f.q)]));
  if (f.projectId) q = f.projectId === 'none' ? q.where('tasks.project_id', 'is', null) : q.where('tasks.project_id', '=', f.projectId);
  if (f.assigneeId) q = f.assigneeId === 'none' ? q.where('tasks.assignee_id', 'is', null) : q.where('tasks.assignee_id', '=', f.assigneeId);
  if (f.parentId) q = f.parentId === 'none' ? q.where('tasks.parent_id', 'is', null) : q.where('tasks.parent_id', '=', f.parentId);
  if (f.status) {
    const statuses = [...new Set(f.status.split(',').map((s) => s.trim()))] as TaskRow['status'][];
    q = statuses.length === 1 ? q.where('tasks.status', '=', statuses[0]!) : q.where('tasks.status', 'in', statuses);
  }
  // Instants are stored in one UTC text form, so text comparison is time order. The range runs on
  // due_sort (indexed), whose "no due date" key lies beyond every instant: such tasks never match.
  if (f.dueFrom || f.dueTo) q = q.where('tasks.due_sort', '<', NO_DUE_SORT_KEY);
  if (f.dueFrom) q = q.where('tasks.due_sort', '>=', toUtcInstant(f.dueFrom));
  if (f.dueTo) q = q.where('tasks.due_sort', '<', toUtcInstant(f.dueTo));
  if (f.linkType || f.linkId) {
    // IN (…) rather than EXISTS: the planner starts from the link index, not from every task.
    q = q.where('tasks.id', 'in', (eb) =>
      eb
        .selectFrom('task_links as tl')
        .select('tl.task_id')
        .where('tl.portal_id', '=', ctx.portalId)
        .$if(!!f.linkType, (w) => w.where('tl.record_type', '=', f.linkType!))
        .$if(!!f.linkId, (w) => w.where('tl.record_id', '=', f.linkId!)),
    );
  }
  const sort = parseSort(f.sort, sortColumns);
  const field = sort.column;
  const { key: keyOf, numeric } = Object.values(sorts).find((s) => s.column === field)!;
  // A cursor from another sort would compare a number with text (an error on PostgreSQL): refuse it.
  const after = decodeCursor(f.cursor);
  if (after && typeof after.v !== (numeric ? 'number' : 'string')) {
    throw new AppError('VALIDATION_FAILED', 'cursor belongs to another sort order', { fields: [{ path: 'cursor', message: 'belongs to another sort order' }] });
  }
  const rows = (await keyset(q, sort, 'tasks.id', f.cursor, f.limit).execute()).map(withTaskNumbers);
  return toPage(rows, f.limit, (r) => ({ v: keyOf(r), id: r.id }));
}
