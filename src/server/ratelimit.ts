import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Config } from '../kernel/config.js';
import { AppError } from '../kernel/errors.js';
import type { Policy } from '../kernel/http.js';
import { hashSecret } from '../modules/accounts/index.js';

/** The routes an API token opens: a portal user's. Public, operator and cookie traffic is not counted. */
export const TOKEN_LIMITED_POLICIES: ReadonlySet<Policy> = new Set<Policy>(['user', 'admin', 'owner']);

const isTokenRequest = (request: FastifyRequest) => request.auth?.via === 'token' && TOKEN_LIMITED_POLICIES.has(request.routeOptions.config?.auth as Policy);

/**
 * Requests authenticated with an API token: at most API_RATE_LIMIT per token
 * in each API_RATE_WINDOW_SECONDS window, then 429 RATE_LIMITED with
 * Retry-After and RateLimit-* headers. The counters live in this process's
 * memory: with several app processes each counts for itself (ADR 0012).
 */
export async function installTokenRateLimit(app: FastifyInstance, config: Pick<Config, 'API_RATE_LIMIT' | 'API_RATE_WINDOW_SECONDS'>): Promise<void> {
  if (config.API_RATE_LIMIT === 0) return;
  await app.register(rateLimit, {
    global: true,
    // After the auth hook (an app-level preValidation runs before a route's own), so the caller is known.
    hook: 'preValidation',
    max: config.API_RATE_LIMIT,
    timeWindow: config.API_RATE_WINDOW_SECONDS * 1000,
    enableDraftSpec: true,
    allowList: (request) => !isTokenRequest(request),
    // The token's stored hash: one counter per token, and no secret kept in memory.
    keyGenerator: (request) => (isTokenRequest(request) ? `token:${hashSecret(request.headers.authorization!.slice(7).trim())}` : 'not-counted'),
    errorResponseBuilder: (_request, context) => {
      const retryAfterSeconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new AppError(
        'RATE_LIMITED',
        `This API token made more than ${context.max} requests in ${config.API_RATE_WINDOW_SECONDS} seconds. Try again in ${retryAfterSeconds} seconds.`,
        { retryAfterSeconds },
      );
    },
  });
}
