// The lifecycle module's front door: what other modules, the server and the CLI may use.
// Anything not exported here is private to the module (checked by `npm run deps:check`).
export { deletionPreview } from './deletion.service.js';
export { lifecycleJobHandlers } from './lifecycle.jobs.js';
export { lifecycleCountsSince, listCancellationOutcomes, requestPortalDeletionByOperator, setAsideForBillingSwitch } from './lifecycle.operators.js';
export { lifecycleRoutes } from './lifecycle.routes.js';
export { activePauseOf, assertPortalWritable } from './pause.service.js';
export { applyPlanTransition } from './periodend.service.js';
export { registerPaidRecords } from './usage.js';
export { tenantTables } from './erase.js';
export { isOpenWhilePaused } from './pause.service.js';
