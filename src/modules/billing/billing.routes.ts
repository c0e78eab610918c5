import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../kernel/context.js';
import { portalContext } from '../../kernel/http.js';
import { addStorage, buyPrepaidCredits, removeStorage } from './addons.service.js';
import { fileResponse } from '../../kernel/openapi.js';
import * as s from './billing.schema.js';
import * as billing from './billing.service.js';
import { inBillingTx } from './billing.tx.js';
import { catalogOf } from './catalog.js';
import { idempotencyOf, idempotent } from './idempotency.js';
import * as invoices from './invoices.service.js';
import { savePaymentMethod } from './payment-method.service.js';
import { featureLabels } from './plans.js';
import * as subscriptions from './subscription.service.js';
import * as testClock from './testclock.service.js';

const tags = ['billing'];
const auth = 'admin' as const;
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
const idem = ' Honours Idempotency-Key: a replay returns the first response and charges nothing.';

export async function billingRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // A bad PLANS_FILE stops the server here, at boot, naming the file and the field.
  const catalog = catalogOf(deps);
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/plans', {
    config: { auth: 'public' },
    schema: { operationId: 'getPlanCatalog', tags, summary: 'The plan catalog: every price and limit (the pricing page)', response: { 200: s.catalogOut } },
    handler: async () => ({
      ...catalog,
      featureLabels,
      pricing: 'Prices are per portal (not per user), excluding taxes. Annual plans are paid up front.',
    }),
  });

  // --- Subscription ------------------------------------------------------------------------------
  r.get('/api/billing/subscription', {
    config: { auth },
    schema: {
      operationId: 'getSubscription',
      tags,
      summary: "The portal's plan, status and period (Free without a paid plan)",
      response: { 200: s.subscriptionOut },
    },
    handler: async (req) => billing.getSubscription(portalContext(req, deps)),
  });

  r.get('/api/billing/change-preview', {
    config: { auth, errors: ['PAYMENT_REQUIRED', 'CONFLICT'] },
    schema: {
      operationId: 'previewSubscriptionChange',
      tags,
      summary: 'What choosing a plan would charge, credit and refund, and when: shown before confirming',
      querystring: s.planChoiceBody,
      response: { 200: s.previewOut },
    },
    handler: async (req) => subscriptions.previewChange(portalContext(req, deps), req.query),
  });

  r.post('/api/billing/subscription', {
    config: { auth, errors: ['PAYMENT_REQUIRED', 'CARD_DECLINED', 'PAYMENT_METHOD_REQUIRED', 'CONFLICT', 'IDEMPOTENCY_KEY_REUSED'] },
    schema: {
      operationId: 'changeSubscription',
      tags,
      summary: `Start or change the paid plan: upgrades now with proration, downgrades and planId "free" at the period end; the current plan undoes a scheduled change.${idem}`,
      headers: s.idempotencyHeaders,
      body: s.planChoiceBody,
      response: { 200: s.subscriptionOut },
    },
    handler: async (req, reply) => {
      const out = await idempotent(portalContext(req, deps), idempotencyOf(req), async (tx) => ({
        status: 200,
        body: await subscriptions.changeSubscription(tx, req.body),
      }));
      return reply.status(out.status as 200).send(out.body);
    },
  });

  // --- Payment method ----------------------------------------------------------------------------
  r.get('/api/billing/payment-method', {
    config: { auth },
    schema: { operationId: 'getPaymentMethod', tags, summary: 'The card on file (brand, last 4 digits, expiry)', response: { 200: s.paymentMethodOut } },
    handler: async (req) => billing.getPaymentMethod(portalContext(req, deps)),
  });

  r.post('/api/billing/payment-method', {
    config: { auth, errors: ['CARD_DECLINED', 'IDEMPOTENCY_KEY_REUSED'] },
    schema: {
      operationId: 'savePaymentMethod',
      tags,
      summary: `Save a card (stored as the provider's token, never the number or CVC); 402 CARD_DECLINED changes nothing.${idem}`,
      headers: s.idempotencyHeaders,
      body: s.cardBody,
      response: { 200: s.paymentMethodOut },
    },
    handler: async (req, reply) => {
      const out = await idempotent(portalContext(req, deps), idempotencyOf(req), async (tx) => ({ status: 200, body: await savePaymentMethod(tx, req.body) }));
      return reply.status(out.status as 200).send(out.body);
    },
  });

  // --- Invoices ----------------------------------------------------------------------------------
  r.get('/api/billing/invoices', {
    config: { auth },
    schema: {
      operationId: 'listInvoices',
      tags,
      summary: 'Invoices and credit notes, newest first',
      querystring: s.eventsQuery.omit({ type: true }),
      response: { 200: page(s.invoiceOut) },
    },
    handler: async (req) => invoices.listInvoices(portalContext(req, deps), req.query),
  });

  r.get('/api/billing/upcoming-invoice', {
    config: { auth },
    schema: { operationId: 'getUpcomingInvoice', tags, summary: 'What the next renewal will charge, and when', response: { 200: s.upcomingOut } },
    handler: async (req) => invoices.upcomingInvoice(portalContext(req, deps)),
  });

  r.get('/api/billing/invoices/:id', {
    config: { auth },
    schema: { operationId: 'getInvoice', tags, summary: 'One invoice with its lines', params: s.idParams, response: { 200: s.invoiceOut } },
    handler: async (req) => invoices.getInvoice(portalContext(req, deps), req.params.id),
  });

  r.get('/api/billing/invoices/:id/html', {
    config: { auth },
    schema: {
      operationId: 'getInvoiceHtml',
      tags,
      summary: 'One invoice as a print-ready HTML document',
      params: s.idParams,
      response: { 200: fileResponse('text/html', 'The invoice, print-ready', z.string()) },
    },
    handler: async (req, reply) => {
      const html = await invoices.invoiceHtml(portalContext(req, deps), req.params.id);
      return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(html);
    },
  });

  // --- Add-ons -----------------------------------------------------------------------------------
  r.post('/api/billing/addons', {
    config: { auth, errors: ['PAYMENT_REQUIRED', 'CARD_DECLINED', 'PAYMENT_METHOD_REQUIRED', 'PLAN_FEATURE_REQUIRED', 'IDEMPOTENCY_KEY_REUSED'] },
    schema: {
      operationId: 'buyAddons',
      tags,
      summary: `Buy add-ons: extra storage units (recurring, charged now for the days left) or telephony credits (prepaid).${idem}`,
      headers: s.idempotencyHeaders,
      body: s.addonBody,
      response: { 201: s.addonOut },
    },
    handler: async (req, reply) => {
      const { kind, quantity } = req.body;
      const out = await idempotent(portalContext(req, deps), idempotencyOf(req), async (tx) => ({
        status: 201,
        body:
          kind === 'storage'
            ? { kind, quantity, subscription: await addStorage(tx, quantity) }
            : { kind, quantity, ...(await buyPrepaidCredits(tx, quantity)) },
      }));
      return reply.status(out.status as 201).send(out.body);
    },
  });

  r.delete('/api/billing/addons/storage', {
    config: { auth },
    schema: {
      operationId: 'removeStorageAddon',
      tags,
      summary: 'End the extra storage at the period end (no refund for the rest of the period)',
      response: { 200: s.subscriptionOut },
    },
    handler: async (req) => inBillingTx(portalContext(req, deps), removeStorage),
  });

  // --- Event log and test clock ---------------------------------------------------------------------
  r.get('/api/billing/events', {
    config: { auth },
    schema: {
      operationId: 'listBillingEvents',
      tags,
      summary: 'The append-only billing event log, newest first',
      querystring: s.eventsQuery,
      response: { 200: page(s.eventOut) },
    },
    handler: async (req) => billing.listBillingEvents(portalContext(req, deps), req.query),
  });

  r.get('/api/test-clock', {
    config: { auth },
    schema: {
      operationId: 'getTestClock',
      tags: ['test clock'],
      summary: "Whether the test clock is on (TEST_CLOCK=1), and the portal's time",
      response: { 200: s.clockOut },
    },
    handler: async (req) => testClock.testClockState(portalContext(req, deps)),
  });

  r.post('/api/test-clock/advance', {
    config: { auth, errors: ['NOT_FOUND'] },
    schema: {
      operationId: 'advanceTestClock',
      tags: ['test clock'],
      summary: "Move the portal's clock forward by days or to an instant, running every job that falls due on the way (404 unless TEST_CLOCK=1)",
      body: s.advanceBody,
      response: { 200: s.advanceOut },
    },
    handler: async (req) => testClock.advanceTestClock(portalContext(req, deps), req.body),
  });
}
