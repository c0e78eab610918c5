import type { RouteObject } from 'react-router';
import { lazyPage } from '../../lib/lazyPage';

/** Under /app/settings (e.g. 'data': export everything, imports, Bitrix24 migration); loads on first visit. */
export const portabilitySettingsRoutes: RouteObject[] = [
  {
    path: 'data',
    ...lazyPage(
      () => import('./DataPage'),
      (m) => m.DataPage,
    ),
  },
];
