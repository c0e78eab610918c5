import { z } from 'zod';
import { pageQuery, sortQuery } from '../../kernel/pagination.js';
import { TASK_PRIORITIES, TASK_STATUSES } from './tasks.domain.js';

const id = z.string().min(1).max(100);
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant, e.g. 2026-03-01T09:00:00Z' });
const description = z.string().max(20_000);

export const idParams = z.object({ id });
export const commentParams = z.object({ id, commentId: id });

// --- Projects ---------------------------------------------------------------------------------
export const projectStatus = z.enum(['active', 'archived']);

export const projectOut = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    status: projectStatus,
    color: z.string().nullable(),
    taskCount: z.number().int(),
    openTaskCount: z.number().int(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Project' });

const projectName = z.string().trim().min(1, { message: 'is required' }).max(120);
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: 'must be a colour like #3b82f6' });

export const createProjectBody = z.object({
  name: projectName,
  description: description.nullish(),
  status: projectStatus.default('active'),
  color: color.nullish(),
});

export const updateProjectBody = z.object({
  name: projectName.optional(),
  description: description.nullish(),
  status: projectStatus.optional(),
  color: color.nullish(),
});

export const projectListQuery = pageQuery.extend({
  q: z.string().max(200).optional(),
  status: projectStatus.optional(),
  sort: sortQuery(['name', 'createdAt'], 'name'),
});

export const deleteProjectQuery = z.object({
  moveTasksTo: id.optional(),
  deleteTasks: z.enum(['true', 'false']).optional(),
});

// --- Tasks ------------------------------------------------------------------------------------
export const taskStatus = z.enum(TASK_STATUSES);
export const taskPriority = z.enum(TASK_PRIORITIES);
export const linkType = z.enum(['company', 'contact', 'lead', 'deal']);

export const taskLink = z.object({ type: linkType, id }).meta({ id: 'TaskLink' });

export const taskOut = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    status: taskStatus,
    priority: taskPriority,
    assigneeId: z.string().nullable(),
    dueAt: z.string().nullable(),
    estimateMinutes: z.number().int().nullable(),
    parentId: z.string().nullable(),
    projectId: z.string().nullable(),
    links: z.array(taskLink),
    position: z.number().int(),
    completedAt: z.string().nullable(),
    subtaskCount: z.number().int(),
    commentCount: z.number().int(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Task' });

const title = z.string().trim().min(1, { message: 'is required' }).max(500);
const estimate = z.number().int({ message: 'must be a whole number of minutes' }).min(1).max(100_000);
const position = z.number().int().min(-9_007_199_254_740_991).max(9_007_199_254_740_991);
const links = z.array(taskLink).max(50);

export const createTaskBody = z.object({
  title,
  description: description.nullish(),
  status: taskStatus.default('todo'),
  priority: taskPriority.default('normal'),
  assigneeId: id.nullish(),
  dueAt: instant.nullish(),
  estimateMinutes: estimate.nullish(),
  parentId: id.nullish(),
  projectId: id.nullish(),
  links: links.optional(),
  position: position.optional(),
});

export const updateTaskBody = z.object({
  title: title.optional(),
  description: description.nullish(),
  status: taskStatus.optional(),
  priority: taskPriority.optional(),
  assigneeId: id.nullish(),
  dueAt: instant.nullish(),
  estimateMinutes: estimate.nullish(),
  parentId: id.nullish(),
  projectId: id.nullish(),
  links: links.optional(),
  position: position.optional(),
});

/** `status=todo,in_progress`: any of them. */
const statusList = z
  .string()
  .max(100)
  .refine((s) => s.split(',').every((v) => (TASK_STATUSES as readonly string[]).includes(v.trim())), {
    message: `must be one or more of ${TASK_STATUSES.join(', ')}, separated by commas`,
  });

export const taskListQuery = pageQuery.extend({
  q: z.string().max(200).optional(),
  projectId: id.optional().describe('a project id, or "none" for tasks without a project'),
  assigneeId: id.optional().describe('a user id, "me" for the caller, or "none" for unassigned tasks'),
  status: statusList.optional(),
  dueFrom: instant.optional().describe('due at or after this instant'),
  dueTo: instant.optional().describe('due before this instant'),
  parentId: id.optional().describe('a task id (its subtasks), or "none" for top-level tasks'),
  linkType: linkType.optional(),
  linkId: id.optional(),
  sort: sortQuery(['dueAt', 'priority', 'createdAt', 'updatedAt', 'title', 'position'], 'dueAt'),
});

export const deleteTaskQuery = z.object({ deleteSubtasks: z.enum(['true', 'false']).optional() });

// --- Comments ---------------------------------------------------------------------------------
export const commentOut = z
  .object({
    id: z.string(),
    taskId: z.string(),
    body: z.string(),
    author: z.object({ id: z.string(), name: z.string() }).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'TaskComment' });

export const commentBody = z.object({ body: z.string().trim().min(1, { message: 'is required' }).max(20_000) });

export type ProjectOut = z.infer<typeof projectOut>;
export type TaskOut = z.infer<typeof taskOut>;
export type CommentOut = z.infer<typeof commentOut>;
export type CreateProjectInput = z.infer<typeof createProjectBody>;
export type UpdateProjectInput = z.infer<typeof updateProjectBody>;
export type ProjectListQuery = z.infer<typeof projectListQuery>;
export type CreateTaskInput = z.infer<typeof createTaskBody>;
export type UpdateTaskInput = z.infer<typeof updateTaskBody>;
export type TaskListQuery = z.infer<typeof taskListQuery>;
