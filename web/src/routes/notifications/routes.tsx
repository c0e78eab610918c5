import type { RouteObject } from 'react-router';
import { lazyPage } from '../../lib/lazyPage';

/** The inbox, a child of /app. */
export const notificationsRoutes: RouteObject[] = [
  {
    path: 'notifications',
    ...lazyPage(
      () => import('./InboxPage'),
      (m) => m.InboxPage,
    ),
  },
];

/** Settings → Notifications, a child of /app/settings. */
export const notificationsSettingsRoutes: RouteObject[] = [
  {
    path: 'notifications',
    ...lazyPage(
      () => import('./NotificationSettingsPage'),
      (m) => m.NotificationSettingsPage,
    ),
  },
];
