// The telephony module's front door: what other modules, the server and the CLI may use.
// Anything not exported here is private to the module (checked by `npm run deps:check`).
export { telephonyPortable } from './telephony.portable.js';
export { telephonyRoutes } from './telephony.routes.js';
export { buyCredits, forfeitBalance, getBalance, recordCall, telephonyRecordCounts, updateSettings } from './telephony.service.js';
