import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { portalContext, requestMeta } from '../../kernel/http.js';
import { authenticateAppPassword } from '../accounts/index.js';
import { DAV_ALLOW, DAV_CAPABILITIES, handleDav } from './caldav.service.js';

/**
 * CalDAV's HTTP plumbing: the WebDAV methods, `/.well-known/caldav` (RFC 6764), and HTTP Basic
 * with an app password (user name: the user's email). These are not /api routes: no JSON,
 * no session cookie, no API token; answers are WebDAV XML or iCalendar.
 */

const DAV_METHODS = ['PROPFIND', 'PROPPATCH', 'REPORT', 'MKCALENDAR'] as const;
const METHODS = ['OPTIONS', 'GET', 'HEAD', 'PUT', 'DELETE', ...DAV_METHODS];
const MAX_BODY_BYTES = 5 * 1024 * 1024;
export const DAV_REALM = 'SchedulingKit';

function basicCredentials(request: FastifyRequest): { username: string; password: string } | null {
  const h = request.headers.authorization;
  if (!h || !/^basic /i.test(h)) return null;
  const decoded = Buffer.from(h.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

const unauthorized = (reply: FastifyReply, message: string) =>
  reply
    .status(401)
    .header('www-authenticate', `Basic realm="${DAV_REALM}", charset="UTF-8"`)
    .header('content-type', 'text/plain; charset=utf-8')
    .send(`${message}\n`);

export async function caldavRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  for (const method of DAV_METHODS) app.addHttpMethod(method, { hasBody: true });

  await app.register(async (dav) => {
    // Bodies are XML or iCalendar, read as text whatever the client calls them.
    dav.removeAllContentTypeParsers();
    dav.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_BODY_BYTES }, (_req, body, done) => done(null, body));

    // RFC 6764: clients start at the host and are sent to the DAV root.
    dav.route({
      method: ['GET', 'HEAD', 'PROPFIND', 'OPTIONS'],
      url: '/.well-known/caldav',
      schema: { hide: true },
      handler: async (_req, reply) => reply.redirect('/dav/', 301),
    });

    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      reply.header('dav', DAV_CAPABILITIES);
      if (request.method === 'OPTIONS') return reply.status(200).header('allow', DAV_ALLOW).header('content-length', '0').send();
      const credentials = basicCredentials(request);
      if (!credentials) return unauthorized(reply, 'Sign in with your email and an app password (Settings → Calendars)');
      try {
        request.auth = await authenticateAppPassword(deps, credentials.username, credentials.password, requestMeta(request));
      } catch (err) {
        if (err instanceof AppError && err.code === 'RATE_LIMITED') {
          const after = err.details?.retryAfterSeconds;
          return reply
            .status(429)
            .header('retry-after', String(typeof after === 'number' ? after : 60))
            .header('content-type', 'text/plain; charset=utf-8')
            .send(`${err.message}\n`);
        }
        throw err;
      }
      if (!request.auth) return unauthorized(reply, 'The email or app password is not valid');
      const { user } = request.auth;
      const answer = await handleDav(
        portalContext(request, deps),
        { id: user.id, name: user.name, email: user.email },
        {
          method: request.method,
          path: request.url,
          headers: request.headers,
          body: typeof request.body === 'string' ? request.body : '',
        },
      );
      reply.status(answer.status);
      for (const [k, v] of Object.entries(answer.headers ?? {})) reply.header(k, v);
      return reply.send(request.method === 'HEAD' ? undefined : (answer.body ?? ''));
    };
    // Not part of the JSON API document.
    dav.route({ method: METHODS, url: '/dav', schema: { hide: true }, handler });
    dav.route({ method: METHODS, url: '/dav/*', schema: { hide: true }, handler });
  });
}
