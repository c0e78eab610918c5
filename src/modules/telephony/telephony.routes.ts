import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../kernel/context.js';
import { portalContext } from '../../kernel/http.js';
import { idempotencyOf, idempotent } from '../billing/index.js';
import * as s from './telephony.schema.js';
import * as svc from './telephony.service.js';

const tags = ['telephony'];
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export async function telephonyRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/telephony/balance', {
    config: { auth: 'admin' },
    schema: {
      operationId: 'getTelephonyBalance',
      tags,
      summary: 'The prepaid telephony credit balance (the sum of the ledger)',
      response: { 200: s.balanceOut },
    },
    handler: async (req) => svc.getBalance(portalContext(req, deps)),
  });

  r.get('/api/telephony/ledger', {
    config: { auth: 'admin' },
    schema: {
      operationId: 'listTelephonyLedger',
      tags,
      summary: 'Credit bought and spent, newest first',
      querystring: s.pageQuery,
      response: { 200: page(s.ledgerEntryOut) },
    },
    handler: async (req) => svc.listLedger(portalContext(req, deps), req.query),
  });

  r.post('/api/telephony/calls', {
    config: {
      auth: 'user',
      errors: ['INVALID_REFERENCE', 'CARD_DECLINED', 'INSUFFICIENT_CREDIT', 'PAYMENT_METHOD_REQUIRED', 'PLAN_FEATURE_REQUIRED', 'IDEMPOTENCY_KEY_REUSED'],
    },
    schema: {
      operationId: 'logCall',
      tags,
      summary:
        'Log a call (PBX integrations): charged per started minute from the balance; 402 INSUFFICIENT_CREDIT when it does not cover it. Honours Idempotency-Key.',
      body: s.callBody,
      response: { 201: s.callOut },
    },
    handler: async (req, reply) => {
      const ctx = portalContext(req, deps);
      const out = await idempotent(ctx, idempotencyOf(req), async (tx) => ({ status: 201, body: await svc.recordCall(tx, req.body) }));
      return reply.status(out.status as 201).send(out.body);
    },
  });

  r.get('/api/telephony/calls', {
    config: { auth: 'user' },
    schema: {
      operationId: 'listCalls',
      tags,
      summary: 'Calls, newest first; ?contactId= for one CRM contact',
      querystring: s.callsQuery,
      response: { 200: page(s.callOut) },
    },
    handler: async (req) => svc.listCalls(portalContext(req, deps), req.query),
  });

  r.get('/api/telephony/settings', {
    config: { auth: 'admin' },
    schema: { operationId: 'getTelephonySettings', tags, summary: 'Auto top-up and the rates', response: { 200: s.settingsOut } },
    handler: async (req) => svc.getSettings(portalContext(req, deps)),
  });

  r.patch('/api/telephony/settings', {
    config: { auth: 'admin' },
    schema: {
      operationId: 'updateTelephonySettings',
      tags,
      summary: 'Turn auto top-up on or off (off by default)',
      body: s.settingsBody,
      response: { 200: s.settingsOut },
    },
    handler: async (req) => svc.updateSettings(portalContext(req, deps), req.body),
  });
}
