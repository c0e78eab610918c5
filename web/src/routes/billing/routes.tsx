import type { RouteObject } from 'react-router';

/** Billing pages under /app/settings (paths relative to settings, e.g. 'billing'). */
export const billingSettingsRoutes: RouteObject[] = [];

/** Public billing pages at the root (e.g. 'pricing'). */
export const billingPublicRoutes: RouteObject[] = [];
