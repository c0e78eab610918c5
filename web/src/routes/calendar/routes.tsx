import type { RouteObject } from 'react-router';
import { lazyPage } from '../../lib/lazyPage';

/** The calendar area's routes, children of /app (paths relative, e.g. 'calendar', 'calendar/:id'). */
export const calendarRoutes: RouteObject[] = [
  {
    path: 'calendar',
    ...lazyPage(
      () => import('./CalendarPage'),
      (m) => m.CalendarPage,
    ),
  },
];
