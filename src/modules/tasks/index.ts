// The tasks module's front door: what other modules, the server and the CLI may use.
// Anything not exported here is private to the module (checked by `npm run deps:check`).
export { addComment } from './comments.service.js';
export { createProject, getProjects, updateProject } from './projects.service.js';
export { TASK_PRIORITIES, TASK_STATUSES } from './tasks.domain.js';
export { tasksLookup, tasksPortable, tasksTables } from './tasks.portable.js';
export type { TasksLookup } from './tasks.portable.js';
export { tasksRoutes } from './tasks.routes.js';
export { createTaskBody, updateTaskBody } from './tasks.schema.js';
export type { CreateTaskInput } from './tasks.schema.js';
export {
  createTask,
  getTask,
  listAssignedDeadlines,
  listOpenTasksWithEstimates,
  listTasksFallingDue,
  nextAssignedDeadline,
  taskAssignee,
  updateTask,
} from './tasks.service.js';
export type { TaskDeadline } from './tasks.service.js';
