import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import type { Config } from '../kernel/config.js';

/**
 * The Content-Security-Policy of every response (ADR 0012). Scripts only from
 * our own files; styles also inline, because Mantine writes its theme
 * variables into <style> elements at run time. Nothing may frame the app:
 * the product has no embeddable pages.
 */
export function contentSecurityPolicy(https: boolean): Record<string, string[]> {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    objectSrc: ["'none'"],
    ...(https ? { upgradeInsecureRequests: [] } : {}),
  };
}

/** Browser security headers on every response: the web app, the API and the API docs. HSTS only when BASE_URL is https. */
export async function installSecurityHeaders(app: FastifyInstance, config: Pick<Config, 'BASE_URL'>): Promise<void> {
  const https = new URL(config.BASE_URL).protocol === 'https:';
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(https) },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
    // Not no-referrer: a same-origin write must still carry its Origin (the same-origin check in http.ts).
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // includeSubDomains stays off: the install does not own the subdomains of its host.
    strictTransportSecurity: https ? { maxAge: 365 * 86_400, includeSubDomains: false } : false,
  });
}
