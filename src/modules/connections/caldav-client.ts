import { DavError, DavHttp, parseAccountUrl, type DavHttpOptions, type DavHttpResponse } from './dav-http.js';
import {
  DavXmlError,
  NS,
  child,
  childrenOf,
  hasChild,
  key,
  multigetBody,
  parseDavXml,
  parseMultistatus,
  propfindBody,
  syncCollectionBody,
  textOf,
  type DavResponse,
  type Multistatus,
} from './dav-xml.js';

/**
 * A CalDAV client for connected calendars (issue 18 items 2 and 3): discovery
 * from a base URL as DAVx5 does it (RFC 6764 then RFC 5397 / RFC 4791 §6.2.1),
 * incremental sync by sync-collection (RFC 6578) or, on servers without it,
 * ctag + per-item ETag comparison, and conditional writes. It knows nothing of
 * portals or the database: the connections service stores what it returns.
 *
 * Hrefs are absolute paths in one canonical percent-encoding (see canonicalPath),
 * so the hrefs a caller stored compare equal to the ones a later sync returns.
 */

export { DavError, type DavErrorCode, type DavHttpOptions } from './dav-http.js';

export interface CalDavAccount {
  /** Base URL (https://cloud.example.com), principal URL, calendar home or a calendar. */
  url: string;
  username?: string | null;
  password?: string | null;
}

export interface RemoteCalendar {
  /** Absolute URL of the collection, ending in "/". */
  url: string;
  name: string;
  /** `#rrggbb` from Apple's calendar-color, or null. */
  color: string | null;
  /** Components the calendar accepts (`VEVENT`, `VTODO`, …); null: the server did not say, so any. */
  components: string[] | null;
  ctag: string | null;
  syncToken: string | null;
  supportsSyncCollection: boolean;
  /** The user may not write into it (no DAV:write / write-content / all / bind privilege). */
  readOnly: boolean;
}

export interface CalDavDiscovery {
  principalUrl: string | null;
  homeUrls: string[];
  /** The calendars that can hold events (VEVENT), in the server's order. */
  calendars: RemoteCalendar[];
}

export interface RemoteEvent {
  href: string;
  etag: string | null;
  /** The iCalendar object resource as the server sent it. */
  ics: string;
}

export interface SyncState {
  /** The token a previous sync returned. */
  token?: string | null;
  ctag?: string | null;
  /** href → ETag of every item the caller holds from this calendar. */
  etags?: ReadonlyMap<string, string | null> | Readonly<Record<string, string | null>>;
}

export interface SyncResult {
  /** New or changed items, with their data. */
  changed: RemoteEvent[];
  /** Hrefs the caller held that are gone. */
  removed: string[];
  token: string | null;
  ctag: string | null;
  /** How the changes were found. */
  mode: 'unchanged' | 'sync-collection' | 'etag';
  /** The caller's token was refused (or there was none) and every item was listed again. */
  full: boolean;
}

export interface SyncOptions {
  /** Use ctag + ETag comparison even when the server offers sync-collection (tests, broken servers). */
  method?: 'auto' | 'etag';
}

const MULTIGET_BATCH = 250;
const MAX_SYNC_ROUNDS = 1000;

const P = {
  resourcetype: [NS.dav, 'resourcetype'],
  displayname: [NS.dav, 'displayname'],
  getetag: [NS.dav, 'getetag'],
  syncToken: [NS.dav, 'sync-token'],
  currentUserPrincipal: [NS.dav, 'current-user-principal'],
  privileges: [NS.dav, 'current-user-privilege-set'],
  supportedReports: [NS.dav, 'supported-report-set'],
  calendarHome: [NS.caldav, 'calendar-home-set'],
  components: [NS.caldav, 'supported-calendar-component-set'],
  calendarData: [NS.caldav, 'calendar-data'],
  ctag: [NS.calendarserver, 'getctag'],
  color: [NS.apple, 'calendar-color'],
} as const;

export class CalDavClient {
  private readonly http: DavHttp;
  readonly baseUrl: URL;

  constructor(account: CalDavAccount, options: DavHttpOptions) {
    this.baseUrl = parseAccountUrl(account.url);
    const credentials = account.username ? { username: account.username, password: account.password ?? '' } : null;
    this.http = new DavHttp(this.baseUrl, credentials, options);
  }

  close(): void {
    this.http.close();
  }

  /** HTTP requests this client has sent (redirect hops included). */
  get requestCount(): number {
    return this.http.requests;
  }

  // ---- discovery ---------------------------------------------------------------

  /**
   * From whatever URL the user typed: the URL itself (when it has a path), then
   * `/.well-known/caldav` (RFC 6764 §5), then the server root; the first that
   * leads to a calendar home wins. A wrong password stops at once.
   */
  async discover(): Promise<CalDavDiscovery> {
    const candidates = [
      ...new Set([
        this.baseUrl.pathname !== '/' ? this.baseUrl.href : null,
        new URL('/.well-known/caldav', this.baseUrl).href,
        new URL('/', this.baseUrl).href,
      ]),
    ].filter((u): u is string => u !== null);
    const tried: string[] = [];
    for (const candidate of candidates) {
      const found = await this.homesFrom(candidate);
      if (!found) {
        tried.push(candidate);
        continue;
      }
      if (found.calendarUrl) {
        const calendar = await this.calendar(found.calendarUrl);
        return { principalUrl: found.principalUrl, homeUrls: [], calendars: calendar ? [calendar] : [] };
      }
      const calendars: RemoteCalendar[] = [];
      for (const home of found.homeUrls) calendars.push(...(await this.listCalendars(home)));
      return { principalUrl: found.principalUrl, homeUrls: found.homeUrls, calendars: calendars.filter(holdsEvents) };
    }
    throw new DavError('NOT_CALDAV', `no CalDAV calendar home found at ${tried.join(', ')}`);
  }

  /** The calendars in one calendar home (every component kind; see `holdsEvents`). */
  async listCalendars(homeUrl: string): Promise<RemoteCalendar[]> {
    const home = this.resolve(homeUrl);
    const ms = await this.propfind(home, 1, [P.resourcetype, P.displayname, P.color, P.components, P.ctag, P.syncToken, P.privileges, P.supportedReports]);
    const homePath = canonicalPath(home.pathname);
    return ms.responses
      .filter((r) => canonicalPath(this.resolve(r.href, home).pathname) !== homePath && isCalendar(r))
      .map((r) => toCalendar(r, this.resolve(r.href, home)));
  }

  /** One calendar's properties (null when the URL is not a calendar). */
  async calendar(calendarUrl: string): Promise<RemoteCalendar | null> {
    const url = this.collectionUrl(calendarUrl);
    const ms = await this.propfind(url, 0, [P.resourcetype, P.displayname, P.color, P.components, P.ctag, P.syncToken, P.privileges, P.supportedReports]);
    const r = ms.responses[0];
    return r && isCalendar(r) ? toCalendar(r, url) : null;
  }

  private async homesFrom(start: string): Promise<{ principalUrl: string | null; homeUrls: string[]; calendarUrl?: string } | null> {
    const res = await this.http.request({
      method: 'PROPFIND',
      url: start,
      headers: { depth: '0', 'content-type': 'application/xml; charset=utf-8' },
      body: propfindBody([P.resourcetype, P.currentUserPrincipal, P.calendarHome]),
    });
    if (res.status === 401) throw authFailed(res);
    if (res.status !== 207) return null;
    const at = new URL(res.url);
    const r = safeMultistatus(res).responses[0];
    if (!r) return null;
    if (isCalendar(r)) return { principalUrl: null, homeUrls: [], calendarUrl: this.resolve(r.href, at).href };
    const homes = hrefsIn(r, P.calendarHome).map((h) => this.resolve(h, at).href);
    const principalHref = hrefsIn(r, P.currentUserPrincipal)[0];
    const principalUrl = principalHref ? this.resolve(principalHref, at).href : null;
    if (homes.length) return { principalUrl, homeUrls: homes };
    if (!principalUrl) return null;
    const pr = await this.propfind(new URL(principalUrl), 0, [P.calendarHome]);
    const principalHomes = pr.responses.flatMap((x) => hrefsIn(x, P.calendarHome)).map((h) => this.resolve(h, new URL(principalUrl)).href);
    return principalHomes.length ? { principalUrl, homeUrls: principalHomes } : null;
  }

  // ---- sync ----------------------------------------------------------------------

  /**
   * What changed in a calendar since `previous`. One PROPFIND first: an unchanged
   * ctag ends the sync there (a server without ctags answers an unchanged token
   * with an empty sync-collection). Otherwise sync-collection lists the
   * changes (a refused token → a full listing, RFC 6578 §3.2), or on servers
   * without it a depth-1 PROPFIND of ETags is compared with the caller's; only
   * new or changed items are fetched, by calendar-multiget in batches. A first
   * sync (the caller holds nothing) asks sync-collection for the data itself:
   * one request instead of a listing and a fetch of everything.
   */
  async sync(calendarUrl: string, previous: SyncState = {}, options: SyncOptions = {}): Promise<SyncResult> {
    const url = this.collectionUrl(calendarUrl);
    const known = toMap(previous.etags);
    // The ctag alone: servers compute it and the sync-token from every item, so asking for both costs twice.
    const state = await this.propfind(url, 0, [P.ctag, P.supportedReports, P.resourcetype]);
    const self = state.responses[0];
    if (!self || !isCalendar(self)) throw new DavError('NOT_FOUND', `${url.href} is not a calendar`);
    const ctag = textOf(self.props.get(key(...P.ctag)));
    if (previous.ctag && ctag === previous.ctag) return { changed: [], removed: [], token: previous.token ?? null, ctag, mode: 'unchanged', full: false };

    const useSync = options.method !== 'etag' && supportsSyncCollection(self);
    const listing = useSync ? await this.syncCollectionWithData(url, previous.token ?? null, known) : await this.etagListing(url, known);
    const wanted = [...listing.present]
      .filter(([href, etag]) => !listing.inline.has(href) && (etag === null || known.get(href) !== etag))
      .map(([href]) => href);
    const { events, gone } = await this.multiget(url, wanted);
    const changed = [...listing.inline.values(), ...events];
    const removed = [...new Set([...listing.removed, ...gone])];
    const nothing = changed.length === 0 && removed.length === 0 && !listing.full;
    return {
      changed,
      removed,
      token: listing.token,
      ctag,
      mode: nothing && useSync && listing.token === previous.token ? 'unchanged' : useSync ? 'sync-collection' : 'etag',
      full: listing.full,
    };
  }

  private async syncCollectionWithData(url: URL, token: string | null, known: ReadonlyMap<string, string | null>) {
    if (known.size > 0) return this.syncCollection(url, token, known, false);
    try {
      return await this.syncCollection(url, token, known, true);
    } catch (err) {
      // A calendar too large to come back in one answer: list ETags, then fetch in batches.
      if (err instanceof DavError && err.code === 'RESPONSE_TOO_LARGE') return this.syncCollection(url, token, known, false);
      throw err;
    }
  }

  private async syncCollection(url: URL, token: string | null, known: ReadonlyMap<string, string | null>, withData: boolean) {
    const collection = canonicalPath(url.pathname);
    const present = new Map<string, string | null>();
    const inline = new Map<string, RemoteEvent>();
    let removed: string[] = [];
    let current = token;
    let full = !token;
    for (let round = 0; round < MAX_SYNC_ROUNDS; round++) {
      const res = await this.http.request({
        method: 'REPORT',
        url: url.href,
        headers: { depth: '0', 'content-type': 'application/xml; charset=utf-8' },
        body: syncCollectionBody(current, withData ? [P.getetag, P.resourcetype, P.calendarData] : [P.getetag, P.resourcetype]),
      });
      if ((res.status === 403 || res.status === 409) && current && isInvalidToken(res)) {
        // RFC 6578 §3.2: the token is no longer valid; start again from nothing.
        current = null;
        full = true;
        present.clear();
        inline.clear();
        removed = [];
        continue;
      }
      const ms = expectMultistatus(res, 'sync-collection');
      let truncated = false;
      for (const r of ms.responses) {
        const href = canonicalPath(this.resolve(r.href, url).pathname);
        if (href === collection) {
          if (r.status === 507) truncated = true; // RFC 6578 §3.6: more to come with the new token
          continue;
        }
        if (r.status === 404) {
          present.delete(href);
          inline.delete(href);
          removed.push(href);
          continue;
        }
        if (isCollection(r)) continue;
        const etag = textOf(r.props.get(key(...P.getetag)));
        present.set(href, etag);
        const data = r.props.get(key(...P.calendarData));
        if (data) inline.set(href, { href, etag, ics: data.text });
      }
      if (!ms.syncToken) throw new DavError('BAD_RESPONSE', `sync-collection on ${url.href} answered without a sync-token`);
      current = ms.syncToken;
      if (!truncated) {
        if (full) removed = [...known.keys()].filter((h) => !present.has(h));
        else removed = removed.filter((h) => known.has(h));
        return { present, inline, removed, token: current, full };
      }
    }
    throw new DavError('BAD_RESPONSE', `sync-collection on ${url.href} did not finish after ${MAX_SYNC_ROUNDS} rounds`);
  }

  private async etagListing(url: URL, known: ReadonlyMap<string, string | null>) {
    const collection = canonicalPath(url.pathname);
    const ms = await this.propfind(url, 1, [P.getetag, P.resourcetype]);
    const present = new Map<string, string | null>();
    for (const r of ms.responses) {
      const href = canonicalPath(this.resolve(r.href, url).pathname);
      if (href === collection || isCollection(r) || (r.status !== null && r.status >= 300)) continue;
      present.set(href, textOf(r.props.get(key(...P.getetag))));
    }
    const removed = [...known.keys()].filter((h) => !present.has(h));
    return { present, inline: new Map<string, RemoteEvent>(), removed, token: null, full: true };
  }

  /** Fetches items by href (calendar-multiget, RFC 4791 §7.9), in batches. */
  async multiget(calendarUrl: URL | string, hrefs: readonly string[]): Promise<{ events: RemoteEvent[]; gone: string[] }> {
    const url = typeof calendarUrl === 'string' ? this.collectionUrl(calendarUrl) : calendarUrl;
    const events: RemoteEvent[] = [];
    const gone: string[] = [];
    for (let i = 0; i < hrefs.length; i += MULTIGET_BATCH) {
      const batch = hrefs.slice(i, i + MULTIGET_BATCH);
      const res = await this.http.request({
        method: 'REPORT',
        url: url.href,
        headers: { depth: '1', 'content-type': 'application/xml; charset=utf-8' },
        body: multigetBody(batch, [P.getetag, P.calendarData]),
      });
      for (const r of expectMultistatus(res, 'calendar-multiget').responses) {
        const href = canonicalPath(this.resolve(r.href, url).pathname);
        if (r.status === 404) {
          gone.push(href);
          continue;
        }
        const data = r.props.get(key(...P.calendarData));
        if (!data) {
          if (r.missing.get(key(...P.calendarData)) === 404) gone.push(href);
          continue;
        }
        events.push({ href, etag: textOf(r.props.get(key(...P.getetag))), ics: data.text });
      }
    }
    return { events, gone };
  }

  // ---- writes --------------------------------------------------------------------

  /** Where an event with this UID lives in a calendar (the href putEvent writes). */
  eventHref(calendarUrl: string, uid: string): string {
    return canonicalPath(new URL(`${encodeURIComponent(uid)}.ics`, this.collectionUrl(calendarUrl)).pathname);
  }

  /**
   * Creates (no etag: If-None-Match: *) or replaces (If-Match: etag) an event;
   * `overwrite` sends no condition (for copies this app owns, e.g. write-back).
   * The ETag is null when the server did not send one (it changed the data; RFC 4791 §5.3.4).
   */
  async putEvent(
    calendarUrl: string,
    uid: string,
    ics: string,
    etag?: string | null,
    options: { overwrite?: boolean } = {},
  ): Promise<{ href: string; etag: string | null }> {
    const href = this.eventHref(calendarUrl, uid);
    const headers: Record<string, string> = { 'content-type': 'text/calendar; charset=utf-8' };
    if (options.overwrite) {
      // no precondition
    } else if (etag) headers['if-match'] = etag;
    else headers['if-none-match'] = '*';
    const res = await this.http.request({
      method: 'PUT',
      url: this.resolve(href, this.collectionUrl(calendarUrl)).href,
      headers,
      body: ics,
      followRedirects: false,
    });
    if (res.status === 412) {
      throw new DavError(
        'PRECONDITION_FAILED',
        etag ? `the event at ${href} was changed on the server since ETag ${etag}` : `an event already exists at ${href}`,
        412,
      );
    }
    if (res.status < 200 || res.status >= 300) throw statusError(res, `PUT ${href}`);
    const tag = res.headers.etag;
    return { href, etag: typeof tag === 'string' && !tag.startsWith('W/') ? tag : null };
  }

  /** Deletes an event (an href path is taken on the account's server; pass a full URL for another); one already gone counts as deleted (`existed: false`). */
  async deleteEvent(href: string, etag?: string | null): Promise<{ existed: boolean }> {
    const headers: Record<string, string> = etag ? { 'if-match': etag } : {};
    const res = await this.http.request({ method: 'DELETE', url: this.resolve(href).href, headers, followRedirects: false });
    if (res.status === 404 || res.status === 410) return { existed: false };
    if (res.status === 412) throw new DavError('PRECONDITION_FAILED', `the event at ${href} was changed on the server since ETag ${etag}`, 412);
    if (res.status < 200 || res.status >= 300) throw statusError(res, `DELETE ${href}`);
    return { existed: true };
  }

  // ---- plumbing ------------------------------------------------------------------

  private async propfind(url: URL, depth: 0 | 1, props: ReadonlyArray<readonly [string, string]>): Promise<Multistatus> {
    const res = await this.http.request({
      method: 'PROPFIND',
      url: url.href,
      headers: { depth: String(depth), 'content-type': 'application/xml; charset=utf-8' },
      body: propfindBody(props),
    });
    return expectMultistatus(res, `PROPFIND ${url.pathname}`);
  }

  private resolve(href: string, against: URL = this.baseUrl): URL {
    try {
      return new URL(href, against);
    } catch {
      throw new DavError('BAD_RESPONSE', `the server sent an href that is not a URL: ${href.slice(0, 200)}`);
    }
  }

  private collectionUrl(raw: string): URL {
    const url = this.resolve(raw);
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return url;
  }
}

// ---- reading responses -------------------------------------------------------------

function expectMultistatus(res: DavHttpResponse, what: string): Multistatus {
  if (res.status !== 207) throw statusError(res, what);
  return safeMultistatus(res);
}

function safeMultistatus(res: DavHttpResponse): Multistatus {
  try {
    return parseMultistatus(res.body);
  } catch (err) {
    if (err instanceof DavXmlError) throw new DavError('BAD_RESPONSE', `${new URL(res.url).host}: ${err.message}`, res.status);
    throw err;
  }
}

function authFailed(res: DavHttpResponse): DavError {
  return new DavError('AUTH_FAILED', `${new URL(res.url).host} refused the user name or password (HTTP ${res.status})`, res.status);
}

function statusError(res: DavHttpResponse, what: string): DavError {
  const s = res.status;
  if (s === 401) return authFailed(res);
  if (s === 403) return new DavError('AUTH_FAILED', `${what}: the server refused access (HTTP 403)`, s);
  if (s === 404 || s === 410) return new DavError('NOT_FOUND', `${what}: not found on the server (HTTP ${s})`, s);
  if (s >= 500 || s === 429 || s === 408) return new DavError('SERVER_ERROR', `${what}: the server answered HTTP ${s}`, s);
  if (s >= 300 && s < 400) return new DavError('BAD_RESPONSE', `${what}: unexpected redirect (HTTP ${s})`, s);
  return new DavError('BAD_RESPONSE', `${what}: unexpected answer HTTP ${s}`, s);
}

function isInvalidToken(res: DavHttpResponse): boolean {
  try {
    const root = parseDavXml(res.body);
    return root.ns === NS.dav && root.name === 'error' && hasChild(root, NS.dav, 'valid-sync-token');
  } catch {
    // Some servers answer 403/409 with no body; with a token in the request that still means "start again".
    return true;
  }
}

const isCollection = (r: DavResponse) => hasChild(r.props.get(key(...P.resourcetype)), NS.dav, 'collection');
const isCalendar = (r: DavResponse) => hasChild(r.props.get(key(...P.resourcetype)), NS.caldav, 'calendar');

function hrefsIn(r: DavResponse, prop: readonly [string, string]): string[] {
  return childrenOf(r.props.get(key(...prop)), NS.dav, 'href')
    .map((h) => textOf(h))
    .filter((h): h is string => !!h);
}

function supportsSyncCollection(r: DavResponse): boolean {
  const reports = r.props.get(key(...P.supportedReports));
  if (reports) {
    return childrenOf(reports, NS.dav, 'supported-report').some((s) => hasChild(child(s, NS.dav, 'report'), NS.dav, 'sync-collection'));
  }
  return r.props.has(key(...P.syncToken));
}

const WRITE_PRIVILEGES = ['write', 'write-content', 'all', 'bind'];

function toCalendar(r: DavResponse, url: URL): RemoteCalendar {
  const comps = r.props.get(key(...P.components));
  const components = comps ? childrenOf(comps, NS.caldav, 'comp').map((c) => (c.attrs.name ?? '').toUpperCase()) : null;
  const privileges = r.props.get(key(...P.privileges));
  const granted = childrenOf(privileges, NS.dav, 'privilege').flatMap((p) => p.children.filter((c) => c.ns === NS.dav).map((c) => c.name));
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  const lastSegment = decodeSegment(path.split('/').filter(Boolean).pop() ?? '');
  return {
    url: new URL(path, url).href,
    name: textOf(r.props.get(key(...P.displayname))) || lastSegment,
    color: normalizeColor(textOf(r.props.get(key(...P.color)))),
    components,
    ctag: textOf(r.props.get(key(...P.ctag))),
    syncToken: textOf(r.props.get(key(...P.syncToken))),
    supportsSyncCollection: supportsSyncCollection(r),
    readOnly: privileges ? !granted.some((p) => WRITE_PRIVILEGES.includes(p)) : false,
  };
}

/** Whether a calendar can hold events (a missing component set means any component). */
export const holdsEvents = (c: RemoteCalendar) => c.components === null || c.components.includes('VEVENT');

/** Apple's calendar-color is `#RRGGBB` or `#RRGGBBAA`; anything else is dropped. */
export function normalizeColor(raw: string | null): string | null {
  const m = raw ? /^#([0-9a-f]{6})(?:[0-9a-f]{2})?$/i.exec(raw.trim()) : null;
  return m ? `#${m[1]!.toLowerCase()}` : null;
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** One spelling per path: each segment decoded, then encoded the same way ("%7e" and "~" compare equal). */
export function canonicalPath(pathname: string): string {
  return pathname
    .split('/')
    .map((s) => encodeURIComponent(decodeSegment(s)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

function toMap(etags: SyncState['etags']): ReadonlyMap<string, string | null> {
  if (!etags) return new Map();
  const entries = etags instanceof Map ? [...etags.entries()] : Object.entries(etags as Record<string, string | null>);
  return new Map(entries.map(([h, e]) => [canonicalPath(h), e]));
}
