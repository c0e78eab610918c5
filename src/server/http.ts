import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, errorCatalog, type ErrorCode } from '../kernel/errors.js';
import { findNul, invalidCharacter } from '../kernel/input.js';
import { validationRule } from '../kernel/validation.js';
import type { AppDeps } from '../kernel/context.js';
import { SESSION_COOKIE, type ApiRoute } from '../kernel/http.js';
import { API_TOKEN_PREFIX, authenticateApiToken, authenticateSession, forbidden } from '../modules/accounts/index.js';
import { authenticateOperatorSession, OPERATOR_COOKIE } from '../modules/operators/index.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function isSameOrigin(request: FastifyRequest, deps: AppDeps): boolean {
  const origin = request.headers.origin ?? refererOrigin(request.headers.referer);
  if (!origin) return true; // not a browser form or fetch: no ambient credentials are being abused
  if (origin === new URL(deps.config.BASE_URL).origin) return true;
  const host = request.headers.host;
  return !!host && (origin === `http://${host}` || origin === `https://${host}`);
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

/** Resolves the caller (session cookie or bearer token) and enforces the route's policy. */
export function installAuth(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('operator', null);
  const catalog: ApiRoute[] = [];
  app.decorate('apiRoutes', catalog);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const auth = route.config?.auth;
    if (!auth) throw new Error(`Route ${route.method} ${route.url} declares no auth policy (config.auth)`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') catalog.push({ method, url: route.url, auth });
  });

  app.addHook('preValidation', async (request) => {
    const policy = request.routeOptions.config?.auth;
    if (!policy) return;
    if (policy === 'operator') return authorizeOperator(request, deps);
    const header = request.headers.authorization;
    const cookie = request.cookies?.[SESSION_COOKIE];
    if (header?.startsWith('Bearer ')) {
      const token = header.slice(7).trim();
      request.auth = token.startsWith(API_TOKEN_PREFIX) ? await authenticateApiToken(deps, token) : null;
      if (!request.auth && policy !== 'public') throw new AppError('UNAUTHENTICATED', 'The API token is not valid');
    } else if (cookie) {
      // Cookies ride along on cross-site requests; a write with one must come from our own pages.
      if (!SAFE_METHODS.has(request.method) && !isSameOrigin(request, deps)) {
        throw new AppError('CROSS_ORIGIN_REQUEST', 'Cross-origin requests with a session cookie are refused');
      }
      request.auth = await authenticateSession(deps, cookie);
    }
    if (policy === 'public') return;
    if (!request.auth) throw new AppError('UNAUTHENTICATED', 'Log in to continue');
    const role = request.auth.user.role;
    const allowed = policy === 'user' || (policy === 'admin' && (role === 'admin' || role === 'owner')) || (policy === 'owner' && role === 'owner');
    if (!allowed) throw await forbidden(deps, request.auth.portal.id, policy);
  });
}

/**
 * No NUL (U+0000) in a path parameter, a query string or a JSON body, on either
 * database (ADR 0011): 400 INVALID_CHARACTER naming where. Runs after the auth
 * hook, like validation. Multipart fields and file names are checked where the
 * handlers read them (src/kernel/uploads.ts); other bodies (a raw .ics) are files,
 * whose NULs their import replaces.
 */
export function installInputChecks(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const schema = request.routeOptions.schema;
    const parts: [string, unknown][] = [
      ['params', request.params],
      ['query', schema?.querystring ? request.query : undefined],
      ['body', schema?.body && typeof request.body === 'object' ? request.body : undefined],
    ];
    for (const [where, value] of parts) {
      const at = findNul(value);
      if (at !== null) throw invalidCharacter(where, at);
    }
  });
}

/** Operator routes accept only the operator session cookie: no portal session or API token opens them. */
async function authorizeOperator(request: FastifyRequest, deps: AppDeps): Promise<void> {
  const cookie = request.cookies?.[OPERATOR_COOKIE];
  if (cookie && !SAFE_METHODS.has(request.method) && !isSameOrigin(request, deps)) {
    throw new AppError('CROSS_ORIGIN_REQUEST', 'Cross-origin requests with a session cookie are refused');
  }
  request.operator = cookie ? await authenticateOperatorSession(deps, cookie) : null;
  if (request.operator) return;
  if (request.cookies?.[SESSION_COOKIE] || request.headers.authorization) {
    throw new AppError('FORBIDDEN', 'This is the operator console: portal accounts cannot use it. Operators log in at /operator.');
  }
  throw new AppError('UNAUTHENTICATED', 'Log in as an operator to continue');
}

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

function body(code: ErrorCode | string, message: string, details?: Record<string, unknown>): ErrorBody {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_BAD_URL: 'BAD_REQUEST',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_REQ_FILE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
};

/**
 * A multipart body busboy cannot read: no boundary in the Content-Type, no
 * boundary in the body, a body that ends inside a part, a field that is not the
 * JSON it says. They surface from `req.file()`/`req.parts()` or from a file
 * part's stream, wherever the handler reads it.
 */
const MULTIPART_FASTIFY_CODES = new Set([
  'FST_INVALID_MULTIPART_CONTENT_TYPE',
  'FST_INVALID_JSON_FIELD_ERROR',
  'FST_PROTO_VIOLATION',
  'FST_MP_PREMATURE_CLOSE',
]);
const MULTIPART_MESSAGES = /^Multipart: Boundary not found$|^Unexpected end of multipart data$|terminated early due to unexpected end of multipart data$/;

export function isMalformedMultipart(err: { code?: unknown; message?: unknown }): boolean {
  return (typeof err.code === 'string' && MULTIPART_FASTIFY_CODES.has(err.code)) || (typeof err.message === 'string' && MULTIPART_MESSAGES.test(err.message));
}

const MALFORMED_MULTIPART_MESSAGE =
  'The upload is not readable multipart/form-data: the Content-Type needs a boundary, and the body must hold complete parts ending with the closing boundary';

/** Errors Fastify raises before a route is found (a URL whose percent-encoding is broken, an over-long parameter): our shape too. */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const code = fastifyCodes[err.code];
  if (code === 'BAD_REQUEST') {
    reply.status(400).send(body(code, 'The URL is not valid: its percent-encoding (%XX) is broken'));
  } else if (code === 'URI_TOO_LONG') {
    reply.status(414).send(body(code, 'A part of the URL is longer than the server accepts'));
  } else {
    reply.status(500).send(body('INTERNAL', 'Something went wrong on our side'));
  }
}

/** Requests Node's HTTP parser cannot read (bad request line or headers, a NUL in a header, a body cut short): our shape, then the connection closes. */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, message]: [ErrorCode, string] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? ['REQUEST_TIMEOUT', 'The request took too long to arrive']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? ['HEADERS_TOO_LARGE', 'The request headers are larger than the server accepts']
        : ['BAD_REQUEST', 'The request is not valid HTTP'];
  const status = errorCatalog[code];
  const json = JSON.stringify(body(code, message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
  }
  socket.destroy(err);
}

/** One error shape everywhere: `{ error: { code, message, details? } }`; no stack traces leave the server. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      if (err.code === 'RATE_LIMITED' && typeof err.details?.retryAfterSeconds === 'number') {
        reply.header('Retry-After', String(err.details.retryAfterSeconds));
      }
      return reply.status(err.status).send(body(err.code, err.message, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const fields = err.validation.map((v) => {
        const params = (v.params ?? {}) as { maximum?: unknown; minimum?: unknown; format?: string };
        const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.') || where;
        return { path, message: v.message ?? 'is not valid', in: where, ...validationRule({ code: v.keyword, ...params }) };
      });
      const first = fields[0];
      return reply.status(400).send(body('VALIDATION_FAILED', first ? `${first.path} ${first.message}` : 'The request is not valid', { fields }));
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err, issues: err.cause?.issues }, 'response does not match its schema');
      return reply.status(500).send(body('INTERNAL', 'Something went wrong on our side'));
    }
    if (isMalformedMultipart(err)) return reply.status(400).send(body('MALFORMED_MULTIPART', MALFORMED_MULTIPART_MESSAGE));
    const status = err.statusCode ?? 500;
    if (status < 500) {
      const code =
        fastifyCodes[err.code] ?? (status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 404 ? 'NOT_FOUND' : status === 429 ? 'RATE_LIMITED' : 'BAD_REQUEST');
      return reply.status(status).send(body(code, err.message));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(body('INTERNAL', 'Something went wrong on our side'));
  });
}
