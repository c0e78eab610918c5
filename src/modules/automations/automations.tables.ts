// Row types of the automations module's tables (see src/db/types.ts for the conventions).
export interface AutomationsTables {}
