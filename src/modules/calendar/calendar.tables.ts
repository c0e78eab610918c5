// Row types of the calendar module's tables (see src/db/types.ts for the conventions).
export interface CalendarTables {}
