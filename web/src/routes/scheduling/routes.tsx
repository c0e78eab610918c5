import type { RouteObject } from 'react-router';
import { redirect } from 'react-router';
import { AvailabilityPage } from './AvailabilityPage';
import { BookingPagesPage } from './BookingPagesPage';
import { BookingsPage } from './BookingsPage';
import { ManageBookingPage } from './ManageBookingPage';
import { PublicBookingPage } from './PublicBookingPage';

/** Scheduling pages under /app: booking pages and bookings. */
export const schedulingRoutes: RouteObject[] = [
  { path: 'scheduling', loader: () => redirect('/app/scheduling/booking-pages') },
  { path: 'scheduling/booking-pages', element: <BookingPagesPage /> },
  { path: 'scheduling/bookings', element: <BookingsPage /> },
];

/** Under /app/settings: your working hours. */
export const schedulingSettingsRoutes: RouteObject[] = [{ path: 'availability', element: <AvailabilityPage /> }];

/** Public pages at the root: booking a time, and the guest's manage link. */
export const schedulingPublicRoutes: RouteObject[] = [
  { path: 'book/:portalSlug/:slug', element: <PublicBookingPage /> },
  { path: 'booking/:token', element: <ManageBookingPage /> },
];
