// The portability module's front door: what other modules, the server and the CLI may use.
// Anything not exported here is private to the module (checked by `npm run deps:check`).
export { getExport, listExports, openExportDownload, requestExport } from './export.service.js';
export { writeExport } from './export.writer.js';
export { importArchive } from './import.archive.js';
export { pruneLeftoverUploads } from './import.service.js';
export { portabilityJobHandlers } from './portability.jobs.js';
export { portabilityRoutes } from './portability.routes.js';
export { seedRaw } from './portability.seed.js';
