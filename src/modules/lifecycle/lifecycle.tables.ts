// Row types of the lifecycle module's tables (see src/db/types.ts for the conventions).
export interface LifecycleTables {}
