import type { RouteObject } from 'react-router';

/** Under /app/settings (e.g. 'data': export everything, imports, Bitrix24 migration). */
export const portabilitySettingsRoutes: RouteObject[] = [];
