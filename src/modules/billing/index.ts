// The billing module's front door: what other modules, the server and the CLI may use.
// Anything not exported here is private to the module (checked by `npm run deps:check`).
export { addStorage, chargeForCredits, sellPrepaidCredits } from './addons.service.js';
export { mailAdmins } from './billing.mail.js';
export { BILLING_NOTICES } from './billing.notices.js';
export { invoicesTable } from './billing.portable.js';
export { billingRoutes } from './billing.routes.js';
export { idempotencyHeaders, lineOut, subscriptionOut } from './billing.schema.js';
export { billingEnabled, getSubscription, installPlanLimits, listBillingEvents, portalPlan, requireFeature } from './billing.service.js';
export { inBillingTx, lockedSubscription, logEvent } from './billing.tx.js';
export type { BillingTx } from './billing.tx.js';
export { FEATURES, catalogOf, parseCatalog } from './catalog.js';
export {
  INVOICE_ARCHIVE_TABLE,
  archivePortalInvoices,
  findArchivedInvoice,
  listArchivedInvoices,
  purgeExpiredInvoices,
  toArchivedInvoiceOut,
} from './invoice-archive.js';
export type { ArchiveSummary, PurgedInvoices } from './invoice-archive.js';
export type { Catalog, Feature, Plan } from './catalog.js';
export { isPaid } from './changes.js';
export { billingOfPortals, countFailedCharges, failedCharges, grantablePlans, subscriptionGroups } from './console.service.js';
export { extendTrial, grantPlan, resetToFree } from './grants.service.js';
export { idempotencyOf, idempotent, pruneIdempotencyKeys } from './idempotency.js';
export { pauseSubscription, resumeSubscription } from './pause.service.js';
export { savePaymentMethod } from './payment-method.service.js';
export { TEST_CARDS } from './payments.js';
export { DAY_MS, addMonths, isoDay } from './periods.js';
export { onPlanTransition } from './plan-hooks.js';
export type { PlanTransition } from './plan-hooks.js';
export { FREE_PLAN_ID, featureLabels, findPlan, formatBytes, formatMoney, freePlan, tierOf } from './plans.js';
export { billingJobHandlers, cancelPastDue } from './renewals.service.js';
export { changeSubscription, previewChange } from './subscription.service.js';
export { toSubscriptionOut } from './subscription.state.js';
