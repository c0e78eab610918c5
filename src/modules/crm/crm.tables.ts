// Row types of the crm module's tables (see src/db/types.ts for the conventions).
export interface CrmTables {}
