// The accounts module's front door: what other modules, the server and the CLI may use.
// Anything not exported here is private to the module (checked by `npm run deps:check`).
export { importUsers, portalUsers, usersTable } from './accounts.portable.js';
export { findPortalById, findPortalBySlug, findUser, listAdmins, listUsers } from './accounts.repo.js';
export { accountsRoutes } from './accounts.routes.js';
export { emailSchema, passwordSchema } from './accounts.schema.js';
export { APP_PASSWORD_PREFIX } from './app-passwords.service.js';
export { authenticateApiToken, authenticateAppPassword, authenticateSession, signup } from './auth.service.js';
export type { RequestMeta } from './auth.service.js';
export { forbidden } from './forbidden.js';
export { SIGNUP_CLOSED_MESSAGE } from './install-claim.js';
export {
  closePortalForDeletion,
  countPortals,
  createPortal,
  installIsEmpty,
  listPortalDirectory,
  listPortals,
  passwordMatches,
  portalDirectoryEntry,
  portalsByIds,
  removePortalRecord,
} from './portals.service.js';
export type { PortalDirectoryEntry } from './portals.service.js';
export { burnPasswordCheck, hashPassword, hashSecret, newSecret, normalizeEmail, verifyPassword } from './secrets.js';
export { assertNotThrottled, beforeSignIn, clearFailures, recordFailure, signInFailed, signInSucceeded } from './throttle.js';
export { API_TOKEN_PREFIX } from './tokens.service.js';
export { deactivateUsersForPlan, getUser, getUsers, reactivateUsersForPlan, setPortalWriteGate, setSeatPolicy } from './users.service.js';
export type { PortalWriteGate } from './users.service.js';
