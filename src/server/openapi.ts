import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import swagger, { type SwaggerTransform } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorCatalog, type ErrorCode } from '../kernel/errors.js';
import type { Policy } from '../kernel/http.js';
import '../kernel/openapi.js';
import { isOpenWhilePaused } from '../modules/lifecycle/index.js';
import { isBillingRoute } from '../modules/operators/index.js';
import { TOKEN_LIMITED_POLICIES } from './ratelimit.js';

const ERROR_SCHEMA = '#/components/schemas/Error';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const PORTAL_POLICIES = new Set<Policy>(['user', 'admin', 'owner']);
const codeOrder = Object.keys(errorCatalog) as ErrorCode[];

/**
 * Every error code a route can answer with: the ones the HTTP edge gives any
 * route of its kind (input validation, body parsing, the auth hook and its
 * policy, the instance and pause gates, path parameters naming a record) and
 * the ones its use cases declare in `config.errors`.
 */
export function routeErrorCodes(route: {
  method: string;
  url: string;
  schema?: FastifySchema;
  config?: { auth?: Policy; errors?: readonly ErrorCode[]; multipart?: unknown };
}): ErrorCode[] {
  const { method, url, schema, config = {} } = route;
  const codes = new Set<ErrorCode>(config.errors ?? []);
  const takesBody = !!schema?.body || !!config.multipart;
  if (takesBody || schema?.querystring || schema?.params || schema?.headers) codes.add('VALIDATION_FAILED');
  // A NUL in a path parameter, the query string, the body or a multipart field (see installInputChecks).
  if (takesBody || schema?.querystring || /\/:\w/.test(url)) codes.add('INVALID_CHARACTER');
  if (config.multipart) codes.add('MALFORMED_MULTIPART');
  // Fastify's body parsing: malformed or empty JSON, over the body limit, a Content-Type it does not read.
  if (takesBody) for (const c of ['BAD_REQUEST', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'] as const) codes.add(c);
  if (config.auth !== 'public') codes.add('UNAUTHENTICATED');
  if (config.auth === 'admin' || config.auth === 'owner' || config.auth === 'operator') codes.add('FORBIDDEN');
  // A write carrying a session cookie from another origin (see installAuth).
  if (!SAFE_METHODS.has(method)) codes.add('CROSS_ORIGIN_REQUEST');
  if (/\/:\w/.test(url)) codes.add('NOT_FOUND');
  // Self-hosted (BILLING=off): the billing routes answer 404 (see installInstanceGates).
  if (isBillingRoute(url)) codes.add('BILLING_DISABLED');
  // Requests with an API token over its limit (see installTokenRateLimit).
  if (config.auth && TOKEN_LIMITED_POLICIES.has(config.auth)) codes.add('RATE_LIMITED');
  // A paused portal is read-only (see pausedWriteGuard): its users' writes, and public writes into the portal a :portalSlug names (routes naming it by a secret declare it).
  if (!isOpenWhilePaused(method, url) && ((config.auth && PORTAL_POLICIES.has(config.auth)) || url.includes('/:portalSlug'))) codes.add('PORTAL_PAUSED');
  codes.add('INTERNAL');
  return codeOrder.filter((c) => codes.has(c));
}

function errorResponse(status: number, codes: ErrorCode[]) {
  return {
    description: `${STATUS_CODES[status] ?? 'Error'}: error.code is ${codes.length > 1 ? 'one of ' : ''}${codes.join(', ')}`,
    ...(codes.includes('RATE_LIMITED') ? { headers: { 'Retry-After': { type: 'integer', description: 'Seconds to wait before trying again' } } } : {}),
    content: {
      'application/json': {
        schema: {
          allOf: [{ $ref: ERROR_SCHEMA }, { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string', enum: codes } } } } }],
        },
      },
    },
  };
}

/** The one error body, `{ error: { code, message, details? } }`, and the catalogue of its codes. */
const errorComponents = {
  ErrorCode: {
    type: 'string',
    enum: codeOrder,
    description: 'Every error code of the API (src/kernel/errors.ts). Each operation lists the ones it can answer with.',
  },
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { $ref: '#/components/schemas/ErrorCode' },
          message: { type: 'string', description: 'For people: what went wrong and what to do' },
          details: {
            type: 'object',
            properties: {
              fields: {
                type: 'array',
                description: 'VALIDATION_FAILED: each field that is not valid',
                items: {
                  type: 'object',
                  required: ['path', 'message'],
                  properties: {
                    path: { type: 'string' },
                    message: { type: 'string' },
                    in: { type: 'string', enum: ['body', 'querystring', 'params', 'headers'] },
                  },
                },
              },
              admins: {
                type: 'array',
                description: 'FORBIDDEN: whom to ask',
                items: {
                  type: 'object',
                  required: ['name', 'email', 'role'],
                  properties: { name: { type: 'string' }, email: { type: 'string' }, role: { type: 'string', enum: ['owner', 'admin', 'member'] } },
                },
              },
            },
            additionalProperties: {},
            description:
              'More about the error, by code: VALIDATION_FAILED has `fields: [{ path, message, in? }]`; FORBIDDEN names the `admins` to ask; RATE_LIMITED has `retryAfterSeconds`; PORTAL_PAUSED has `resumeAt`; plan limits name the `planId`.',
          },
        },
      },
    },
  },
};

/** jsonSchemaTransform, then what the zod schemas do not say: multipart bodies, and the error responses. */
const transform: SwaggerTransform = (input) => {
  const out = jsonSchemaTransform(input as Parameters<typeof jsonSchemaTransform>[0]);
  const schema = out.schema as FastifySchema & { hide?: boolean; response?: Record<string, unknown> };
  if (schema.hide) return out;
  const route = input.route as RouteOptions;
  const config = route.config ?? {};
  const body = config.multipart ? multipartBody(config.multipart, schema.consumes) : undefined;
  const responses: Record<string, unknown> = { ...schema.response };
  const byStatus = new Map<number, ErrorCode[]>();
  const method = [route.method].flat()[0]!;
  for (const code of routeErrorCodes({ method, url: route.url, schema: route.schema, config })) {
    const status = errorCatalog[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) responses[String(status)] = errorResponse(status, codes);
  return { url: out.url, schema: { ...schema, ...(body ? { body } : {}), response: responses } };
};

/** The request body of an upload: multipart/form-data with the form's fields, plus any raw media type the route also reads. */
function multipartBody(form: z.ZodObject, consumes: readonly string[] | undefined) {
  const { $schema: _, ...formSchema } = z.toJSONSchema(form, { target: 'draft-2020-12', io: 'input' });
  const content: Record<string, { schema: unknown }> = { 'multipart/form-data': { schema: formSchema } };
  for (const type of consumes ?? [])
    if (type !== 'multipart/form-data') content[type] = { schema: { type: 'string', description: `The file itself, as a ${type} body` } };
  return { content };
}

/**
 * Each distinct error response once, in components.responses (named after its
 * codes, e.g. `NotFoundOrBillingDisabled`), referenced from the operations.
 */
function shareErrorResponses<D extends ReturnType<typeof jsonSchemaTransformObject>>(doc: D): D {
  type ErrorSchema = { allOf?: [unknown, { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } }] };
  type Responses = Record<string, { $ref?: string; content?: Record<string, { schema?: ErrorSchema }> }>;
  const { paths = {}, components = {} } = doc as { paths?: Record<string, Record<string, { responses?: Responses }>>; components?: { responses?: Responses } };
  const shared: Responses = {};
  for (const item of Object.values(paths)) {
    for (const op of Object.values(item)) {
      for (const [status, res] of Object.entries(op.responses ?? {})) {
        const codes: string[] | undefined = res.content?.['application/json']?.schema?.allOf?.[1]?.properties?.error?.properties?.code?.enum;
        if (Number(status) < 400 || !codes) continue;
        const name = codes.map((c) => c.toLowerCase().replace(/(?:^|_)([a-z0-9])/g, (_, ch: string) => ch.toUpperCase())).join('Or');
        shared[name] ??= res;
        op.responses![status] = { $ref: `#/components/responses/${name}` };
      }
    }
  }
  return { ...doc, components: { ...components, responses: { ...components.responses, ...shared } } };
}

/** The OpenAPI 3.1 document is generated from the same zod schemas that validate requests. */
export async function installOpenApi(app: FastifyInstance, baseUrl: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'SchedulingKit API',
        version: '1',
        description:
          'REST API of SchedulingKit. Authenticate with a personal API token (`Authorization: Bearer skit_…`, create one under Settings → API tokens) or the session cookie of the web app. Errors have the shape `{ "error": { "code", "message", "details"? } }`.',
      },
      servers: [{ url: baseUrl }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer' },
          cookieAuth: { type: 'apiKey', in: 'cookie', name: 'skit_session' },
          operatorCookieAuth: {
            type: 'apiKey',
            in: 'cookie',
            name: 'skit_operator',
            description: 'Operator console session (/api/operator/…), from POST /api/operator/auth/login',
          },
        },
        schemas: errorComponents as never,
      },
      security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    },
    transform,
    transformObject: (doc) => shareErrorResponses(jsonSchemaTransformObject(doc)),
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: true, validatorUrl: null } });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { auth: 'public' } }, async () => app.swagger());
}
