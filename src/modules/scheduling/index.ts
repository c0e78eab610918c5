// The scheduling module's front door: what other modules, the server and the CLI may use.
// Anything not exported here is private to the module (checked by `npm run deps:check`).
export { runAutoSchedule } from './autoschedule.service.js';
export { autoSchedule } from './autoschedule.js';
export type { TaskToPlace } from './autoschedule.js';
export { putAvailability } from './availability.service.js';
export { book, slotsOfPage } from './bookings.public.js';
export { ZoneCache, busyMinutes, personFree } from './engine.js';
export { toWorkingHours } from './hours.js';
export type { AvailabilityDoc } from './hours.js';
export { createPage } from './pages.service.js';
export { teamBookingPageCounts } from './scheduling.counts.js';
export { schedulingJobHandlers } from './scheduling.jobs.js';
export { findPageBySlug } from './scheduling.repo.js';
export { schedulingPortable } from './scheduling.portable.js';
export { onBusyTimeChange, onTaskChange } from './replace.service.js';
export { schedulingRoutes } from './scheduling.routes.js';
export { rankSuggestions } from './scoring.js';
export { collectiveSlots, roundRobinSlots } from './slots.js';
