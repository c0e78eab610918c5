import type { RouteObject } from 'react-router';
import { RequireBilling } from '../../components/RequireBilling';
import { BillingPage } from './BillingPage';
import { InvoicePage } from './InvoicePage';
import { PricingPage } from './PricingPage';

/** Billing pages under /app/settings (paths relative to settings, e.g. 'billing'). */
export const billingSettingsRoutes: RouteObject[] = [
  {
    path: 'billing',
    element: (
      <RequireBilling>
        <BillingPage />
      </RequireBilling>
    ),
  },
  {
    path: 'billing/invoices/:id',
    element: (
      <RequireBilling>
        <InvoicePage />
      </RequireBilling>
    ),
  },
];

/** Public billing pages at the root (e.g. 'pricing'). */
export const billingPublicRoutes: RouteObject[] = [
  {
    path: 'pricing',
    element: (
      <RequireBilling publicPage>
        <PricingPage />
      </RequireBilling>
    ),
  },
];
