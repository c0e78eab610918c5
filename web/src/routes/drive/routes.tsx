import type { RouteObject } from 'react-router';
import { lazyPage } from '../../lib/lazyPage';

/** The drive area's routes, children of /app; each page loads on first visit. */
export const driveRoutes: RouteObject[] = [
  {
    path: 'drive',
    ...lazyPage(
      () => import('./DrivePage'),
      (m) => m.DrivePage,
    ),
  },
  {
    path: 'drive/folders/:folderId',
    ...lazyPage(
      () => import('./DrivePage'),
      (m) => m.DrivePage,
    ),
  },
  {
    path: 'drive/trash',
    ...lazyPage(
      () => import('./TrashPage'),
      (m) => m.TrashPage,
    ),
  },
];
