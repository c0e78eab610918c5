import type { RouteObject } from 'react-router';
import { BillingPage } from './BillingPage';
import { InvoicePage } from './InvoicePage';
import { PricingPage } from './PricingPage';

/** Billing pages under /app/settings (paths relative to settings, e.g. 'billing'). */
export const billingSettingsRoutes: RouteObject[] = [
  { path: 'billing', element: <BillingPage /> },
  { path: 'billing/invoices/:id', element: <InvoicePage /> },
];

/** Public billing pages at the root (e.g. 'pricing'). */
export const billingPublicRoutes: RouteObject[] = [{ path: 'pricing', element: <PricingPage /> }];
