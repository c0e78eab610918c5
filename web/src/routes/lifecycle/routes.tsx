import type { RouteObject } from 'react-router';

/** Under /app/settings (e.g. 'delete-portal', 'billing/cancel'). */
export const lifecycleSettingsRoutes: RouteObject[] = [];
