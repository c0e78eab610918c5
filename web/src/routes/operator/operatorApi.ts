import { queryOptions } from '@tanstack/react-query';
import { redirect } from 'react-router';
import { isApiError } from '../../api';
import type { Item, Schema } from '../../api/types';
import { queryClient } from '../../lib/queryClient';
import { client, unwrap } from '../../api/client';

/** Shapes of the operator console API (/api/operator/…), from the generated OpenAPI types. */

export type Operator = Schema<'Operator'>;
export type OperatorPortal = Schema<'OperatorPortal'>;
/** null when billing is off (self-hosted). */
export type PortalPlan = NonNullable<OperatorPortal['plan']>;
export type SubscriptionStatus = PortalPlan['status'];
export type OperatorExport = Schema<'OperatorExport'>;
export type OperatorAuditEntry = Schema<'OperatorAuditEntry'>;
export type PortalDetail = Schema<'OperatorPortalDetail'>;
export type Overview = Schema<'OperatorOverview'>;
export type GrantablePlan = Item<Overview['plans']>;
export type Cancellation = Schema<'OperatorCancellation'>;
export type PortalRef = Cancellation['portal'];
export type FailedPayment = Schema<'OperatorFailedPayment'>;
export type ArchivedInvoice = Schema<'ArchivedInvoice'>;

export const OPERATOR_ME_KEY = ['/api/operator/me'] as const;
export const OVERVIEW_KEY = ['/api/operator/overview'] as const;
export const portalKey = (id: string) => ['/api/operator/portals', id] as const;

export const operatorMeQuery = queryOptions({
  queryKey: OPERATOR_ME_KEY,
  queryFn: ({ signal }) => unwrap(client.GET('/api/operator/me', { signal })),
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
