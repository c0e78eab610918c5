import type { RouteObject } from 'react-router';
import { withBilling } from '../../components/RequireBilling';
import { lazyPage } from '../../lib/lazyPage';

/** Billing pages under /app/settings (paths relative to settings, e.g. 'billing'); each loads on first visit. */
export const billingSettingsRoutes: RouteObject[] = [
  {
    path: 'billing',
    ...lazyPage(
      () => import('./BillingPage'),
      (m) => withBilling(m.BillingPage),
    ),
  },
  {
    path: 'billing/invoices/:id',
    ...lazyPage(
      () => import('./InvoicePage'),
      (m) => withBilling(m.InvoicePage),
    ),
  },
];

/** Public billing pages at the root (e.g. 'pricing'). */
export const billingPublicRoutes: RouteObject[] = [
  {
    path: 'pricing',
    ...lazyPage(
      () => import('./PricingPage'),
      (m) => withBilling(m.PricingPage, true),
    ),
  },
];
