import type { RouteObject } from 'react-router';
import { redirect } from 'react-router';
import { CancellationsPage } from './CancellationsPage';
import { FailedPaymentsPage } from './FailedPaymentsPage';
import { OperatorAuditPage } from './OperatorAuditPage';
import { OperatorLayout } from './OperatorLayout';
import { OperatorLoginPage } from './OperatorLoginPage';
import { requireOperatorLoader } from './operatorApi';
import { OverviewPage } from './OverviewPage';
import { PortalPage } from './PortalPage';
import { PortalsPage } from './PortalsPage';
import { SetPasswordPage } from './SetPasswordPage';

/**
 * The operator console (LIF-7), at the root beside /app: its own log-in at
 * /operator and its own layout. Operator accounts only; portal users have no
 * way in, and operators have none into a portal.
 */
export const operatorRoutes: RouteObject[] = [
  {
    path: 'operator',
    children: [
      { index: true, element: <OperatorLoginPage /> },
      { path: 'set-password/:token', element: <SetPasswordPage /> },
      {
        id: 'operator',
        loader: requireOperatorLoader,
        element: <OperatorLayout />,
        children: [
          { path: 'overview', element: <OverviewPage /> },
          { path: 'portals', element: <PortalsPage /> },
          { path: 'portals/:id', element: <PortalPage /> },
          { path: 'cancellations', element: <CancellationsPage /> },
          { path: 'failed-payments', element: <FailedPaymentsPage /> },
          { path: 'audit', element: <OperatorAuditPage /> },
          { path: '*', loader: () => redirect('/operator/overview') },
        ],
      },
    ],
  },
];
