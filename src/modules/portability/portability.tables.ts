// Row types of the portability module's tables (see src/db/types.ts for the conventions).
export interface PortabilityTables {}
