import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import {
  deleteEvent,
  eventIdByUid,
  eventIdsInRange,
  eventObjects,
  EventObjectError,
  eventStamps,
  getCalendar,
  listCalendars,
  saveEventObject,
  updateCalendar,
} from '../calendar/index.js';
import { assertPortalWritable } from '../lifecycle/index.js';
import { changesSince, collectionState, collectionVersions, defaultName, nameResource, resolveName, resourceNames } from './caldav.changes.js';
import { davPaths, parseDavPath, type DavPath } from './caldav.paths.js';
import { parseTimeRange } from './caldav.time.js';
import {
  APPLE,
  CALDAV,
  CS,
  DAV,
  child,
  childrenOf,
  errorBody,
  escapeXml,
  is,
  multistatusClose,
  multistatusOpen,
  parseXml,
  response,
  statusResponse,
  XmlError,
  type PropResult,
  type XmlElement,
} from './caldav.xml.js';

/**
 * CalDAV (RFC 4791) over WebDAV (RFC 4918), with sync-collection (RFC 6578): what each
 * method does to which resource. The HTTP plumbing (routes, Basic auth) is in caldav.routes.ts;
 * calendars and events are the calendar module's, read and written through its front door
 * with the caller's rights, so what the REST API forbids, CalDAV forbids.
 */

export interface DavRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface DavAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export const DAV_ALLOW = 'OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, REPORT';
export const DAV_CAPABILITIES = '1, 3, calendar-access';

const XML = { 'content-type': 'application/xml; charset=utf-8' };
const multistatus = (parts: string[], extra = ''): DavAnswer => ({
  status: 207,
  headers: XML,
  body: `${multistatusOpen}${parts.join('')}${extra}${multistatusClose}`,
});
const davError = (status: number, ns: string, condition: string, message?: string): DavAnswer => ({
  status,
  headers: XML,
  body: errorBody(ns, condition, message),
});
const plain = (status: number, text: string): DavAnswer => ({ status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `${text}\n` });

const header = (req: DavRequest, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Answers one authenticated DAV request. */
export async function handleDav(ctx: PortalContext, user: { id: string; name: string; email: string }, req: DavRequest): Promise<DavAnswer> {
  const target = parseDavPath(req.path);
  if (!target) return plain(404, 'Not found');
  if ('userId' in target && target.userId !== user.id) return plain(404, 'Not found');
  try {
    switch (req.method) {
      case 'PROPFIND':
        return await propfind(ctx, user, target, req);
      case 'REPORT':
        return await report(ctx, target, req);
      case 'GET':
      case 'HEAD':
        return await get(ctx, target);
      case 'PUT':
        return await put(ctx, target, req);
      case 'DELETE':
        return await remove(ctx, target, req);
      case 'PROPPATCH':
        return await proppatch(ctx, target, req);
      default:
        return { status: 405, headers: { allow: DAV_ALLOW }, body: '' };
    }
  } catch (err) {
    if (err instanceof XmlError) return plain(400, err.message);
    if (err instanceof EventObjectError) return davError(err.precondition === 'valid-calendar-data' ? 400 : 403, CALDAV, err.precondition, err.message);
    if (err instanceof AppError) {
      if (err.code === 'NOT_FOUND') return plain(404, err.message);
      if (err.code === 'FORBIDDEN' || err.code === 'PORTAL_PAUSED') return davError(403, DAV, 'need-privileges', err.message);
      if (err.code === 'CONFLICT') return davError(403, CALDAV, 'no-uid-conflict', err.message);
      if (err.status === 400) return davError(403, CALDAV, 'valid-calendar-object-resource', err.message);
      return plain(err.status, err.message);
    }
    throw err;
  }
}

// --- Properties -------------------------------------------------------------------------------

type PropKey = `${string} ${string}`;
const key = (ns: string, name: string): PropKey => `${ns} ${name}`;

interface Requested {
  /** null: allprop (every property we have, none reported missing). */
  names: { ns: string; name: string }[] | null;
}

function requestedProps(root: XmlElement | null): Requested {
  if (!root) return { names: null };
  const prop = child(root, DAV, 'prop');
  if (!prop) return { names: null };
  return { names: prop.children.map((c) => ({ ns: c.ns, name: c.name })) };
}

/** Picks the requested properties from what a resource has (values are escaped inner XML). */
function pick(have: Map<PropKey, string>, requested: Requested, lazy?: Map<PropKey, () => string | null>): PropResult[] {
  if (!requested.names) return [...have].map(([k, value]) => ({ ns: k.slice(0, k.indexOf(' ')), name: k.slice(k.indexOf(' ') + 1), value }));
  return requested.names.map(({ ns, name }) => {
    const k = key(ns, name);
    const value = have.get(k) ?? lazy?.get(k)?.() ?? null;
    return { ns, name, value };
  });
}

const href = (path: string) => `<d:href>${escapeXml(path)}</d:href>`;

function commonProps(user: { id: string }): Map<PropKey, string> {
  const p = davPaths(user.id);
  return new Map([
    [key(DAV, 'current-user-principal'), href(p.principal)],
    [key(DAV, 'principal-collection-set'), href(p.principals)],
  ]);
}

function principalProps(user: { id: string; name: string; email: string }): Map<PropKey, string> {
  const p = davPaths(user.id);
  const props = commonProps(user);
  props.set(key(DAV, 'resourcetype'), '<d:principal/>');
  props.set(key(DAV, 'displayname'), escapeXml(user.name));
  props.set(key(DAV, 'principal-URL'), href(p.principal));
  props.set(key(CALDAV, 'calendar-home-set'), href(p.home));
  props.set(key(CALDAV, 'calendar-user-address-set'), href(`mailto:${user.email}`));
  return props;
}

interface CalendarInfo {
  id: string;
  name: string;
  color: string;
  canManage: boolean;
}

const PRIVILEGES_READ = '<d:privilege><d:read/></d:privilege><d:privilege><d:read-current-user-privilege-set/></d:privilege>';
const PRIVILEGES_WRITE = '<d:privilege><d:write-content/></d:privilege><d:privilege><d:bind/></d:privilege><d:privilege><d:unbind/></d:privilege>';
const PRIVILEGE_PROPS = '<d:privilege><d:write-properties/></d:privilege>';

/** Read-only while the portal is paused (LIF-4); renaming and recolouring as the REST API allows (canManage). */
async function writable(ctx: PortalContext): Promise<boolean> {
  try {
    await assertPortalWritable(ctx.deps, ctx.portalId);
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === 'PORTAL_PAUSED') return false;
    throw err;
  }
}

export const syncToken = (calendarId: string, version: number) => `urn:x-schedulingkit:sync:${calendarId}:${version}`;

function calendarProps(user: { id: string }, c: CalendarInfo, version: number, canWrite: boolean): Map<PropKey, string> {
  const props = commonProps(user);
  props.set(key(DAV, 'resourcetype'), '<d:collection/><cal:calendar/>');
  props.set(key(DAV, 'displayname'), escapeXml(c.name));
  props.set(key(APPLE, 'calendar-color'), escapeXml(c.color));
  props.set(key(CALDAV, 'supported-calendar-component-set'), '<cal:comp name="VEVENT"/>');
  props.set(key(CALDAV, 'supported-calendar-data'), '<cal:calendar-data content-type="text/calendar" version="2.0"/>');
  props.set(key(CS, 'getctag'), String(version));
  props.set(key(DAV, 'sync-token'), escapeXml(syncToken(c.id, version)));
  props.set(key(DAV, 'owner'), href(davPaths(user.id).principal));
  props.set(
    key(DAV, 'supported-report-set'),
    ['calendar-query', 'calendar-multiget'].map((r) => `<d:supported-report><d:report><cal:${r}/></d:report></d:supported-report>`).join('') +
      '<d:supported-report><d:report><d:sync-collection/></d:report></d:supported-report>',
  );
  props.set(key(DAV, 'current-user-privilege-set'), PRIVILEGES_READ + (canWrite ? PRIVILEGES_WRITE + (c.canManage ? PRIVILEGE_PROPS : '') : ''));
  return props;
}

const CONTENT_TYPE = 'text/calendar; charset=utf-8; component=vevent';

function objectProps(etag: string): Map<PropKey, string> {
  return new Map([
    [key(DAV, 'getetag'), escapeXml(etag)],
    [key(DAV, 'getcontenttype'), escapeXml(CONTENT_TYPE)],
    [key(DAV, 'resourcetype'), ''],
  ]);
}

/** calendar-data is written only when asked for (each is a serialised event). */
const wantsData = (requested: Requested) => requested.names?.some((n) => n.ns === CALDAV && n.name === 'calendar-data') ?? false;

// --- PROPFIND -----------------------------------------------------------------------------------

async function propfind(ctx: PortalContext, user: { id: string; name: string; email: string }, target: DavPath, req: DavRequest): Promise<DavAnswer> {
  const requested = requestedProps(parseXml(req.body));
  const depth = (header(req, 'depth') ?? 'infinity').trim();
  const deep = depth !== '0';
  const p = davPaths(user.id);
  switch (target.kind) {
    case 'root': {
      const props = commonProps(user);
      props.set(key(DAV, 'resourcetype'), '<d:collection/>');
      props.set(key(CALDAV, 'calendar-home-set'), href(p.home));
      const out = [response(p.root, pick(props, requested))];
      if (deep) out.push(response(p.principal, pick(principalProps(user), requested)));
      return multistatus(out);
    }
    case 'principals': {
      const props = commonProps(user);
      props.set(key(DAV, 'resourcetype'), '<d:collection/>');
      const out = [response(p.principals, pick(props, requested))];
      if (deep) out.push(response(p.principal, pick(principalProps(user), requested)));
      return multistatus(out);
    }
    case 'principal':
      return multistatus([response(p.principal, pick(principalProps(user), requested))]);
    case 'home': {
      const props = commonProps(user);
      props.set(key(DAV, 'resourcetype'), '<d:collection/>');
      props.set(key(DAV, 'displayname'), 'Calendars');
      props.set(key(DAV, 'owner'), href(p.principal));
      props.set(key(DAV, 'current-user-privilege-set'), PRIVILEGES_READ);
      const out = [response(p.home, pick(props, requested))];
      if (deep) {
        const calendars = await listCalendars(ctx);
        const versions = await collectionVersions(
          scopeOf(ctx),
          calendars.map((c) => c.id),
        );
        const canWrite = await writable(ctx);
        for (const c of calendars) out.push(response(p.calendar(c.id), pick(calendarProps(user, c, versions.get(c.id) ?? 0, canWrite), requested)));
      }
      return multistatus(out);
    }
    case 'calendar': {
      const c = await getCalendar(ctx, target.calendarId);
      const s = scopeOf(ctx);
      // The version first: a change committed while the members are read is reported again by the next sync, never lost.
      const { version } = await collectionState(s, c.id);
      const out = [response(p.calendar(c.id), pick(calendarProps(user, c, version, await writable(ctx)), requested))];
      if (deep) out.push(...(await memberResponses(ctx, user, c.id, requested)));
      return multistatus(out);
    }
    case 'object': {
      const found = await findObject(ctx, target.calendarId, target.name);
      if (!found) return plain(404, 'Not found');
      const data = wantsData(requested) ? (await eventObjects(ctx, target.calendarId, [found.eventId])).get(found.eventId) : undefined;
      const stamp = (await eventStamps(ctx, target.calendarId, [found.eventId]))[0];
      if (!stamp) return plain(404, 'Not found');
      const props = objectProps(stamp.etag);
      if (data) props.set(key(CALDAV, 'calendar-data'), escapeXml(data.ics));
      return multistatus([response(p.object(target.calendarId, found.name), pick(props, requested))]);
    }
  }
}

/** Every event of a calendar as a member resource (name, ETag, and calendar-data when asked). */
async function memberResponses(
  ctx: PortalContext,
  user: { id: string },
  calendarId: string,
  requested: Requested,
  only?: readonly string[],
): Promise<string[]> {
  const p = davPaths(user.id);
  const stamps = await eventStamps(ctx, calendarId, only);
  const names = await resourceNames(scopeOf(ctx), calendarId);
  const data = wantsData(requested)
    ? await eventObjects(
        ctx,
        calendarId,
        stamps.map((st) => st.id),
      )
    : null;
  return stamps.map((st) => {
    const props = objectProps(st.etag);
    const d = data?.get(st.id);
    if (d) props.set(key(CALDAV, 'calendar-data'), escapeXml(d.ics));
    return response(p.object(calendarId, names.get(st.id) ?? defaultName(st.id)), pick(props, requested));
  });
}

/** The event a resource name stands for in a calendar the caller sees. */
async function findObject(ctx: PortalContext, calendarId: string, name: string): Promise<{ eventId: string; name: string; etag: string } | null> {
  await getCalendar(ctx, calendarId);
  const s = scopeOf(ctx);
  const named = await resolveName(s, calendarId, name);
  let eventId: string | null = named && !named.deleted ? named.eventId : null;
  if (!named && name.endsWith('.ics')) eventId = name.slice(0, -4);
  if (!eventId) return null;
  const stamp = (await eventStamps(ctx, calendarId, [eventId]))[0];
  return stamp ? { eventId, name, etag: stamp.etag } : null;
}

// --- REPORT -----------------------------------------------------------------------------------

async function report(ctx: PortalContext, target: DavPath, req: DavRequest): Promise<DavAnswer> {
  const root = parseXml(req.body);
  if (!root) return plain(400, 'A REPORT needs a body');
  if (target.kind !== 'calendar') {
    if (target.kind === 'object' && is(root, CALDAV, 'calendar-multiget')) return report(ctx, { ...target, kind: 'calendar' }, req);
    return davError(403, DAV, 'supported-report', 'This resource supports no such report');
  }
  await getCalendar(ctx, target.calendarId);
  const requested = requestedProps(root);
  if (is(root, CALDAV, 'calendar-query')) return calendarQuery(ctx, target, root, requested);
  if (is(root, CALDAV, 'calendar-multiget')) return multiget(ctx, target, root, requested);
  if (is(root, DAV, 'sync-collection')) return syncCollection(ctx, target, root, requested);
  return davError(403, DAV, 'supported-report', `The report ${root.name} is not supported here`);
}

async function calendarQuery(ctx: PortalContext, target: Extract<DavPath, { kind: 'calendar' }>, root: XmlElement, requested: Requested): Promise<DavAnswer> {
  const filter = child(root, CALDAV, 'filter');
  const vcalendar = child(filter, CALDAV, 'comp-filter');
  if (!vcalendar || (vcalendar.attrs.name ?? '').toUpperCase() !== 'VCALENDAR') {
    return davError(403, CALDAV, 'valid-filter', 'The filter must start with a comp-filter for VCALENDAR');
  }
  const comps = childrenOf(vcalendar, CALDAV, 'comp-filter');
  // No component filter: every object. A filter for another component (VTODO, VJOURNAL): none here.
  if (comps.some((c) => (c.attrs.name ?? '').toUpperCase() !== 'VEVENT')) return multistatus([]);
  const vevent = comps[0];
  let only: string[] | undefined;
  const range = child(vevent, CALDAV, 'time-range');
  if (range) {
    const parsed = parseTimeRange(range.attrs.start, range.attrs.end);
    if (!parsed) return davError(403, CALDAV, 'valid-filter', 'time-range needs start and/or end as UTC date-times like 20260301T000000Z');
    only = await eventIdsInRange(ctx, target.calendarId, parsed.fromMs, parsed.toMs);
  }
  return multistatus(await memberResponses(ctx, { id: target.userId }, target.calendarId, requested, only));
}

async function multiget(ctx: PortalContext, target: Extract<DavPath, { kind: 'calendar' }>, root: XmlElement, requested: Requested): Promise<DavAnswer> {
  const p = davPaths(target.userId);
  const wanted = childrenOf(root, DAV, 'href').map((h) => h.text.trim());
  const found: { href: string; eventId: string }[] = [];
  const out: string[] = [];
  for (const h of wanted) {
    const path = parseDavPath(pathOfHref(h));
    const obj =
      path && path.kind === 'object' && path.calendarId === target.calendarId && path.userId === target.userId
        ? await findObject(ctx, path.calendarId, path.name)
        : null;
    if (obj) found.push({ href: p.object(target.calendarId, obj.name), eventId: obj.eventId });
    else out.push(statusResponse(h, '404 Not Found'));
  }
  const stamps = new Map(
    (
      await eventStamps(
        ctx,
        target.calendarId,
        found.map((f) => f.eventId),
      )
    ).map((s) => [s.id, s]),
  );
  const data = wantsData(requested)
    ? await eventObjects(
        ctx,
        target.calendarId,
        found.map((f) => f.eventId),
      )
    : null;
  for (const f of found) {
    const stamp = stamps.get(f.eventId);
    if (!stamp) {
      out.push(statusResponse(f.href, '404 Not Found'));
      continue;
    }
    const props = objectProps(stamp.etag);
    const d = data?.get(f.eventId);
    if (d) props.set(key(CALDAV, 'calendar-data'), escapeXml(d.ics));
    out.push(response(f.href, pick(props, requested)));
  }
  return multistatus(out);
}

const TOKEN = /^urn:x-schedulingkit:sync:([^:]+):(\d{1,15})$/;

async function syncCollection(ctx: PortalContext, target: Extract<DavPath, { kind: 'calendar' }>, root: XmlElement, requested: Requested): Promise<DavAnswer> {
  const p = davPaths(target.userId);
  const s = scopeOf(ctx);
  const state = await collectionState(s, target.calendarId);
  const given = child(root, DAV, 'sync-token')?.text.trim() ?? '';
  const level = child(root, DAV, 'sync-level')?.text.trim() ?? '1';
  if (level !== '1' && level !== 'infinite') return plain(400, 'sync-level must be 1');
  const tokenOut = `<d:sync-token>${escapeXml(syncToken(target.calendarId, state.version))}</d:sync-token>`;
  if (!given) return multistatus(await memberResponses(ctx, { id: target.userId }, target.calendarId, requested), tokenOut);
  const m = TOKEN.exec(given);
  const since = m && m[1] === target.calendarId ? Number(m[2]) : NaN;
  if (!Number.isFinite(since) || since > state.version || since < state.minVersion) {
    return davError(403, DAV, 'valid-sync-token', 'The sync token is not valid (any more): sync again without one');
  }
  const changes = await changesSince(s, target.calendarId, since);
  const live = changes.filter((c) => !c.deleted);
  const stamps = new Map(
    (
      await eventStamps(
        ctx,
        target.calendarId,
        live.map((c) => c.event_id),
      )
    ).map((st) => [st.id, st]),
  );
  const data = wantsData(requested)
    ? await eventObjects(
        ctx,
        target.calendarId,
        live.map((c) => c.event_id),
      )
    : null;
  const out: string[] = [];
  for (const c of changes) {
    const stamp = c.deleted ? undefined : stamps.get(c.event_id);
    if (!stamp) {
      out.push(statusResponse(p.object(target.calendarId, c.name), '404 Not Found'));
      continue;
    }
    const props = objectProps(stamp.etag);
    const d = data?.get(c.event_id);
    if (d) props.set(key(CALDAV, 'calendar-data'), escapeXml(d.ics));
    out.push(response(p.object(target.calendarId, c.name), pick(props, requested)));
  }
  return multistatus(out, tokenOut);
}

/** The path of an href (absolute URL or absolute path). */
function pathOfHref(h: string): string {
  try {
    return new URL(h, 'http://x').pathname;
  } catch {
    return '';
  }
}

// --- GET, PUT, DELETE, PROPPATCH -----------------------------------------------------------------

async function get(ctx: PortalContext, target: DavPath): Promise<DavAnswer> {
  if (target.kind !== 'object') return plain(405, 'Only calendar objects can be fetched with GET; use PROPFIND');
  const found = await findObject(ctx, target.calendarId, target.name);
  if (!found) return plain(404, 'Not found');
  const obj = (await eventObjects(ctx, target.calendarId, [found.eventId])).get(found.eventId);
  if (!obj) return plain(404, 'Not found');
  return { status: 200, headers: { 'content-type': CONTENT_TYPE, etag: obj.etag }, body: obj.ics };
}

/** If-Match / If-None-Match (RFC 7232) against the current ETag (null: no such resource). */
function preconditionFails(req: DavRequest, etag: string | null): boolean {
  const ifMatch = header(req, 'if-match');
  const ifNoneMatch = header(req, 'if-none-match');
  const list = (v: string) => v.split(',').map((x) => x.trim().replace(/^W\//, ''));
  if (ifMatch !== undefined) {
    if (etag === null) return true;
    if (ifMatch.trim() !== '*' && !list(ifMatch).includes(etag)) return true;
  }
  if (ifNoneMatch !== undefined && etag !== null) {
    if (ifNoneMatch.trim() === '*' || list(ifNoneMatch).includes(etag)) return true;
  }
  return false;
}

const NAME = /^[^/\\\0]{1,200}$/;

async function put(ctx: PortalContext, target: DavPath, req: DavRequest): Promise<DavAnswer> {
  if (target.kind !== 'object') return plain(405, 'PUT creates or replaces calendar objects only');
  if (!NAME.test(target.name)) return plain(400, 'The resource name is not valid');
  const type = (header(req, 'content-type') ?? 'text/calendar').toLowerCase();
  if (!type.startsWith('text/calendar')) return davError(415, CALDAV, 'supported-calendar-data', 'Send the object as text/calendar');
  const found = await findObject(ctx, target.calendarId, target.name);
  if (preconditionFails(req, found?.etag ?? null)) return plain(412, 'Precondition failed: the resource changed or exists');
  await assertPortalWritable(ctx.deps, ctx.portalId);
  if (!found) {
    // A new resource whose UID is already in the calendar under another name.
    const uid = /^UID:(.*)$/im.exec(req.body.replace(/\r?\n[ \t]/g, ''))?.[1]?.trim();
    if (uid && (await eventIdByUid(ctx, target.calendarId, uid)))
      return davError(403, CALDAV, 'no-uid-conflict', 'The calendar already has an event with this UID');
  }
  const saved = await saveEventObject(ctx, target.calendarId, req.body, {
    eventId: found?.eventId ?? null,
    within: async (trx, id) => nameResource(scopeOf(ctx, trx), target.calendarId, id, target.name),
  });
  return { status: saved.created ? 201 : 204, headers: { etag: saved.etag } };
}

async function remove(ctx: PortalContext, target: DavPath, req: DavRequest): Promise<DavAnswer> {
  if (target.kind !== 'object') return davError(403, DAV, 'need-privileges', 'Calendars are deleted in the app');
  const found = await findObject(ctx, target.calendarId, target.name);
  if (!found) return plain(404, 'Not found');
  if (preconditionFails(req, found.etag)) return plain(412, 'Precondition failed: the resource changed');
  await assertPortalWritable(ctx.deps, ctx.portalId);
  await deleteEvent(ctx, found.eventId);
  return { status: 204 };
}

/** Renaming and recolouring a calendar (as PATCH /api/calendars/:id allows: its owner, admins for shared ones). */
async function proppatch(ctx: PortalContext, target: DavPath, req: DavRequest): Promise<DavAnswer> {
  if (target.kind !== 'calendar') return davError(403, DAV, 'need-privileges', 'Only calendars have properties that can be changed');
  const root = parseXml(req.body);
  if (!root || !is(root, DAV, 'propertyupdate')) return plain(400, 'PROPPATCH needs a propertyupdate body');
  const patch: { name?: string; color?: string } = {};
  const results: { ns: string; name: string; ok: boolean }[] = [];
  for (const op of root.children) {
    for (const prop of childrenOf(op, DAV, 'prop').flatMap((x) => x.children)) {
      const value = prop.text.trim();
      if (is(op, DAV, 'set') && is(prop, DAV, 'displayname') && value && value.length <= 100) {
        patch.name = value;
        results.push({ ns: prop.ns, name: prop.name, ok: true });
      } else if (is(op, DAV, 'set') && is(prop, APPLE, 'calendar-color') && /^#[0-9a-f]{6}([0-9a-f]{2})?$/i.test(value)) {
        patch.color = value.slice(0, 7);
        results.push({ ns: prop.ns, name: prop.name, ok: true });
      } else results.push({ ns: prop.ns, name: prop.name, ok: false });
    }
  }
  const p = davPaths(target.userId);
  const failed = results.some((r) => !r.ok);
  if (!failed) {
    await assertPortalWritable(ctx.deps, ctx.portalId);
    if (patch.name !== undefined || patch.color !== undefined) await updateCalendar(ctx, target.calendarId, patch);
  }
  // All or nothing (RFC 4918 §9.2): one refused property fails the others with 424.
  const status = (ok: boolean) => (!failed ? '200 OK' : ok ? '424 Failed Dependency' : '403 Forbidden');
  const body = results
    .map((r) => `<d:propstat><d:prop>${`<x:${r.name} xmlns:x="${escapeXml(r.ns)}"/>`}</d:prop><d:status>HTTP/1.1 ${status(r.ok)}</d:status></d:propstat>`)
    .join('');
  return multistatus([`<d:response><d:href>${escapeXml(p.calendar(target.calendarId))}</d:href>${body}</d:response>`]);
}
