// Row types of the scheduling module's tables (see src/db/types.ts for the conventions).
export interface SchedulingTables {}
