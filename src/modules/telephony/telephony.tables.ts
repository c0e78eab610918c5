// Row types of the telephony module's tables (see src/db/types.ts for the conventions).
export interface TelephonyTables {}
