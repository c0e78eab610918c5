import type { RouteObject } from 'react-router';
import { DrivePage } from './DrivePage';
import { TrashPage } from './TrashPage';

/** The drive area's routes, children of /app. */
export const driveRoutes: RouteObject[] = [
  { path: 'drive', element: <DrivePage /> },
  { path: 'drive/folders/:folderId', element: <DrivePage /> },
  { path: 'drive/trash', element: <TrashPage /> },
];
