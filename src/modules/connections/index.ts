// The connections module's front door: what other modules, the server and the CLI may use.
// Anything not exported here is private to the module (checked by `npm run deps:check`).
export { connectedBusy } from './connections.busy.js';
export { connectionsJobHandlers } from './connections.jobs.js';
export { connectionsRoutes } from './connections.routes.js';
export { connectionsExcluded, connectionsPortable } from './connections.portable.js';
