import type { RouteObject } from 'react-router';
import { lazyPage } from '../../lib/lazyPage';

/** The automations area's routes, children of /app (paths relative, e.g. 'automations', 'automations/:id'); each page loads on first visit. */
export const automationsRoutes: RouteObject[] = [
  {
    path: 'automations',
    ...lazyPage(
      () => import('./AutomationsPage'),
      (m) => m.AutomationsPage,
    ),
  },
  {
    path: 'automations/new',
    ...lazyPage(
      () => import('./RulePage'),
      (m) => m.NewRulePage,
    ),
  },
  {
    path: 'automations/:id',
    ...lazyPage(
      () => import('./RulePage'),
      (m) => m.RulePage,
    ),
  },
];
