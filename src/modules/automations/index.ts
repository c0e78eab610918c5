// The automations module's front door: what other modules, the server and the CLI may use.
// Anything not exported here is private to the module (checked by `npm run deps:check`).
export { automationRecordCounts } from './automations.counts.js';
export { handleRecordEvent } from './automations.events.js';
export { automationsJobHandlers } from './automations.jobs.js';
export {
  automationsPortable,
  clearImportedAutomations,
  exportAutomationsDocument,
  hasAutomationRules,
  importAutomationsDocument,
} from './automations.portable.js';
export { allRules } from './automations.repo.js';
export { automationsRoutes } from './automations.routes.js';
export { pruneAutomationHistory } from './retention.js';
export type { RuleCreate } from './automations.schema.js';
export { automationsAllowed, createRule } from './rules.service.js';
