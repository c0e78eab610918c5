import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real iCalendar feed on a loopback port, as a subscription's other side: it
 * answers with an ETag and Last-Modified, says 304 to a matching If-None-Match,
 * and can be told to fail, redirect, ask for a password, or serve anything.
 */
export interface FeedServer {
  url: string;
  /** The requests it got: path, and the conditional and auth headers sent. */
  requests: { path: string; ifNoneMatch: string | null; ifModifiedSince: string | null; authorization: string | null }[];
  /** Serves this text (a new ETag each time it changes). */
  serve(ics: string): void;
  /** Answers every request with this status (and body) until `serve` is called again. */
  fail(status: number, body?: string): void;
  /** Redirects /feed.ics to this address. */
  redirect(to: string): void;
  /** Requires HTTP Basic with these credentials (null: no more). */
  requireAuth(credentials: { username: string; password: string } | null): void;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  let body = '';
  let etag = '';
  let version = 0;
  let failure: { status: number; body: string } | null = null;
  let redirectTo: string | null = null;
  let auth: string | null = null;
  const lastModified = new Date('2031-01-01T00:00:00Z').toUTCString();
  const requests: FeedServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : null);
    requests.push({
      path: req.url ?? '',
      ifNoneMatch: header('if-none-match'),
      ifModifiedSince: header('if-modified-since'),
      authorization: header('authorization'),
    });
    if (redirectTo) {
      res.writeHead(302, { location: redirectTo }).end();
      return;
    }
    if (auth && header('authorization') !== auth) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="feed"' }).end('no');
      return;
    }
    if (failure) {
      res.writeHead(failure.status, { 'content-type': 'text/plain' }).end(failure.body);
      return;
    }
    if (req.url !== '/feed.ics') {
      res.writeHead(404).end('not here');
      return;
    }
    if (header('if-none-match') === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8', etag, 'last-modified': lastModified }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/feed.ics`,
    requests,
    serve(ics) {
      body = ics;
      etag = `"v${++version}"`;
      failure = null;
      redirectTo = null;
    },
    fail(status, text = 'failing on purpose') {
      failure = { status, body: text };
    },
    redirect(to) {
      redirectTo = to;
    },
    requireAuth(credentials) {
      auth = credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` : null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An iCalendar document from VEVENT bodies (each a list of property lines). */
export function icsOf(...events: string[][]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//SchedulingKit tests//EN'];
  for (const e of events) lines.push('BEGIN:VEVENT', 'DTSTAMP:20310101T000000Z', ...e, 'END:VEVENT');
  lines.push('END:VCALENDAR', '');
  return lines.join('\r\n');
}
