// The notifications module's front door: what other modules, the server and the CLI may use.
// Anything not exported here is private to the module (checked by `npm run deps:check`).
export { notificationsRoutes } from './notifications.routes.js';
export { deliverNotifications, mailChoiceOf, notificationsJobHandlers } from './notifications.service.js';
export { notifyAssignments } from './notifications.triggers.js';
export { notificationsPortable } from './notifications.portable.js';
