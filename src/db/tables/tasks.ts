// Row types of the tasks module's tables (see src/db/types.ts for the conventions).

export type ProjectStatus = 'active' | 'archived';
export type TaskStatus = 'todo' | 'in_progress' | 'blocked' | 'done';
export type TaskPriority = 'low' | 'normal' | 'high' | 'urgent';
export type TaskLinkType = 'company' | 'contact' | 'lead' | 'deal';

export interface ProjectRow {
  id: string;
  portal_id: string;
  name: string;
  description: string | null;
  status: ProjectStatus;
  /** `#rrggbb` or null. */
  color: string | null;
  /** searchKey(name): search and the `name` sort. */
  search_text: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface TaskRow {
  id: string;
  portal_id: string;
  project_id: string | null;
  parent_id: string | null;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: TaskPriority;
  /** 0 (low) … 3 (urgent): the `priority` sort. */
  priority_rank: number;
  assignee_id: string | null;
  due_at: string | null;
  /** due_at, or NO_DUE_SORT_KEY when there is none: keyset needs a NOT NULL sort column. */
  due_sort: string;
  estimate_minutes: number | null;
  /** Order on the board within a status column; lower first. */
  position: number;
  completed_at: string | null;
  /** searchKey(title): search and the `title` sort. */
  search_text: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A task's link to a CRM record (validated through crm.links.ts; CRM owns the record). */
export interface TaskLinkRow {
  portal_id: string;
  task_id: string;
  record_type: TaskLinkType;
  record_id: string;
  created_at: string;
}

export interface TaskCommentRow {
  id: string;
  portal_id: string;
  task_id: string;
  author_id: string | null;
  body: string;
  created_at: string;
  updated_at: string;
}

export interface TasksTables {
  projects: ProjectRow;
  tasks: TaskRow;
  task_links: TaskLinkRow;
  task_comments: TaskCommentRow;
}
