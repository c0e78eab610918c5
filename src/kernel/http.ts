import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';
import type { AppDeps, PortalContext } from './context.js';
import type { PortalRow, UserRow } from '../db/tables/accounts.js';
import type { OperatorRow } from '../db/tables/operators.js';

/**
 * Who may call a route. Every /api route declares one in `config.auth`; the
 * server refuses to start if one does not (see `enforceRoutePolicies`).
 * - public: anyone; `user`: any active user of the portal; `admin`: owner or admin; `owner`: the owner.
 * - operator: someone who runs the service (own accounts, own cookie; LIF-7). Portal users are refused there, and operators everywhere else.
 */
export type Policy = 'public' | 'user' | 'admin' | 'owner' | 'operator';

/** The caller of a portal route, resolved by the server's auth hook from a session cookie or an API token. */
export interface Authenticated {
  user: UserRow;
  portal: PortalRow;
  via: 'session' | 'token';
  /** The session row id (hash), for logout. */
  sessionId: string | null;
}

/** The caller of an operator route (operator console, LIF-7). */
export interface OperatorAuth {
  operator: OperatorRow;
  /** The session row id (hash), for logout. */
  sessionId: string;
}

export interface ApiRoute {
  method: string;
  url: string;
  auth: Policy;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: Policy;
  }
  interface FastifyRequest {
    auth: Authenticated | null;
    /** The operator on `operator` routes (never set on portal routes). */
    operator: OperatorAuth | null;
  }
  interface FastifyInstance {
    /** Every /api route with its policy: the isolation and role-matrix tests walk this list. */
    apiRoutes: ApiRoute[];
  }
}

export const SESSION_COOKIE = 'skit_session';

/** The request's portal context; only call on routes whose policy is not `public`. */
export function portalContext(request: FastifyRequest, deps: AppDeps): PortalContext {
  const auth = request.auth;
  if (!auth) throw new AppError('UNAUTHENTICATED', 'Log in to continue');
  return {
    deps,
    portalId: auth.portal.id,
    actor: { type: 'user', userId: auth.user.id, role: auth.user.role },
    ip: request.ip ?? null,
    userAgent: request.headers['user-agent'] ?? null,
  };
}

export const requestMeta = (request: FastifyRequest) => ({ ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null });

export function setSessionCookie(reply: FastifyReply, deps: AppDeps, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.BASE_URL.startsWith('https://'),
    maxAge: deps.config.SESSION_TTL_DAYS * 86_400,
  });
}

export function clearSessionCookie(reply: FastifyReply, deps: AppDeps): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.BASE_URL.startsWith('https://') });
}
