import type { RouteObject } from 'react-router';
import { AutomationsPage } from './AutomationsPage';
import { NewRulePage, RulePage } from './RulePage';

/** The automations area's routes, children of /app (paths relative, e.g. 'automations', 'automations/:id'). */
export const automationsRoutes: RouteObject[] = [
  { path: 'automations', element: <AutomationsPage /> },
  { path: 'automations/new', element: <NewRulePage /> },
  { path: 'automations/:id', element: <RulePage /> },
];
