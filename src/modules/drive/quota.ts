import type { PortalContext } from '../../kernel/context.js';

/**
 * How much a portal may store. Billing installs the real policy (plan storage
 * limits); until then there is no limit and nothing is refused.
 */
export interface StorageQuotaPolicy {
  /** The portal's storage allowance in bytes; null = no limit. */
  quotaBytes(ctx: PortalContext): Promise<number | null>;
  /** Throws an AppError (e.g. 402 PAYMENT_REQUIRED) when `extraBytes` more would not fit. */
  assertCanStore(ctx: PortalContext, extraBytes: number): Promise<void>;
}

const unlimited: StorageQuotaPolicy = {
  quotaBytes: async () => null,
  assertCanStore: async () => {},
};

let policy: StorageQuotaPolicy = unlimited;

export function setStorageQuotaPolicy(p: StorageQuotaPolicy | null): void {
  policy = p ?? unlimited;
}

export const storageQuota = (): StorageQuotaPolicy => policy;
