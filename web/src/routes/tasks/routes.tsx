import type { RouteObject } from 'react-router';
import { ProjectsPage } from './ProjectsPage';
import { TaskBoardPage } from './TaskBoardPage';
import { TaskListPage } from './TaskListPage';
import { TaskPage } from './TaskPage';

/** The tasks area's routes, children of /app (paths relative, e.g. 'tasks', 'tasks/:id'). */
export const tasksRoutes: RouteObject[] = [
  { path: 'tasks', element: <TaskListPage /> },
  { path: 'tasks/board', element: <TaskBoardPage /> },
  { path: 'tasks/projects', element: <ProjectsPage /> },
  { path: 'tasks/:taskId', element: <TaskPage /> },
];
