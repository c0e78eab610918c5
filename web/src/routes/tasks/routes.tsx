import type { RouteObject } from 'react-router';
import { lazyPage } from '../../lib/lazyPage';

/** The tasks area's routes, children of /app (paths relative, e.g. 'tasks', 'tasks/:id'); each page loads on first visit. */
export const tasksRoutes: RouteObject[] = [
  {
    path: 'tasks',
    ...lazyPage(
      () => import('./TaskListPage'),
      (m) => m.TaskListPage,
    ),
  },
  {
    path: 'tasks/board',
    ...lazyPage(
      () => import('./TaskBoardPage'),
      (m) => m.TaskBoardPage,
    ),
  },
  {
    path: 'tasks/projects',
    ...lazyPage(
      () => import('./ProjectsPage'),
      (m) => m.ProjectsPage,
    ),
  },
  {
    path: 'tasks/:taskId',
    ...lazyPage(
      () => import('./TaskPage'),
      (m) => m.TaskPage,
    ),
  },
];
