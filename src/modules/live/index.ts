// The live module's front door (PLT-11): the stream route and the sink compose.ts installs.
// Anything not exported here is private to the module (checked by `npm run deps:check`).
export { publishLiveEvent } from './live.publish.js';
export { liveRoutes } from './live.routes.js';
