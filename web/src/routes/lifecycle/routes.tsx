import type { RouteObject } from 'react-router';
import { withBilling } from '../../components/RequireBilling';
import { lazyPage } from '../../lib/lazyPage';

/** Under /app/settings: the cancel flow (LIF-1) and portal deletion (LIF-5); each loads on first visit. */
export const lifecycleSettingsRoutes: RouteObject[] = [
  {
    path: 'billing/cancel',
    ...lazyPage(
      () => import('./CancelPage'),
      (m) => withBilling(m.CancelPage),
    ),
  },
  {
    path: 'delete-portal',
    ...lazyPage(
      () => import('./DeletePortalPage'),
      (m) => m.DeletePortalPage,
    ),
  },
];
