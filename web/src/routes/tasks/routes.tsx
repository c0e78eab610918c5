import type { RouteObject } from 'react-router';
import { TasksPage } from './TasksPage';

/** The tasks area's routes, children of /app (paths relative, e.g. 'tasks', 'tasks/:id'). */
export const tasksRoutes: RouteObject[] = [{ path: 'tasks', element: <TasksPage /> }];
