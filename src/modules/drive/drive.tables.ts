// Row types of the drive module's tables (see src/db/types.ts for the conventions).
export interface DriveTables {}
