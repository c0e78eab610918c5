// The mail module's front door: what other modules, the server and the CLI may use.
// Anything not exported here is private to the module (checked by `npm run deps:check`).
export { mailRoutes } from './mail.routes.js';
export { AUTO_SUBMITTED, MAIL_SEND_JOB, queueMail, sendMailJob } from './mail.service.js';
export type { MailMessage } from './mail.service.js';
