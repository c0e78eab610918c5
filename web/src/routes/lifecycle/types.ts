import type { Subscription } from '../billing/types';

/** Shapes of the lifecycle API (src/modules/lifecycle/lifecycle.schema.ts). */

export interface Money {
  amount: number;
  currency: string;
}

export interface DowngradeImpact {
  fromPlanId: string;
  planId: string;
  planName: string;
  featuresLost: { feature: string; label: string }[];
  seats: { limit: number | null; active: number };
  usersOverLimit: { id: string; name: string; email: string }[];
  storage: { usedBytes: number; quotaBytes: number | null };
  inaccessibleFiles: { count: number; bytes: number; items: { id: string; name: string; sizeBytes: number; createdAt: string }[] };
  readOnly: Record<string, number>;
  addonsEnded: { kind: 'storage' | 'telephony_credits'; description: string }[];
  telephonyBalanceForfeited: Money;
  refund: Money;
  effectiveAt: string;
}

export type CancelMode = 'downgrade' | 'cancel';

export interface Pause {
  id: string;
  months: number;
  pausedAt: string;
  resumeAt: string;
  status: 'active' | 'ended';
  source: string;
  endedAt: string | null;
}

export interface LifecycleState {
  subscription: Subscription;
  cancellation: { reference: string; mode: CancelMode; planId: string; effectiveAt: string; reason: string | null; createdAt: string } | null;
  pause: Pause | null;
  retentionOffer: { kind: 'pause'; months: number[] } | null;
  lastDowngrade: { fromPlanId: string; planId: string; appliedAt: string; restoredAt: string | null; usersDeactivated: number; impact: DowngradeImpact } | null;
}

export interface CancelResult {
  reference: string;
  effectiveAt: string;
  mode: CancelMode;
  planId: string;
  subscription: Subscription;
}

export interface DeletionPreview {
  portal: { slug: string; name: string };
  records: number;
  storedBytes: number;
  exportPage: string;
}

export const LIFECYCLE_KEY = '/api/billing/lifecycle';
