import type { RouteObject } from 'react-router';
import { DataPage } from './DataPage';

/** Under /app/settings (e.g. 'data': export everything, imports, Bitrix24 migration). */
export const portabilitySettingsRoutes: RouteObject[] = [{ path: 'data', element: <DataPage /> }];
