import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { BlockedAddressError, guardedLookup } from '../../kernel/ssrf.js';

/**
 * Calling a webhook: a JSON POST signed with the portal's secret, with a timeout,
 * no redirects, and only to allowed addresses. Retrying is the caller's business
 * (see actions.webhook.ts); this says whether a retry can help.
 */

export const SIGNATURE_HEADER = 'X-SchedulingKit-Signature' as const;
export const SIGNATURE_ALGORITHM = 'HMAC-SHA256 of the raw request body, hex, sent as "sha256=<hex>"';

export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

export function signatureOf(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export interface Delivery {
  ok: boolean;
  /** A later attempt may succeed (network error, timeout, 5xx, 429). */
  retryable: boolean;
  status: number | null;
  detail: string;
}

export interface DeliveryOptions {
  timeoutMs: number;
  allowLoopback: boolean;
  headers: Record<string, string>;
}

const RETRY_STATUSES = new Set([408, 425, 429]);

export function postWebhook(rawUrl: string, body: string, opts: DeliveryOptions): Promise<Delivery> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return Promise.resolve({ ok: false, retryable: false, status: null, detail: `"${rawUrl}" is not a URL` });
  }
  const started = performance.now();
  const ms = () => `${Math.round(performance.now() - started)} ms`;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<Delivery>((resolve) => {
    let settled = false;
    const done = (d: Delivery) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(d);
    };
    const req = client.request(
      url,
      {
        method: 'POST',
        lookup: guardedLookup(opts.allowLoopback),
        headers: { 'content-type': 'application/json', 'user-agent': 'SchedulingKit-Webhooks/1', 'content-length': Buffer.byteLength(body), ...opts.headers },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let snippet = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (snippet.length < 200) snippet += chunk;
        });
        res.on('end', () => {
          const text = snippet.trim().slice(0, 200);
          const said = text ? `: ${text}` : '';
          if (status >= 200 && status < 300) return done({ ok: true, retryable: false, status, detail: `HTTP ${status} in ${ms()}` });
          if (status >= 300 && status < 400) return done({ ok: false, retryable: false, status, detail: `HTTP ${status}: redirects are not followed` });
          done({ ok: false, retryable: status >= 500 || RETRY_STATUSES.has(status), status, detail: `HTTP ${status}${said}` });
        });
        res.on('error', (err) => done({ ok: false, retryable: true, status, detail: `HTTP ${status}, then ${err.message}` }));
      },
    );
    const timer = setTimeout(() => {
      done({ ok: false, retryable: true, status: null, detail: `no answer within ${opts.timeoutMs} ms (timed out)` });
      req.destroy();
    }, opts.timeoutMs);
    req.on('error', (err) => {
      const blocked = err instanceof BlockedAddressError;
      done({ ok: false, retryable: !blocked, status: null, detail: blocked ? err.message : `could not connect: ${err.message}` });
    });
    req.end(body);
  });
}
