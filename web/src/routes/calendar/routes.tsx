import type { RouteObject } from 'react-router';
import { CalendarPage } from './CalendarPage';

/** The calendar area's routes, children of /app (paths relative, e.g. 'calendar', 'calendar/:id'). */
export const calendarRoutes: RouteObject[] = [{ path: 'calendar', element: <CalendarPage /> }];
