// The caldav module's front door: what other modules, the server and the CLI may use.
// Anything not exported here is private to the module (checked by `npm run deps:check`).
export { recordEventChanges } from './caldav.changes.js';
export { caldavRoutes } from './caldav.routes.js';
