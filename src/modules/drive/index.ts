// The drive module's front door: what other modules, the server and the CLI may use.
// Anything not exported here is private to the module (checked by `npm run deps:check`).
export { filesInStorageOrder } from './availability.js';
export { archivePath, driveFiles, driveFolders, drivePortable, openStoredFile } from './drive.portable.js';
export { driveRoutes } from './drive.routes.js';
export { getUsage, trashFile, uploadFile } from './files.service.js';
export { createFolder, listFolders } from './folders.service.js';
export { setStorageQuotaPolicy } from './quota.js';
export { sweepOrphanedFiles } from './sweep.js';
export type { DriveSweep } from './sweep.js';
