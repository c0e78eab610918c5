// The audit module's front door: what other modules, the server and the CLI may use.
// Anything not exported here is private to the module (checked by `npm run deps:check`).
export { auditLogTable } from './audit.portable.js';
export { auditRoutes } from './audit.routes.js';
export { recordAudit } from './audit.service.js';
