/** Shapes of the tasks API, from the generated OpenAPI types. */
import type { Body, Schema } from '../../api/types';

export type TaskStatus = Task['status'];
export type TaskPriority = Task['priority'];
export const TASK_STATUSES = ['todo', 'in_progress', 'blocked', 'done'] as const satisfies readonly TaskStatus[];
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const satisfies readonly TaskPriority[];
export type TaskLink = Schema<'TaskLink'>;
export type Task = Schema<'Task'>;
export type Project = Schema<'Project'>;
export type ProjectStatus = Project['status'];
export type TaskComment = Schema<'TaskComment'>;

/** What the create/edit form sends (the fields of POST /api/tasks a form fills). */
export type TaskInput = Required<
  Pick<Body<'/api/tasks', 'post'>, 'title' | 'description' | 'status' | 'priority' | 'assigneeId' | 'dueAt' | 'estimateMinutes' | 'projectId' | 'parentId'>
>;
