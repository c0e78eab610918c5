import { notifications } from '@mantine/notifications';
import { createBrowserRouter, redirect } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { FullPageLoader } from './components/FullPageLoader';
import { NotFound } from './components/NotFound';
import { RouteError } from './components/RouteError';
import { lazyPage } from './lib/lazyPage';
import { loginPath, requireSessionLoader, rootRedirectLoader } from './lib/authLoaders';
import { ME_KEY, queryClient, setUnauthenticatedHandler } from './lib/queryClient';
import { LoginPage } from './routes/auth/LoginPage';
import { automationsRoutes } from './routes/automations/routes';
import { billingPublicRoutes, billingSettingsRoutes } from './routes/billing/routes';
import { lifecycleSettingsRoutes } from './routes/lifecycle/routes';
import { portabilitySettingsRoutes } from './routes/portability/routes';
import { schedulingPublicRoutes, schedulingRoutes, schedulingSettingsRoutes } from './routes/scheduling/routes';
import { calendarRoutes } from './routes/calendar/routes';
import { connectionsSettingsRoutes } from './routes/connections/routes';
import { crmRoutes, crmSettingsRoutes } from './routes/crm/routes';
import { driveRoutes } from './routes/drive/routes';
import { HomePage } from './routes/home/HomePage';
import { tasksRoutes } from './routes/tasks/routes';
import { notificationsRoutes, notificationsSettingsRoutes } from './routes/notifications/routes';
import { operatorRoutes } from './routes/operator/routes';
import type { Session } from './types';

export const router = createBrowserRouter([
  {
    path: '/',
    errorElement: <RouteError />,
    HydrateFallback: FullPageLoader,
    children: [
      { index: true, loader: rootRedirectLoader },
      {
        path: 'signup',
        ...lazyPage(
          () => import('./routes/auth/SignupPage'),
          (m) => m.SignupPage,
        ),
      },
      { path: 'login', element: <LoginPage /> },
      {
        path: 'forgot-password',
        ...lazyPage(
          () => import('./routes/auth/ForgotPasswordPage'),
          (m) => m.ForgotPasswordPage,
        ),
      },
      {
        path: 'reset-password/:token',
        ...lazyPage(
          () => import('./routes/auth/ResetPasswordPage'),
          (m) => m.ResetPasswordPage,
        ),
      },
      {
        path: 'invite/:token',
        ...lazyPage(
          () => import('./routes/auth/InvitePage'),
          (m) => m.InvitePage,
        ),
      },
      ...billingPublicRoutes,
      ...schedulingPublicRoutes,
      ...operatorRoutes,
      {
        path: 'app',
        id: 'app',
        loader: requireSessionLoader,
        element: <AppLayout />,
        errorElement: <RouteError />,
        children: [
          { index: true, element: <HomePage /> },
          // Each area owns its routes (web/src/routes/<area>/routes.tsx); every page but
          // this landing one loads on first visit (ADR 0019: the first-load budget).
          ...crmRoutes,
          ...tasksRoutes,
          ...calendarRoutes,
          ...driveRoutes,
          ...automationsRoutes,
          ...schedulingRoutes,
          ...notificationsRoutes,
          {
            path: 'settings',
            ...lazyPage(
              () => import('./routes/settings/SettingsLayout'),
              (m) => m.SettingsLayout,
            ),
            children: [
              { index: true, loader: () => redirect('/app/settings/profile') },
              {
                path: 'profile',
                ...lazyPage(
                  () => import('./routes/settings/ProfilePage'),
                  (m) => m.ProfilePage,
                ),
              },
              {
                path: 'users',
                ...lazyPage(
                  () => import('./routes/settings/UsersPage'),
                  (m) => m.UsersPage,
                ),
              },
              {
                path: 'tokens',
                ...lazyPage(
                  () => import('./routes/settings/TokensPage'),
                  (m) => m.TokensPage,
                ),
              },
              {
                path: 'audit',
                ...lazyPage(
                  () => import('./routes/settings/AuditPage'),
                  (m) => m.AuditPage,
                ),
              },
              {
                path: 'outbox',
                ...lazyPage(
                  () => import('./routes/settings/OutboxPage'),
                  (m) => m.OutboxPage,
                ),
              },
              ...notificationsSettingsRoutes,
              ...crmSettingsRoutes,
              ...billingSettingsRoutes,
              ...lifecycleSettingsRoutes,
              ...portabilitySettingsRoutes,
              ...schedulingSettingsRoutes,
              ...connectionsSettingsRoutes,
            ],
          },
          { path: '*', element: <NotFound inApp /> },
        ],
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

// When a request finds the session gone (expired, logged out elsewhere),
// send the person to the log-in page and come back here afterwards.
let redirecting = false;
setUnauthenticatedHandler(() => {
  const { pathname, search } = router.state.location;
  if (redirecting || !pathname.startsWith('/app')) return;
  redirecting = true;
  const portal = queryClient.getQueryData<Session>(ME_KEY)?.portal.slug;
  notifications.show({ id: 'session-ended', message: 'Your session ended. Log in to continue.', color: 'yellow' });
  void router.navigate(loginPath(pathname + search, portal), { replace: true }).finally(() => {
    queryClient.clear();
    redirecting = false;
  });
});
