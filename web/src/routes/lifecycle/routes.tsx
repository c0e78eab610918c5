import type { RouteObject } from 'react-router';
import { RequireBilling } from '../../components/RequireBilling';
import { CancelPage } from './CancelPage';
import { DeletePortalPage } from './DeletePortalPage';

/** Under /app/settings: the cancel flow (LIF-1) and portal deletion (LIF-5). */
export const lifecycleSettingsRoutes: RouteObject[] = [
  {
    path: 'billing/cancel',
    element: (
      <RequireBilling>
        <CancelPage />
      </RequireBilling>
    ),
  },
  { path: 'delete-portal', element: <DeletePortalPage /> },
];
