import type { RouteObject } from 'react-router';
import { lazyPage } from '../../lib/lazyPage';

/** Under /app/settings: connected external calendars, and app passwords for CalDAV clients (each loads on first visit). */
export const connectionsSettingsRoutes: RouteObject[] = [
  {
    path: 'calendars',
    ...lazyPage(
      () => import('./CalendarsPage'),
      (m) => m.CalendarsPage,
    ),
  },
  {
    path: 'app-passwords',
    ...lazyPage(
      () => import('./AppPasswordsPage'),
      (m) => m.AppPasswordsPage,
    ),
  },
];
