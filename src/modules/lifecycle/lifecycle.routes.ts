import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/context.js';
import { clearSessionCookie, portalContext } from '../../kernel/http.js';
import { idempotencyHeaders, idempotencyOf, idempotent, lockedSubscription, toSubscriptionOut } from '../billing/index.js';
import { confirmCancellation, previewDowngrade, resumePlan } from './cancel.service.js';
import { deletionPreview, requestPortalDeletion } from './deletion.service.js';
import * as s from './lifecycle.schema.js';
import { pausedWriteGuard, pausePortal } from './pause.service.js';
import { lifecycleState } from './state.service.js';

const tags = ['lifecycle'];
const idem = ' Honours Idempotency-Key: a replay returns the first response and changes nothing.';

export async function lifecycleRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // Period-end downgrades and their undo ride on billing's plan changes (LIF-2/3).
  // A paused portal is read-only (LIF-4).
  app.addHook('preHandler', pausedWriteGuard(deps));
  const r = app.withTypeProvider<ZodTypeProvider>();
  const auth = 'admin' as const;

  r.get('/api/billing/downgrade-impact', {
    config: { auth, errors: ['PAYMENT_REQUIRED', 'CONFLICT'] },
    schema: {
      operationId: 'getDowngradeImpact',
      tags,
      summary: 'Exactly what moving to a lower plan at the period end changes: features, users over the seat limit, files over the quota, add-ons, refund',
      querystring: s.impactQuery,
      response: { 200: s.impactOut },
    },
    handler: async (req) => previewDowngrade(portalContext(req, deps), req.query),
  });

  r.get('/api/billing/lifecycle', {
    config: { auth },
    schema: {
      operationId: 'getBillingLifecycle',
      tags,
      summary: 'The scheduled cancellation, the pause, the retention offer and the last downgrade applied',
      response: { 200: s.lifecycleOut },
    },
    handler: async (req) => lifecycleState(portalContext(req, deps)),
  });

  r.post('/api/billing/subscription/cancel', {
    config: { auth, errors: ['PAYMENT_REQUIRED', 'CONFLICT', 'IDEMPOTENCY_KEY_REUSED'] },
    schema: {
      operationId: 'cancelSubscription',
      tags,
      summary: `Cancel the paid plan or downgrade at the period end; the plan stays until then and a confirmation with the reference is mailed.${idem}`,
      headers: idempotencyHeaders,
      body: s.cancelBody,
      response: { 200: s.cancelOut },
    },
    handler: async (req, reply) => {
      const out = await idempotent(portalContext(req, deps), idempotencyOf(req), async (tx) => {
        const done = await confirmCancellation(tx, req.body);
        return { status: 200, body: { ...done, subscription: toSubscriptionOut(tx.catalog, await lockedSubscription(tx)) } };
      });
      return reply.status(out.status as 200).send(out.body);
    },
  });

  r.post('/api/billing/subscription/resume', {
    config: { auth, errors: ['PAYMENT_REQUIRED', 'IDEMPOTENCY_KEY_REUSED'] },
    schema: {
      operationId: 'resumeSubscription',
      tags,
      summary: `Change your mind: withdraw a scheduled cancel or downgrade (until the period end), or end a pause early.${idem}`,
      headers: idempotencyHeaders,
      response: { 200: s.resumeOut },
    },
    handler: async (req, reply) => {
      const out = await idempotent(portalContext(req, deps), idempotencyOf(req), async (tx) => {
        const { resumed } = await resumePlan(tx);
        return { status: 200, body: { resumed, subscription: toSubscriptionOut(tx.catalog, await lockedSubscription(tx)) } };
      });
      return reply.status(out.status as 200).send(out.body);
    },
  });

  r.post('/api/billing/subscription/pause', {
    config: { auth, errors: ['PAYMENT_REQUIRED', 'CONFLICT', 'IDEMPOTENCY_KEY_REUSED'] },
    schema: {
      operationId: 'pauseSubscription',
      tags,
      summary: `Pause instead of cancel: 1–3 months, no invoices, data read-only, resumes by itself (mail a week before).${idem}`,
      headers: idempotencyHeaders,
      body: s.pauseBody,
      response: { 200: s.pauseResultOut },
    },
    handler: async (req, reply) => {
      const out = await idempotent(portalContext(req, deps), idempotencyOf(req), async (tx) => {
        const pause = await pausePortal(tx, req.body);
        return { status: 200, body: { pause, subscription: toSubscriptionOut(tx.catalog, await lockedSubscription(tx)) } };
      });
      return reply.status(out.status as 200).send(out.body);
    },
  });

  r.get('/api/portal/deletion-preview', {
    config: { auth: 'owner' },
    schema: {
      operationId: 'getPortalDeletionPreview',
      tags,
      summary: 'What deleting the portal erases (owner only); export everything first',
      response: { 200: s.deletionPreviewOut },
    },
    handler: async (req) => deletionPreview(portalContext(req, deps)),
  });

  r.post('/api/portal/delete', {
    config: { auth: 'owner', errors: ['INVALID_CREDENTIALS', 'RATE_LIMITED'] },
    schema: {
      operationId: 'deletePortal',
      tags,
      summary:
        'Delete the portal for good (owner only): confirm with your password and the portal address; every session ends at once, everything is erased, a receipt is mailed',
      body: s.deleteBody,
      response: { 202: s.deleteOut },
    },
    handler: async (req, reply) => {
      const out = await requestPortalDeletion(portalContext(req, deps), req.body);
      clearSessionCookie(reply, deps);
      return reply.status(202).send(out);
    },
  });
}
