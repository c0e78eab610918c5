import http from 'node:http';
import https from 'node:https';
import { BlockedAddressError, guardedLookup, literalHostProblem } from '../../kernel/ssrf.js';

/**
 * HTTP for the CalDAV client: the webhook SSRF rules (every address checked,
 * the checked address is the one connected to; literal addresses judged before
 * connecting, on the first request and on every redirect), a deadline for the
 * whole exchange, a cap on the answer's size, Basic credentials sent only to
 * the account's own host and never over a downgrade from https to http.
 */

export type DavErrorCode =
  /** 401/403 on the account: wrong user name or (app) password. */
  | 'AUTH_FAILED'
  /** The address is loopback/private/reserved and the operator has not allowed it. */
  | 'ADDRESS_BLOCKED'
  | 'INVALID_URL'
  | 'TIMEOUT'
  | 'RESPONSE_TOO_LARGE'
  | 'NETWORK'
  | 'TOO_MANY_REDIRECTS'
  /** No CalDAV calendar home found from the URL (not a CalDAV server, or a wrong path). */
  | 'NOT_CALDAV'
  | 'NOT_FOUND'
  /** If-Match / If-None-Match failed: someone else changed (or created) the item. */
  | 'PRECONDITION_FAILED'
  /** The server answered something a CalDAV server must not (bad XML, unexpected status). */
  | 'BAD_RESPONSE'
  /** 5xx, 429: a later attempt may succeed. */
  | 'SERVER_ERROR';

export class DavError extends Error {
  constructor(
    readonly code: DavErrorCode,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'DavError';
  }
  /** Whether trying again later can help (the sync job backs off and retries these). */
  get retryable(): boolean {
    return this.code === 'TIMEOUT' || this.code === 'NETWORK' || this.code === 'SERVER_ERROR';
  }
}

export interface DavHttpOptions {
  /** The operator's WEBHOOK_ALLOW_LOOPBACK: loopback becomes reachable; private ranges never are. */
  allowLoopback: boolean;
  /** Deadline for one request including its redirects and the whole answer. */
  timeoutMs?: number;
  /** Largest answer accepted, in bytes. */
  maxResponseBytes?: number;
  maxRedirects?: number;
  userAgent?: string;
}

export interface DavCredentials {
  username: string;
  password: string;
}

export interface DavRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Follow 301/302/307/308 (the method is kept, as WebDAV clients do). Off for writes. */
  followRedirects?: boolean;
}

export interface DavHttpResponse {
  status: number;
  /** The URL that answered, after redirects. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function parseAccountUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new DavError('INVALID_URL', `"${raw}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DavError('INVALID_URL', `"${raw}" must be an http or https URL`);
  if (url.username || url.password) throw new DavError('INVALID_URL', 'put the user name and password in their own fields, not in the URL');
  url.hash = '';
  return url;
}

export class DavHttp {
  private readonly credentialHost: string;
  private readonly agentOptions: { keepAlive: true; maxSockets: number };
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  /** Requests sent so far (each redirect hop counts): tests and benchmarks read it. */
  requests = 0;

  constructor(
    accountUrl: URL,
    private readonly credentials: DavCredentials | null,
    private readonly options: DavHttpOptions,
  ) {
    this.credentialHost = accountUrl.host;
    this.agentOptions = { keepAlive: true, maxSockets: 4 };
    this.httpAgent = new http.Agent(this.agentOptions);
    this.httpsAgent = new https.Agent(this.agentOptions);
  }

  /** Closes the kept-alive sockets (call when done with the account). */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  async request(req: DavRequest): Promise<DavHttpResponse> {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    let url = parseAccountUrl(req.url);
    let method = req.method;
    let body = req.body;
    const maxRedirects = req.followRedirects === false ? 0 : (this.options.maxRedirects ?? 5);
    for (let hop = 0; ; hop++) {
      const res = await this.once(url, method, req.headers ?? {}, body, deadline, timeoutMs);
      if (!REDIRECTS.has(res.status) || req.followRedirects === false) return res;
      const location = res.headers.location;
      if (!location) return res;
      if (hop >= maxRedirects) throw new DavError('TOO_MANY_REDIRECTS', `more than ${maxRedirects} redirects from ${req.url}`, res.status);
      const next = new URL(location, url);
      if (url.protocol === 'https:' && next.protocol !== 'https:') {
        throw new DavError('ADDRESS_BLOCKED', `refused a redirect from https to ${next.protocol} (${next.origin})`, res.status);
      }
      if (res.status === 303) {
        method = 'GET';
        body = undefined;
      }
      url = next;
    }
  }

  private once(
    url: URL,
    method: string,
    extra: Record<string, string>,
    body: string | undefined,
    deadline: number,
    timeoutMs: number,
  ): Promise<DavHttpResponse> {
    const problem = literalHostProblem(url, this.options.allowLoopback);
    if (problem) return Promise.reject(new DavError('ADDRESS_BLOCKED', `Refused to call ${url.host}: it ${problem}`));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new DavError('INVALID_URL', `cannot follow ${url.protocol} URLs`));
    const maxBytes = this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.requests++;
    const headers: Record<string, string | number> = {
      'user-agent': this.options.userAgent ?? 'SchedulingKit-CalDAV/1',
      accept: '*/*',
      ...extra,
    };
    if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
    // Credentials go only to the host the user gave; a redirect elsewhere gets none (and answers 401).
    if (this.credentials && url.host === this.credentialHost) {
      headers.authorization = `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`, 'utf8').toString('base64')}`;
    }
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<DavHttpResponse>((resolve, reject) => {
      let settled = false;
      const fail = (err: DavError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(err);
      };
      const remaining = Math.max(1, deadline - Date.now());
      const timer = setTimeout(() => fail(new DavError('TIMEOUT', `${url.host} did not answer within ${timeoutMs} ms`)), remaining);
      const req = client.request(
        url,
        {
          method,
          headers,
          lookup: guardedLookup(this.options.allowLoopback),
          agent: url.protocol === 'https:' ? this.httpsAgent : this.httpAgent,
        },
        (res) => {
          const declared = Number(res.headers['content-length'] ?? NaN);
          if (declared > maxBytes) return fail(tooLarge(url, maxBytes));
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) return fail(tooLarge(url, maxBytes));
            chunks.push(chunk);
          });
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, url: url.href, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', (err) => fail(new DavError('NETWORK', `the answer from ${url.host} broke off: ${err.message}`)));
        },
      );
      req.on('error', (err) => {
        if (err instanceof BlockedAddressError) return fail(new DavError('ADDRESS_BLOCKED', err.message));
        fail(new DavError('NETWORK', `could not reach ${url.host}: ${err.message}`));
      });
      req.end(body);
    });
  }
}

const tooLarge = (url: URL, max: number) => new DavError('RESPONSE_TOO_LARGE', `the answer from ${url.host} is larger than ${max} bytes`);
