import type { RouteObject } from 'react-router';
import { CrmPage } from './CrmPage';

/** The crm area's routes, children of /app (paths relative, e.g. 'crm', 'crm/:id'). */
export const crmRoutes: RouteObject[] = [{ path: 'crm', element: <CrmPage /> }];
