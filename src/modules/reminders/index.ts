// The reminders module's front door: what other modules, the server and the CLI may use.
// Anything not exported here is private to the module (checked by `npm run deps:check`).
export { remindersJobHandlers } from './reminders.jobs.js';
export { armOnEventsChange, armOnTaskChange } from './reminders.reactions.js';
export { scheduleReminderStart } from './reminders.scan.js';
