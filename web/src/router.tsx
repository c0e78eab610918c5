import { notifications } from '@mantine/notifications';
import { createBrowserRouter, redirect } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { FullPageLoader } from './components/FullPageLoader';
import { NotFound } from './components/NotFound';
import { RouteError } from './components/RouteError';
import { loginPath, requireSessionLoader, rootRedirectLoader } from './lib/authLoaders';
import { ME_KEY, queryClient, setUnauthenticatedHandler } from './lib/queryClient';
import { ForgotPasswordPage } from './routes/auth/ForgotPasswordPage';
import { InvitePage } from './routes/auth/InvitePage';
import { LoginPage } from './routes/auth/LoginPage';
import { ResetPasswordPage } from './routes/auth/ResetPasswordPage';
import { SignupPage } from './routes/auth/SignupPage';
import { automationsRoutes } from './routes/automations/routes';
import { billingPublicRoutes, billingSettingsRoutes } from './routes/billing/routes';
import { lifecycleSettingsRoutes } from './routes/lifecycle/routes';
import { portabilitySettingsRoutes } from './routes/portability/routes';
import { schedulingPublicRoutes, schedulingRoutes, schedulingSettingsRoutes } from './routes/scheduling/routes';
import { calendarRoutes } from './routes/calendar/routes';
import { crmRoutes } from './routes/crm/routes';
import { driveRoutes } from './routes/drive/routes';
import { HomePage } from './routes/home/HomePage';
import { AuditPage } from './routes/settings/AuditPage';
import { OutboxPage } from './routes/settings/OutboxPage';
import { ProfilePage } from './routes/settings/ProfilePage';
import { SettingsLayout } from './routes/settings/SettingsLayout';
import { TokensPage } from './routes/settings/TokensPage';
import { UsersPage } from './routes/settings/UsersPage';
import { tasksRoutes } from './routes/tasks/routes';
import { operatorRoutes } from './routes/operator/routes';
import type { Session } from './types';

export const router = createBrowserRouter([
  {
    path: '/',
    errorElement: <RouteError />,
    HydrateFallback: FullPageLoader,
    children: [
      { index: true, loader: rootRedirectLoader },
      { path: 'signup', element: <SignupPage /> },
      { path: 'login', element: <LoginPage /> },
      { path: 'forgot-password', element: <ForgotPasswordPage /> },
      { path: 'reset-password/:token', element: <ResetPasswordPage /> },
      { path: 'invite/:token', element: <InvitePage /> },
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
          // Each area owns its routes (web/src/routes/<area>/routes.tsx).
          ...crmRoutes,
          ...tasksRoutes,
          ...calendarRoutes,
          ...driveRoutes,
          ...automationsRoutes,
          ...schedulingRoutes,
          {
            path: 'settings',
            element: <SettingsLayout />,
            children: [
              { index: true, loader: () => redirect('/app/settings/profile') },
              { path: 'profile', element: <ProfilePage /> },
              { path: 'users', element: <UsersPage /> },
              { path: 'tokens', element: <TokensPage /> },
              { path: 'audit', element: <AuditPage /> },
              { path: 'outbox', element: <OutboxPage /> },
              ...billingSettingsRoutes,
              ...lifecycleSettingsRoutes,
              ...portabilitySettingsRoutes,
              ...schedulingSettingsRoutes,
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
