import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/context.js';
import { portalContext } from '../../kernel/http.js';
import { noContent } from '../../kernel/openapi.js';
import * as s from './automations.schema.js';
import { exportAutomationsDocument, importAutomationsDocument } from './automations.portable.js';
import { MAX_CHAIN_DEPTH } from './engine.js';
import { FIELDS, GLOBAL_TEMPLATE_FIELDS, OPS_BY_KIND } from './fields.js';
import * as rules from './rules.service.js';
import { listRuns } from './runs.service.js';
import { getWebhookSecret, rotateWebhookSecret } from './settings.service.js';

const tags = ['automations'];
// Rules act for the whole portal (edit any record, send mail, call webhooks): admins manage them.
const auth = 'admin' as const;

export async function automationsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (req: Parameters<typeof portalContext>[0]) => portalContext(req, deps);

  r.get('/api/automations', {
    config: { auth },
    schema: {
      operationId: 'listAutomations',
      tags,
      summary: 'Automation rules by name, with whether each runs now (enabled and allowed by the plan)',
      querystring: s.ruleList,
      response: { 200: s.rulePage },
    },
    handler: async (req) => rules.listRules(ctx(req), req.query),
  });

  r.post('/api/automations', {
    config: { auth, errors: ['INVALID_REFERENCE', 'PLAN_FEATURE_REQUIRED'] },
    schema: {
      operationId: 'createAutomation',
      tags,
      summary: 'Create a rule: trigger, conditions on the triggering record, actions (needs the automations feature of the plan: 402 PLAN_FEATURE_REQUIRED)',
      body: s.ruleCreate,
      response: { 201: s.ruleOut },
    },
    handler: async (req, reply) => reply.status(201).send(await rules.createRule(ctx(req), req.body)),
  });

  r.get('/api/automations/catalog', {
    config: { auth },
    schema: {
      operationId: 'getAutomationCatalog',
      tags,
      summary: 'What rules can use: triggers, actions, the fields of each record kind and the operators per field kind',
      response: { 200: s.catalogOut },
    },
    handler: async () => ({
      triggers: [...s.TRIGGER_TYPES],
      actions: [...s.ACTION_TYPES],
      ops: Object.fromEntries(Object.entries(OPS_BY_KIND).map(([k, v]) => [k, [...v]])),
      entities: Object.fromEntries(
        Object.entries(FIELDS).map(([k, v]) => [
          k,
          v.map((f) => ({ ...f, values: f.values ? [...f.values] : undefined, from: f.from ? [...f.from] : undefined })),
        ]),
      ),
      templateGlobals: [...GLOBAL_TEMPLATE_FIELDS],
      maxChainDepth: MAX_CHAIN_DEPTH,
    }),
  });

  r.get('/api/automations/export', {
    config: { auth },
    schema: {
      operationId: 'exportAutomations',
      tags,
      summary: 'Every rule as one JSON document, with the names of the pipelines, stages and users they use (on every plan)',
      response: { 200: s.exportDocument },
    },
    handler: async (req, reply) => {
      const c = ctx(req);
      reply.header('content-disposition', `attachment; filename="automations-${c.deps.clock.now(c.portalId).toISOString().slice(0, 10)}.json"`);
      return exportAutomationsDocument(c);
    },
  });

  r.post('/api/automations/import', {
    config: { auth, errors: ['PLAN_FEATURE_REQUIRED'] },
    schema: {
      operationId: 'importAutomations',
      tags,
      summary:
        'Recreate the rules of an exported document, finding pipelines, stages and users by name; reports what it could not find (those rules come in disabled)',
      body: s.importBody,
      response: { 201: s.importOut },
    },
    handler: async (req, reply) => {
      const c = ctx(req);
      await rules.requireAutomations(c);
      return reply.status(201).send(await importAutomationsDocument(c, req.body));
    },
  });

  r.get('/api/automations/webhook-secret', {
    config: { auth },
    schema: {
      operationId: 'getWebhookSecret',
      tags,
      summary: `The portal's webhook signing secret: each delivery carries X-SchedulingKit-Signature: sha256=HMAC-SHA256(secret, body)`,
      response: { 200: s.webhookSecretOut },
    },
    handler: async (req) => getWebhookSecret(ctx(req)),
  });

  r.post('/api/automations/webhook-secret/rotate', {
    config: { auth },
    schema: {
      operationId: 'rotateWebhookSecret',
      tags,
      summary: 'Replace the webhook signing secret (receivers must switch to the new one)',
      response: { 200: s.webhookSecretOut },
    },
    handler: async (req) => rotateWebhookSecret(ctx(req)),
  });

  r.get('/api/automations/:id', {
    config: { auth },
    schema: { operationId: 'getAutomation', tags, summary: 'One rule', params: s.idParams, response: { 200: s.ruleOut } },
    handler: async (req) => rules.getRule(ctx(req), req.params.id),
  });

  r.patch('/api/automations/:id', {
    config: { auth, errors: ['INVALID_REFERENCE', 'PLAN_FEATURE_REQUIRED'] },
    schema: {
      operationId: 'updateAutomation',
      tags,
      summary: 'Change a rule, or enable/disable it (only the fields sent; read-only without the automations feature: 402)',
      params: s.idParams,
      body: s.ruleUpdate,
      response: { 200: s.ruleOut },
    },
    handler: async (req) => rules.updateRule(ctx(req), req.params.id, req.body),
  });

  r.delete('/api/automations/:id', {
    config: { auth },
    schema: {
      operationId: 'deleteAutomation',
      tags,
      summary: 'Delete a rule and its run log (possible on every plan)',
      params: s.idParams,
      response: { 204: noContent },
    },
    handler: async (req, reply) => {
      await rules.deleteRule(ctx(req), req.params.id);
      return reply.status(204).send();
    },
  });

  r.get('/api/automations/:id/runs', {
    config: { auth },
    schema: {
      operationId: 'listAutomationRuns',
      tags,
      summary: "A rule's run log, newest first: each run's status, the event, and every action's outcome",
      params: s.idParams,
      querystring: s.runList,
      response: { 200: s.runPage },
    },
    handler: async (req) => listRuns(ctx(req), req.params.id, req.query),
  });
}
