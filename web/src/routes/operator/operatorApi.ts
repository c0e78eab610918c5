import { queryOptions } from '@tanstack/react-query';
import { redirect } from 'react-router';
import { api, isApiError } from '../../api';
import { queryClient } from '../../lib/queryClient';

/** Shapes of the operator console API (/api/operator/…, see src/modules/operators/operators.schema.ts). */

export interface Operator {
  id: string;
  email: string;
  name: string;
  status: 'active' | 'disabled';
  createdAt: string;
  lastLoginAt: string | null;
}

export type SubscriptionStatus = 'free' | 'trialing' | 'active' | 'past_due' | 'paused';

export interface PortalPlan {
  id: string;
  name: string;
  status: SubscriptionStatus;
  interval: 'monthly' | 'annual';
  currentPeriodEnd: string | null;
  trialEnd: string | null;
  cancelAtPeriodEnd: boolean;
  pendingPlanId: string | null;
  pastDueSince: string | null;
}

export interface OperatorPortal {
  id: string;
  slug: string;
  name: string;
  status: 'active' | 'deleting';
  createdAt: string;
  lastActivityAt: string | null;
  seats: { used: number; limit: number | null };
  storage: { usedBytes: number; quotaBytes: number | null };
  /** null when billing is off (self-hosted). */
  plan: PortalPlan | null;
  mrr: number;
}

export interface OperatorExport {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  createdAt: string;
  finishedAt: string | null;
  expiresAt: string | null;
  bytes: number | null;
  sha256: string | null;
  downloadUrl: string | null;
  error: string | null;
}

export interface OperatorAuditEntry {
  id: string;
  action: string;
  operator: { id: string; email: string | null } | null;
  portal: { id: string | null; slug: string } | null;
  details: Record<string, unknown> | null;
  ip: string | null;
  createdAt: string;
}

export interface PortalDetail {
  portal: OperatorPortal;
  records: number;
  users: { active: number; total: number };
  billingEvents: { id: string; type: string; payload: Record<string, unknown>; createdAt: string }[];
  exports: OperatorExport[];
  actions: OperatorAuditEntry[];
}

export interface GrantablePlan {
  id: string;
  name: string;
  monthly: number;
  annual: number;
  seats: number | null;
}

export interface Overview {
  billing: boolean;
  currency: string;
  asOf: string;
  portals: { total: number; newThisMonth: number };
  planMix: { planId: string; planName: string; portals: number; trialing: number; pastDue: number; paused: number }[];
  mrr: { amount: number; payingPortals: number };
  thisMonth: {
    from: string;
    newPortals: number;
    cancelled: number;
    downgraded: number;
    paused: number;
    retentionOffersTaken: number;
    deleted: number;
    failedPayments: number;
  };
  plans: GrantablePlan[];
}

export interface PortalRef {
  id: string;
  slug: string | null;
  name: string | null;
}

export interface Cancellation {
  id: string;
  portal: PortalRef;
  kind: 'cancellation' | 'retention_offer';
  mode: 'cancel' | 'downgrade' | null;
  fromPlanId: string | null;
  targetPlanId: string | null;
  reason: string | null;
  retentionOfferTaken: boolean;
  offerDeclined: string | null;
  status: string;
  pauseMonths: number | null;
  effectiveAt: string | null;
  createdAt: string;
}

export interface FailedPayment {
  id: string;
  portal: PortalRef;
  at: string;
  invoiceId: string | null;
  amount: number;
  currency: string;
  declineCode: string | null;
  card: string | null;
  subscriptionStatus: string;
}

export const OPERATOR_ME_KEY = ['/api/operator/me'] as const;
export const OVERVIEW_KEY = ['/api/operator/overview'] as const;
export const portalKey = (id: string) => ['/api/operator/portals', id] as const;

export const operatorMeQuery = queryOptions({
  queryKey: OPERATOR_ME_KEY,
  queryFn: ({ signal }) => api.get<Operator>('/api/operator/me', { signal }),
  staleTime: 60_000,
});

/** Loader of the console pages: an operator session must exist, otherwise the log-in at /operator. */
export async function requireOperatorLoader() {
  try {
    return await queryClient.ensureQueryData(operatorMeQuery);
  } catch (error) {
    if (isApiError(error) && (error.status === 401 || error.status === 403)) throw redirect('/operator');
    throw error;
  }
}

/** "2026-03-01" for a date input, `days` from now. */
export function dayFromNow(days: number, from = new Date()): string {
  return new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
