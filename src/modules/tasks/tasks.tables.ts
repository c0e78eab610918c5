// Row types of the tasks module's tables (see src/db/types.ts for the conventions).
export interface TasksTables {}
