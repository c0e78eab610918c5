import type { RouteObject } from 'react-router';
import { redirect } from 'react-router';
import { lazyPage } from '../../lib/lazyPage';
import { requireOperatorLoader } from './operatorApi';

/**
 * The operator console (LIF-7), at the root beside /app: its own log-in at
 * /operator and its own layout. Operator accounts only; portal users have no
 * way in, and operators have none into a portal. Every page loads on first
 * visit: a portal's people never download the console.
 */
export const operatorRoutes: RouteObject[] = [
  {
    path: 'operator',
    children: [
      {
        index: true,
        ...lazyPage(
          () => import('./OperatorLoginPage'),
          (m) => m.OperatorLoginPage,
        ),
      },
      {
        path: 'set-password/:token',
        ...lazyPage(
          () => import('./SetPasswordPage'),
          (m) => m.SetPasswordPage,
        ),
      },
      {
        id: 'operator',
        loader: requireOperatorLoader,
        ...lazyPage(
          () => import('./OperatorLayout'),
          (m) => m.OperatorLayout,
        ),
        children: [
          {
            path: 'overview',
            ...lazyPage(
              () => import('./OverviewPage'),
              (m) => m.OverviewPage,
            ),
          },
          {
            path: 'portals',
            ...lazyPage(
              () => import('./PortalsPage'),
              (m) => m.PortalsPage,
            ),
          },
          {
            path: 'portals/:id',
            ...lazyPage(
              () => import('./PortalPage'),
              (m) => m.PortalPage,
            ),
          },
          {
            path: 'cancellations',
            ...lazyPage(
              () => import('./CancellationsPage'),
              (m) => m.CancellationsPage,
            ),
          },
          {
            path: 'failed-payments',
            ...lazyPage(
              () => import('./FailedPaymentsPage'),
              (m) => m.FailedPaymentsPage,
            ),
          },
          {
            path: 'invoice-archive',
            ...lazyPage(
              () => import('./InvoiceArchivePage'),
              (m) => m.InvoiceArchivePage,
            ),
          },
          {
            path: 'audit',
            ...lazyPage(
              () => import('./OperatorAuditPage'),
              (m) => m.OperatorAuditPage,
            ),
          },
          {
            path: 'password',
            ...lazyPage(
              () => import('./PasswordPage'),
              (m) => m.PasswordPage,
            ),
          },
          { path: '*', loader: () => redirect('/operator/overview') },
        ],
      },
    ],
  },
];
