import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { requestMeta } from '../../kernel/http.js';
import { pageQuery } from '../../kernel/pagination.js';
import { fileResponse, noContent } from '../../kernel/openapi.js';
import * as actions from './actions.service.js';
import * as auth from './operator-auth.service.js';
import { listOperatorAudit } from './operator-audit.service.js';
import * as console_ from './console.service.js';
import * as archive from './invoice-archive.service.js';
import { installInstanceGates, instanceInfo, reconcileBillingMode } from './instance.js';
import * as s from './operators.schema.js';

const tags = ['operator console'];
const security = [{ operatorCookieAuth: [] }];

function operatorRequest(req: FastifyRequest): actions.OperatorRequest {
  if (!req.operator) throw new AppError('UNAUTHENTICATED', 'Log in as an operator to continue');
  return { auth: req.operator, ...requestMeta(req) };
}

const meta = (req: FastifyRequest) => {
  const r = operatorRequest(req);
  return { operator: { id: r.auth.operator.id, email: r.auth.operator.email }, ip: r.ip, userAgent: r.userAgent };
};

function setOperatorCookie(reply: FastifyReply, deps: AppDeps, token: string | null): void {
  const options = { path: auth.OPERATOR_COOKIE_PATH, httpOnly: true, sameSite: 'strict' as const, secure: deps.config.BASE_URL.startsWith('https://') };
  if (token) reply.setCookie(auth.OPERATOR_COOKIE, token, { ...options, maxAge: auth.OPERATOR_SESSION_TTL_MS / 1000 });
  else reply.clearCookie(auth.OPERATOR_COOKIE, options);
}

export async function operatorsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // Hosted or self-hosted, open or closed sign-up (LIF-6): checked once here, for every route.
  await reconcileBillingMode(deps);
  installInstanceGates(app, deps);
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/instance', {
    config: { auth: 'public' },
    schema: {
      operationId: 'getInstance',
      tags: ['instance'],
      summary: 'How this server runs: billing on (hosted) or off (self-hosted), and whether sign-up is open',
      response: { 200: s.instanceOut },
    },
    handler: async () => instanceInfo(deps),
  });

  // --- Operator accounts --------------------------------------------------------------------------------
  r.post('/api/operator/auth/login', {
    config: { auth: 'public', errors: ['INVALID_CREDENTIALS', 'RATE_LIMITED'] },
    schema: {
      operationId: 'operatorLogin',
      tags,
      summary: 'Log in to the operator console (operator accounts only; sets its own session cookie)',
      body: s.loginBody,
      response: { 200: s.operatorOut },
    },
    handler: async (req, reply) => {
      const res = await auth.loginOperator(deps, req.body, requestMeta(req));
      setOperatorCookie(reply, deps, res.sessionToken);
      return res.operator;
    },
  });

  r.post('/api/operator/auth/set-password', {
    config: { auth: 'public', errors: ['TOKEN_INVALID'] },
    schema: {
      operationId: 'setOperatorPassword',
      tags,
      summary: 'Set an operator password with the one-time link printed by `skit operator create`',
      body: s.setPasswordBody,
      response: { 204: noContent },
    },
    handler: async (req, reply) => {
      await auth.setPasswordWithLink(deps, req.body, requestMeta(req));
      return reply.status(204).send();
    },
  });

  r.post('/api/operator/auth/logout', {
    config: { auth: 'operator' },
    schema: { operationId: 'operatorLogout', tags, security, summary: 'End this operator session', response: { 204: noContent } },
    handler: async (req, reply) => {
      await auth.logoutOperator(deps, operatorRequest(req).auth, meta(req));
      setOperatorCookie(reply, deps, null);
      return reply.status(204).send();
    },
  });

  r.get('/api/operator/me', {
    config: { auth: 'operator' },
    schema: { operationId: 'getOperatorMe', tags, security, summary: 'The signed-in operator', response: { 200: s.operatorOut } },
    handler: async (req) => auth.toOperatorOut(operatorRequest(req).auth.operator),
  });

  r.post('/api/operator/me/password', {
    config: { auth: 'operator', errors: ['INVALID_CREDENTIALS'] },
    schema: {
      operationId: 'changeOperatorPassword',
      tags,
      security,
      summary: 'Change your operator password (ends your other sessions)',
      body: s.changePasswordBody,
      response: { 204: noContent },
    },
    handler: async (req, reply) => {
      await auth.changeOperatorPassword(deps, operatorRequest(req).auth, req.body, meta(req));
      return reply.status(204).send();
    },
  });

  // --- The business ----------------------------------------------------------------------------------------
  r.get('/api/operator/overview', {
    config: { auth: 'operator' },
    schema: {
      operationId: 'getOperatorOverview',
      tags,
      security,
      summary: 'Totals: portals per plan, monthly recurring revenue, new, cancelled and paused this month, failed payments',
      response: { 200: s.overviewOut },
    },
    handler: async () => console_.consoleOverview(deps),
  });

  r.get('/api/operator/portals', {
    config: { auth: 'operator' },
    schema: {
      operationId: 'listOperatorPortals',
      tags,
      security,
      summary: 'Portals, newest first, with plan, seats, storage, status, created and last activity (?q= searches address and name)',
      querystring: s.portalsQuery,
      response: { 200: s.pages.portals },
    },
    handler: async (req) => console_.listConsolePortals(deps, req.query),
  });

  r.get('/api/operator/portals/:id', {
    config: { auth: 'operator' },
    schema: {
      operationId: 'getOperatorPortal',
      tags,
      security,
      summary: 'One portal: counts, billing, exports and operator actions (never its records)',
      params: s.portalParams,
      response: { 200: s.portalDetailOut },
    },
    handler: async (req) => console_.consolePortalDetail(deps, req.params.id),
  });

  r.get('/api/operator/cancellations', {
    config: { auth: 'operator' },
    schema: {
      operationId: 'listOperatorCancellations',
      tags,
      security,
      summary: 'Cancellations and downgrades with their reasons, and retention offers taken, newest first',
      querystring: pageQuery,
      response: { 200: s.pages.cancellations },
    },
    handler: async (req) => console_.consoleCancellations(deps, req.query),
  });

  r.get('/api/operator/failed-payments', {
    config: { auth: 'operator' },
    schema: {
      operationId: 'listOperatorFailedPayments',
      tags,
      security,
      summary: 'Renewal charges that failed, newest first, with where each portal stands now',
      querystring: pageQuery,
      response: { 200: s.pages.failedPayments },
    },
    handler: async (req) => console_.consoleFailedPayments(deps, req.query),
  });

  r.get('/api/operator/audit', {
    config: { auth: 'operator' },
    schema: {
      operationId: 'listOperatorAudit',
      tags,
      security,
      summary: "The operators' audit log, newest first (?portalId=, ?action=)",
      querystring: s.auditQuery,
      response: { 200: s.pages.audit },
    },
    handler: async (req) => listOperatorAudit(deps, req.query),
  });

  // --- Actions on a portal ---------------------------------------------------------------------------------
  r.post('/api/operator/portals/:id/trial-extension', {
    config: { auth: 'operator', errors: ['BILLING_DISABLED', 'CONFLICT'] },
    schema: {
      operationId: 'extendPortalTrial',
      tags,
      security,
      summary: 'Extend the trial (or a granted plan) until a later date',
      params: s.portalParams,
      body: s.trialBody,
      response: { 200: s.subscriptionAfterOut },
    },
    handler: async (req) => actions.extendTrialAction(deps, operatorRequest(req), req.params.id, req.body),
  });

  r.post('/api/operator/portals/:id/comp', {
    config: { auth: 'operator', errors: ['BILLING_DISABLED', 'CONFLICT'] },
    schema: {
      operationId: 'grantPortalPlan',
      tags,
      security,
      summary:
        "Grant a paid plan for free until a date; then what was due happens (a paying portal's plan goes on, a Free portal goes back to Free unless an admin keeps the plan)",
      params: s.portalParams,
      body: s.grantBody,
      response: { 200: s.subscriptionAfterOut },
    },
    handler: async (req) => actions.grantPlanAction(deps, operatorRequest(req), req.params.id, req.body),
  });

  r.post('/api/operator/portals/:id/exports', {
    config: { auth: 'operator' },
    schema: {
      operationId: 'startPortalExport',
      tags,
      security,
      summary: "Start an export of everything in the portal (the only way to its data); shown with your reason in the portal's audit log",
      params: s.portalParams,
      body: s.exportBody,
      response: { 201: s.operatorExportOut },
    },
    handler: async (req, reply) => reply.status(201).send(await actions.startExportAction(deps, operatorRequest(req), req.params.id, req.body)),
  });

  r.get('/api/operator/portals/:id/exports/:exportId', {
    config: { auth: 'operator' },
    schema: {
      operationId: 'getPortalExport',
      tags,
      security,
      summary: 'An export started for the portal: status and progress',
      params: s.exportParams,
      response: { 200: s.operatorExportOut },
    },
    handler: async (req) => actions.consoleExport(deps, operatorRequest(req), req.params.id, req.params.exportId),
  });

  r.get('/api/operator/portals/:id/exports/:exportId/download', {
    config: { auth: 'operator', errors: ['EXPORT_NOT_READY', 'EXPORT_EXPIRED'] },
    schema: {
      operationId: 'downloadPortalExport',
      tags,
      security,
      summary: "Download a finished export, also one the portal's admins started; ?reason= is required and shown with your name in the portal's audit log",
      params: s.exportParams,
      querystring: s.exportDownloadQuery,
      response: { 200: fileResponse('application/zip', 'The ZIP archive') },
    },
    handler: async (req, reply) => {
      const file = await actions.downloadExportAction(deps, operatorRequest(req), req.params.id, req.params.exportId, req.query);
      reply.header('content-type', 'application/zip');
      reply.header('content-length', String(file.bytes));
      reply.header('content-disposition', `attachment; filename="${file.filename}"`);
      reply.header('cache-control', 'private, no-store');
      return reply.send(file.stream);
    },
  });

  // --- The invoice archive of erased portals (ADR 0025) -----------------------------------------------
  r.get('/api/operator/invoice-archive', {
    config: { auth: 'operator' },
    schema: {
      operationId: 'listArchivedInvoices',
      tags,
      security,
      summary: 'Invoices of erased portals, kept for the legal period (INVOICE_RETENTION_YEARS); each access is in the operator audit',
      querystring: s.archiveQuery,
      response: { 200: s.archivedInvoicesPage },
    },
    handler: async (req) => archive.listArchiveAction(deps, operatorRequest(req), req.query),
  });

  r.get('/api/operator/invoice-archive/:id/document', {
    config: { auth: 'operator' },
    schema: {
      operationId: 'downloadArchivedInvoice',
      tags,
      security,
      summary: 'An archived invoice as it was issued (HTML, shown inline); recorded in the operator audit',
      params: s.archivedInvoiceParams,
      response: { 200: fileResponse('text/html', 'The invoice, as issued', z.string()) },
    },
    handler: async (req, reply) => {
      const file = await archive.downloadArchivedInvoiceAction(deps, operatorRequest(req), req.params.id);
      // Inline: the console opens it in a tab to read or print; the filename still names a saved copy.
      reply.header('content-disposition', `inline; filename="${file.filename}"`);
      reply.header('cache-control', 'private, no-store');
      return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(file.html);
    },
  });

  r.post('/api/operator/portals/:id/delete', {
    config: { auth: 'operator' },
    schema: {
      operationId: 'deletePortalAsOperator',
      tags,
      security,
      summary: "Delete the portal for good (the same erasure as the owner's): confirm with its address; the receipt goes to its owner",
      params: s.portalParams,
      body: s.deleteBody,
      response: { 202: s.deleteOut },
    },
    handler: async (req, reply) => reply.status(202).send(await actions.deletePortalAction(deps, operatorRequest(req), req.params.id, req.body)),
  });
}
