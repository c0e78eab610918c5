/** Shapes of the tasks API (src/modules/tasks/tasks.schema.ts). */

export const TASK_STATUSES = ['todo', 'in_progress', 'blocked', 'done'] as const;
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export type ProjectStatus = 'active' | 'archived';

export interface TaskLink {
  type: 'company' | 'contact' | 'lead' | 'deal';
  id: string;
}

export interface Task {
  id: string;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: TaskPriority;
  assigneeId: string | null;
  dueAt: string | null;
  estimateMinutes: number | null;
  parentId: string | null;
  projectId: string | null;
  links: TaskLink[];
  position: number;
  completedAt: string | null;
  subtaskCount: number;
  commentCount: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Project {
  id: string;
  name: string;
  description: string | null;
  status: ProjectStatus;
  color: string | null;
  taskCount: number;
  openTaskCount: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TaskComment {
  id: string;
  taskId: string;
  body: string;
  author: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** What the create/edit form sends. */
export interface TaskInput {
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: TaskPriority;
  assigneeId: string | null;
  dueAt: string | null;
  estimateMinutes: number | null;
  projectId: string | null;
  parentId: string | null;
}
