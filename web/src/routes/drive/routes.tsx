import type { RouteObject } from 'react-router';
import { DrivePage } from './DrivePage';

/** The drive area's routes, children of /app (paths relative, e.g. 'drive', 'drive/:id'). */
export const driveRoutes: RouteObject[] = [{ path: 'drive', element: <DrivePage /> }];
