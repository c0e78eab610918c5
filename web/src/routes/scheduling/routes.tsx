import type { RouteObject } from 'react-router';
import { redirect } from 'react-router';
import { lazyPage } from '../../lib/lazyPage';

/** Scheduling pages under /app: booking pages and bookings (each loads on first visit). */
export const schedulingRoutes: RouteObject[] = [
  { path: 'scheduling', loader: () => redirect('/app/scheduling/booking-pages') },
  {
    path: 'scheduling/booking-pages',
    ...lazyPage(
      () => import('./BookingPagesPage'),
      (m) => m.BookingPagesPage,
    ),
  },
  {
    path: 'scheduling/bookings',
    ...lazyPage(
      () => import('./BookingsPage'),
      (m) => m.BookingsPage,
    ),
  },
];

/** Under /app/settings: your working hours. */
export const schedulingSettingsRoutes: RouteObject[] = [
  {
    path: 'availability',
    ...lazyPage(
      () => import('./AvailabilityPage'),
      (m) => m.AvailabilityPage,
    ),
  },
];

/** Public pages at the root: booking a time, and the guest's manage link. */
export const schedulingPublicRoutes: RouteObject[] = [
  {
    path: 'book/:portalSlug/:slug',
    ...lazyPage(
      () => import('./PublicBookingPage'),
      (m) => m.PublicBookingPage,
    ),
  },
  {
    path: 'booking/:token',
    ...lazyPage(
      () => import('./ManageBookingPage'),
      (m) => m.ManageBookingPage,
    ),
  },
];
