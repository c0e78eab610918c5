import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest, FastifySchema, HTTPMethods } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AppDeps, PortalContext } from '../../kernel/context.js';
import { portalContext, type Policy } from '../../kernel/http.js';
import type { ErrorCode } from '../../kernel/errors.js';
import { noContent } from '../../kernel/openapi.js';
import * as s from './crm.schema.js';
import * as activities from './activities.service.js';
import * as companies from './companies.service.js';
import * as contacts from './contacts.service.js';
import * as deals from './deals.service.js';
import * as leads from './leads.service.js';
import * as pipelines from './pipelines.service.js';

const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();
type Id = z.infer<typeof s.idParams>;

/** One CRM resource: its schemas and use cases, served as POST, GET list, GET/PATCH/DELETE by id. */
interface Resource<C extends z.ZodType, U extends z.ZodType, Q extends z.ZodType, O extends z.ZodType> {
  path: string;
  tag: string;
  /** "company", "contact"…: used in the summaries. */
  noun: string;
  plural: string;
  /** The nouns of its operationIds: createContact, listContacts, getContact, updateContact, deleteContact. */
  operationNouns: [one: string, many: string];
  /** The error codes of each use case, besides the ones every route of its kind can get (see routeErrorCodes). */
  errors?: Partial<Record<'create' | 'update' | 'remove', readonly ErrorCode[]>>;
  schemas: { create: C; update: U; list: Q; out: O; page: z.ZodType };
  create(ctx: PortalContext, input: z.infer<C>): Promise<z.infer<O>>;
  list(ctx: PortalContext, query: z.infer<Q>): Promise<{ items: z.infer<O>[]; nextCursor: string | null }>;
  get(ctx: PortalContext, id: string): Promise<z.infer<O>>;
  update(ctx: PortalContext, id: string, input: z.infer<U>): Promise<z.infer<O>>;
  remove(ctx: PortalContext, id: string): Promise<void>;
  /** Who may create and change one (default: any user). */
  writePolicy?: Policy;
  deletePolicy?: Policy;
  deleteNote?: string;
}

// Registered through route() without the zod type provider's inference, which generic schemas defeat;
// the same zod validation and serialisation run (they are installed app-wide), and the Resource
// type checks each resource's schemas against its service instead.
function serve<C extends z.ZodType, U extends z.ZodType, Q extends z.ZodType, O extends z.ZodType>(
  app: FastifyInstance,
  deps: AppDeps,
  res: Resource<C, U, Q, O>,
) {
  const { path, tag, noun, plural, schemas } = res;
  const [one, many] = res.operationNouns;
  const ctx = (req: FastifyRequest) => portalContext(req, deps);
  const id = (req: FastifyRequest) => (req.params as Id).id;
  const route = (
    method: HTTPMethods,
    url: string,
    config: FastifyContextConfig,
    schema: FastifySchema,
    handler: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
  ) => app.route({ method, url, config, schema: { tags: [tag], ...schema }, handler });

  route(
    'POST',
    path,
    { auth: res.writePolicy ?? 'user', errors: res.errors?.create },
    { operationId: `create${one}`, summary: `Create a ${noun}`, body: schemas.create, response: { 201: schemas.out } },
    async (req, reply) => reply.status(201).send(await res.create(ctx(req), req.body as z.infer<C>)),
  );
  route(
    'GET',
    path,
    { auth: 'user' },
    {
      operationId: `list${many}`,
      summary: `List ${plural} (search with q, sort, filter, keyset pages)`,
      querystring: schemas.list,
      response: { 200: schemas.page },
    },
    (req) => res.list(ctx(req), req.query as z.infer<Q>),
  );
  route(
    'GET',
    `${path}/:id`,
    { auth: 'user' },
    { operationId: `get${one}`, summary: `One ${noun}`, params: s.idParams, response: { 200: schemas.out } },
    (req) => res.get(ctx(req), id(req)),
  );
  route(
    'PATCH',
    `${path}/:id`,
    { auth: res.writePolicy ?? 'user', errors: res.errors?.update },
    {
      operationId: `update${one}`,
      summary: `Change a ${noun} (only the fields sent)`,
      params: s.idParams,
      body: schemas.update,
      response: { 200: schemas.out },
    },
    (req) => res.update(ctx(req), id(req), req.body as z.infer<U>),
  );
  const deleteSummary = `Delete a ${noun}${res.deleteNote ? ` (${res.deleteNote})` : ''}`;
  route(
    'DELETE',
    `${path}/:id`,
    { auth: res.deletePolicy ?? 'user', errors: res.errors?.remove },
    { operationId: `delete${one}`, summary: deleteSummary, params: s.idParams, response: { 204: noContent } },
    async (req, reply) => {
      await res.remove(ctx(req), id(req));
      return reply.status(204).send();
    },
  );
}

export async function crmRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = typed(app);
  const ctx = (req: FastifyRequest) => portalContext(req, deps);

  serve(app, deps, {
    path: '/api/crm/companies',
    tag: 'crm',
    noun: 'company',
    plural: 'companies',
    operationNouns: ['Company', 'Companies'],
    errors: { create: ['INVALID_REFERENCE'], update: ['INVALID_REFERENCE'] },
    schemas: { create: s.companyCreate, update: s.companyUpdate, list: s.companyList, out: s.companyOut, page: s.companyPage },
    create: companies.createCompany,
    list: companies.listCompanies,
    get: companies.getCompany,
    update: companies.updateCompany,
    remove: companies.deleteCompany,
    deleteNote: 'its contacts and deals stay, without the company',
  });

  serve(app, deps, {
    path: '/api/crm/contacts',
    tag: 'crm',
    noun: 'contact',
    plural: 'contacts',
    operationNouns: ['Contact', 'Contacts'],
    errors: { create: ['INVALID_REFERENCE'], update: ['INVALID_REFERENCE'] },
    schemas: { create: s.contactCreate, update: s.contactUpdate, list: s.contactList, out: s.contactOut, page: s.contactPage },
    create: contacts.createContact,
    list: contacts.listContacts,
    get: contacts.getContact,
    update: contacts.updateContact,
    remove: contacts.deleteContact,
    deleteNote: 'its deals stay, without the contact',
  });

  serve(app, deps, {
    path: '/api/crm/leads',
    tag: 'crm',
    noun: 'lead',
    plural: 'leads',
    operationNouns: ['Lead', 'Leads'],
    errors: { create: ['INVALID_REFERENCE'], update: ['INVALID_REFERENCE', 'LEAD_ALREADY_CONVERTED'] },
    schemas: { create: s.leadCreate, update: s.leadUpdate, list: s.leadList, out: s.leadOut, page: s.leadPage },
    create: leads.createLead,
    list: leads.listLeads,
    get: leads.getLead,
    update: leads.updateLead,
    remove: leads.deleteLead,
  });
  r.post('/api/crm/leads/:id/convert', {
    config: { auth: 'user', errors: ['INVALID_REFERENCE', 'STAGE_NOT_IN_PIPELINE', 'LEAD_ALREADY_CONVERTED', 'CONFLICT'] },
    schema: {
      operationId: 'convertLead',
      tags: ['crm'],
      summary: 'Convert a lead into a contact, its company and optionally a deal (once)',
      params: s.idParams,
      body: s.leadConvert,
      response: { 200: s.leadConversionOut },
    },
    handler: async (req) => leads.convertLead(ctx(req), req.params.id, req.body),
  });

  serve(app, deps, {
    path: '/api/crm/deals',
    tag: 'crm',
    noun: 'deal',
    plural: 'deals',
    operationNouns: ['Deal', 'Deals'],
    errors: { create: ['INVALID_REFERENCE', 'STAGE_NOT_IN_PIPELINE', 'CONFLICT'], update: ['INVALID_REFERENCE', 'STAGE_NOT_IN_PIPELINE', 'CONFLICT'] },
    schemas: { create: s.dealCreate, update: s.dealUpdate, list: s.dealList, out: s.dealOut, page: s.dealPage },
    create: deals.createDeal,
    list: deals.listDeals,
    get: deals.getDeal,
    update: deals.updateDeal,
    remove: deals.deleteDeal,
  });
  r.get('/api/crm/deals/:id/stage-changes', {
    config: { auth: 'user' },
    schema: {
      operationId: 'listDealStageChanges',
      tags: ['crm'],
      summary: "A deal's moves between stages, newest first",
      params: s.idParams,
      querystring: s.stageChangeList,
      response: { 200: s.stageChangePage },
    },
    handler: async (req) => deals.listStageChanges(ctx(req), req.params.id, req.query),
  });

  serve(app, deps, {
    path: '/api/crm/pipelines',
    tag: 'crm',
    noun: 'pipeline',
    plural: 'pipelines (the default one is created on first use)',
    operationNouns: ['Pipeline', 'Pipelines'],
    errors: { create: ['INVALID_REFERENCE'], update: ['INVALID_REFERENCE', 'STAGE_HAS_DEALS'], remove: ['PIPELINE_HAS_DEALS', 'PIPELINE_IS_DEFAULT'] },
    schemas: { create: s.pipelineCreate, update: s.pipelineUpdate, list: s.pipelineList, out: s.pipelineOut, page: s.pipelinePage },
    create: pipelines.createPipeline,
    list: pipelines.listPipelines,
    get: pipelines.getPipeline,
    update: pipelines.updatePipeline,
    remove: pipelines.deletePipeline,
    // Pipelines are the portal's settings (CRM settings page): every user reads them, admins change them.
    writePolicy: 'admin',
    deletePolicy: 'admin',
    deleteNote: 'not the default one, nor one with deals',
  });
  r.get('/api/crm/pipelines/:id/board', {
    config: { auth: 'user' },
    schema: {
      operationId: 'getPipelineBoard',
      tags: ['crm'],
      summary: "The board's columns: each stage with its deal count and totals per currency",
      params: s.idParams,
      response: { 200: s.boardOut },
    },
    handler: async (req) => pipelines.getBoard(ctx(req), req.params.id),
  });

  serve(app, deps, {
    path: '/api/crm/activities',
    tag: 'crm',
    noun: 'activity',
    plural: 'activities (a record timeline: recordType + recordId, newest first)',
    operationNouns: ['Activity', 'Activities'],
    errors: { create: ['INVALID_REFERENCE'] },
    schemas: { create: s.activityCreate, update: s.activityUpdate, list: s.activityList, out: s.activityOut, page: s.activityPage },
    create: activities.createActivity,
    list: activities.listActivities,
    get: activities.getActivity,
    update: activities.updateActivity,
    remove: activities.deleteActivity,
  });
}
