import http from 'node:http';
import https from 'node:https';
import { AppError } from '../../kernel/errors.js';
import { BlockedAddressError, guardedLookup, literalHostProblem } from '../../kernel/ssrf.js';

/**
 * Requests to connected calendars: http(s) only, through the SSRF guard
 * (src/kernel/ssrf.ts: every resolved address checked, loopback only with
 * WEBHOOK_ALLOW_LOOPBACK=1, private ranges never), with a timeout, a size
 * limit, and redirects followed a few times, each hop checked again (and
 * credentials never sent to another origin). Failures are AppErrors with the
 * codes a connection shows as its `lastError`.
 */

export interface RemoteOptions {
  timeoutMs: number;
  maxBytes: number;
  allowLoopback: boolean;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** HTTP Basic credentials, sent to the first origin only. */
  auth?: { username: string; password: string };
  maxRedirects?: number;
}

export interface RemoteResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Where the answer came from, after redirects. */
  url: string;
}

export type RemoteErrorCode =
  'CONNECTION_ADDRESS_REFUSED' | 'CONNECTION_AUTH_FAILED' | 'CONNECTION_UNREACHABLE' | 'CONNECTION_BAD_RESPONSE' | 'CONNECTION_TOO_LARGE';

export const remoteError = (code: RemoteErrorCode, message: string) => new AppError(code, message);

/** `webcal://` (and `webcals://`) is https; anything but http(s) is refused. Returns the URL to fetch. */
export function normalizeFeedUrl(raw: string): URL | null {
  const trimmed = raw.trim().replace(/^webcals?:\/\//i, 'https://');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  return url;
}

function once(url: URL, opts: RemoteOptions, withAuth: boolean): Promise<RemoteResponse> {
  const problem = literalHostProblem(url, opts.allowLoopback);
  if (problem) return Promise.reject(remoteError('CONNECTION_ADDRESS_REFUSED', `Refused to connect to ${url.host}: the address ${problem}`));
  const client = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = { 'user-agent': 'SchedulingKit-Calendars/1', ...opts.headers };
  if (withAuth && opts.auth) headers.authorization = `Basic ${Buffer.from(`${opts.auth.username}:${opts.auth.password}`, 'utf8').toString('base64')}`;
  if (opts.body !== undefined) headers['content-length'] = String(Buffer.byteLength(opts.body));
  return new Promise<RemoteResponse>((resolve, reject) => {
    let settled = false;
    const fail = (err: AppError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(err);
    };
    const req = client.request(url, { method: opts.method ?? 'GET', headers, lookup: guardedLookup(opts.allowLoopback) }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > opts.maxBytes)
          fail(remoteError('CONNECTION_TOO_LARGE', `The calendar at ${url.host} sent more than ${Math.round(opts.maxBytes / 1024 / 1024)} MB`));
        else chunks.push(chunk);
      });
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url: url.toString() });
      });
      res.on('error', (err) => fail(remoteError('CONNECTION_UNREACHABLE', `The connection to ${url.host} broke: ${err.message}`)));
    });
    const timer = setTimeout(
      () => fail(remoteError('CONNECTION_UNREACHABLE', `${url.host} did not answer within ${Math.round(opts.timeoutMs / 100) / 10} s`)),
      opts.timeoutMs,
    );
    req.on('error', (err) => {
      if (err instanceof BlockedAddressError) fail(remoteError('CONNECTION_ADDRESS_REFUSED', err.message));
      else fail(remoteError('CONNECTION_UNREACHABLE', `Could not connect to ${url.host}: ${err.message}`));
    });
    req.end(opts.body);
  });
}

/** One request, following up to `maxRedirects` (default 5) redirects; each hop is checked like the first. */
export async function remoteRequest(start: URL, opts: RemoteOptions): Promise<RemoteResponse> {
  let url = start;
  for (let hop = 0; ; hop++) {
    const res = await once(url, opts, url.origin === start.origin);
    const location = res.headers.location;
    if (res.status < 300 || res.status >= 400 || res.status === 304 || !location) return res;
    if (hop >= (opts.maxRedirects ?? 5)) throw remoteError('CONNECTION_BAD_RESPONSE', `${start.host} redirected more than ${opts.maxRedirects ?? 5} times`);
    const next = normalizeFeedUrl(new URL(location, url).toString());
    if (!next) throw remoteError('CONNECTION_BAD_RESPONSE', `${url.host} redirected to an address that is not http(s)`);
    url = next;
  }
}

/** The AppError for an answer that is not a success (401/403: the credentials; else the status). */
export function statusError(res: RemoteResponse): AppError {
  const host = new URL(res.url).host;
  if (res.status === 401 || res.status === 403) {
    return remoteError('CONNECTION_AUTH_FAILED', `${host} refused the credentials (HTTP ${res.status}): check the user name and the app password`);
  }
  if (res.status === 404 || res.status === 410) return remoteError('CONNECTION_BAD_RESPONSE', `Nothing at this address on ${host} (HTTP ${res.status})`);
  return remoteError('CONNECTION_BAD_RESPONSE', `${host} answered HTTP ${res.status}`);
}
