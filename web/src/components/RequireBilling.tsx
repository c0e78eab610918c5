import { IconInfinity } from '@tabler/icons-react';
import type { ComponentType, ReactNode } from 'react';
import { Navigate } from 'react-router';
import { useInstance } from '../lib/instance';
import { EmptyPanel } from './EmptyPanel';

/**
 * Billing pages exist only on hosted servers. On a self-hosted one
 * (BILLING=off) every feature is included: a public billing page sends people
 * home, a settings page says why there is nothing to bill.
 */
export function RequireBilling({ children, publicPage = false }: { children: ReactNode; publicPage?: boolean }) {
  const instance = useInstance();
  if (instance.billing) return <>{children}</>;
  if (publicPage) return <Navigate to="/" replace />;
  return (
    <EmptyPanel
      icon={<IconInfinity size={28} />}
      title="No billing on this server"
      description="This SchedulingKit is self-hosted: every feature is included, with no plans, seat or storage limits, and nothing to renew or cancel. Export and deletion are under Settings → Data and Delete portal."
    />
  );
}

/** A page shown only where billing exists (for lazy routes, whose page is a component rather than an element). */
export function withBilling(Page: ComponentType, publicPage = false): ComponentType {
  function BillingOnly() {
    return (
      <RequireBilling publicPage={publicPage}>
        <Page />
      </RequireBilling>
    );
  }
  return BillingOnly;
}
