// Row types of the lifecycle module's tables (see src/db/types.ts for the conventions).

export type CancellationMode = 'downgrade' | 'cancel';
export type CancellationStatus = 'scheduled' | 'withdrawn' | 'applied';

/** A cancel or downgrade the admin confirmed (LIF-1): what they chose, and what became of it. */
export interface CancellationRow {
  id: string;
  portal_id: string;
  /** Shown to the admin and in the confirmation mail, e.g. CXL-7F3A9C21. */
  reference: string;
  mode: CancellationMode;
  from_plan_id: string;
  target_plan_id: string;
  reason: string | null;
  /** JSON string[]: the users the admin chose to keep when seats run short; null: the default order. */
  keep_user_ids: string | null;
  /** The retention offer shown beside "Cancel anyway" (e.g. 'pause'), or null. */
  offer_shown: string | null;
  status: CancellationStatus;
  effective_at: string;
  requested_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A downgrade applied at a period end (LIF-2), with exactly what it changed, so an upgrade can undo it (LIF-3). */
export interface DowngradeRow {
  id: string;
  portal_id: string;
  cancellation_id: string | null;
  from_plan_id: string;
  to_plan_id: string;
  reason: string;
  /** JSON: the DowngradeImpact that was applied. */
  impact: string;
  /** JSON string[]: users this downgrade deactivated. */
  deactivated_user_ids: string;
  forfeited_amount: number;
  applied_at: string;
  restored_at: string | null;
}

export type PauseStatus = 'active' | 'ended';

/** A pause instead of a cancel (LIF-4): no invoices, data read-only, resumes by itself. */
export interface PauseRow {
  id: string;
  portal_id: string;
  months: number;
  paused_at: string;
  resume_at: string;
  status: PauseStatus;
  /** 'settings' or 'retention_offer': where the admin chose it. */
  source: string;
  ended_at: string | null;
  /** 'schedule' (automatic) or 'admin' (early). */
  ended_by: string | null;
  created_by: string | null;
  created_at: string;
}

export type DeletionStatus = 'erasing' | 'completed';

/**
 * Not a tenant table: the operator's record of a portal deletion (LIF-5),
 * kept outside the portal so that the erase can finish after a crash and the
 * receipt can be sent once nothing of the portal is left. It holds no portal
 * content: the portal's id only while erasing, its address, and counts.
 */
export interface PortalDeletionRow {
  id: string;
  /** DEL-…, on the receipt. */
  reference: string;
  /** The portal being erased; cleared once the erase is complete. */
  target_portal_id: string | null;
  portal_slug: string;
  /** Where the receipt goes; cleared once the receipt is queued. */
  owner_email: string | null;
  status: DeletionStatus;
  requested_at: string;
  completed_at: string | null;
  rows_erased: number;
  files_erased: number;
  /** JSON: [{ step, at, ... }], the erase's own audit trail. */
  steps: string;
}

export interface LifecycleTables {
  lifecycle_cancellations: CancellationRow;
  lifecycle_downgrades: DowngradeRow;
  lifecycle_pauses: PauseRow;
  portal_deletions: PortalDeletionRow;
}
