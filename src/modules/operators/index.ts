// The operators module's front door: what other modules, the server and the CLI may use.
// Anything not exported here is private to the module (checked by `npm run deps:check`).
export { OPERATOR_COOKIE, authenticateOperatorSession, createOperator } from './operator-auth.service.js';
export { operatorsRoutes } from './operators.routes.js';
export { isBillingRoute } from './instance.js';
export { recordOperatorAudit } from './operator-audit.service.js';
