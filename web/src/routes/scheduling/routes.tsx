import type { RouteObject } from 'react-router';

/** Scheduling pages under /app (e.g. 'scheduling/booking-pages'). */
export const schedulingRoutes: RouteObject[] = [];

/** Under /app/settings (e.g. 'availability'). */
export const schedulingSettingsRoutes: RouteObject[] = [];

/** Public pages at the root (e.g. 'book/:portalSlug/:slug'). */
export const schedulingPublicRoutes: RouteObject[] = [];
