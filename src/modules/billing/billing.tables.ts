// Row types of the billing module's tables (see src/db/types.ts for the conventions).
export interface BillingTables {}
