import { randomUUID } from 'node:crypto';
import { actorUserId, nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { busyTimeChanged } from '../../kernel/busy-time.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { literalHostProblem } from '../../kernel/ssrf.js';
import { recordAudit } from '../audit/index.js';
import { expandIcs } from '../calendar/index.js';
import type { CalendarConnectionRow, ConnectionCalendarRow } from '../../db/tables/connections.js';
import { calendarsOf, findConnection, listConnectionsOf, writeBackCalendarsOf } from './connections.repo.js';
import type { ConnectionOut, CreateConnectionInput, TestConnectionInput, UpdateConnectionInput } from './connections.schema.js';
import { normalizeFeedUrl, remoteError, remoteRequest, statusError } from './remote-fetch.js';
import { sealSecret } from './secrets.js';
import { armSync, syncConnection, WINDOW_AHEAD_MS, WINDOW_BACK_MS } from './sync.js';

export const DEFAULT_COLOR = '#868e96';
const MAX_RANGE_MS = 400 * 86_400_000;

const invalid = (path: string, message: string) => new AppError('VALIDATION_FAILED', `${path} ${message}`, { fields: [{ path, message, in: 'body' }] });

function ownerOf(ctx: PortalContext): string {
  const id = actorUserId(ctx);
  if (!id) throw new AppError('FORBIDDEN', 'Calendar connections belong to a user');
  return id;
}

/** The address to store: webcal:// as https://, http(s) only, and no address the SSRF rules refuse anyway. */
function checkedUrl(ctx: PortalContext, raw: string): URL {
  const url = normalizeFeedUrl(raw);
  if (!url) throw invalid('url', 'must be an https:// (or webcal://, http://) address without a user name in it');
  const problem = literalHostProblem(url, ctx.deps.config.WEBHOOK_ALLOW_LOOPBACK);
  if (problem) throw remoteError('CONNECTION_ADDRESS_REFUSED', `Refused to connect to ${url.host}: the address ${problem}`);
  return url;
}

const calendarOut = (c: ConnectionCalendarRow) => ({ id: c.id, url: c.url, name: c.name, color: c.color, busy: c.busy === 1, writeBack: c.write_back === 1 });

export function toConnectionOut(row: CalendarConnectionRow, calendars: ConnectionCalendarRow[]): ConnectionOut {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    url: row.url,
    username: row.username,
    hasPassword: row.secret !== null,
    status: row.status,
    color: row.color ?? DEFAULT_COLOR,
    lastSyncAt: row.last_sync_at,
    lastError: row.last_error_code ? { code: row.last_error_code, message: row.last_error_message ?? '' } : null,
    nextSyncAt: row.next_sync_at,
    eventCount: row.event_count,
    calendars: calendars.map(calendarOut),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The caller's own connection; anyone else's (or another portal's) is not found. */
async function ownConnection(ctx: PortalContext, id: string): Promise<CalendarConnectionRow> {
  const row = await findConnection(scopeOf(ctx), id);
  if (!row || row.user_id !== ownerOf(ctx)) throw notFound('Calendar connection');
  return row;
}

async function present(ctx: PortalContext, row: CalendarConnectionRow): Promise<ConnectionOut> {
  return toConnectionOut(row, (await calendarsOf(scopeOf(ctx), [row.id])).get(row.id) ?? []);
}

export async function listConnections(ctx: PortalContext): Promise<ConnectionOut[]> {
  const s = scopeOf(ctx);
  const rows = await listConnectionsOf(s, ownerOf(ctx));
  const calendars = await calendarsOf(
    s,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toConnectionOut(r, calendars.get(r.id) ?? []));
}

export async function getConnection(ctx: PortalContext, id: string): Promise<ConnectionOut> {
  return present(ctx, await ownConnection(ctx, id));
}

const defaultName = (url: URL, kind: string) => (kind === 'ics' ? url.hostname : `${url.hostname} (CalDAV)`).slice(0, 100);

/** Connects a calendar: stored with status "pending" and synced by a job queued now (or at once by POST …/sync). */
export async function createConnection(ctx: PortalContext, input: CreateConnectionInput): Promise<ConnectionOut> {
  const userId = ownerOf(ctx);
  const url = checkedUrl(ctx, input.url);
  if (input.kind === 'caldav' && (!input.username || !input.password)) {
    throw invalid(input.username ? 'password' : 'username', 'is required for a CalDAV account (use an app password)');
  }
  const id = randomUUID();
  const at = nowIso(ctx);
  const secret = input.password ? sealSecret(ctx.deps.config, id, input.password) : null;
  const row: Omit<CalendarConnectionRow, 'portal_id'> = {
    id,
    user_id: userId,
    kind: input.kind,
    name: input.name ?? defaultName(url, input.kind),
    color: input.color ?? null,
    url: url.toString(),
    username: input.username || null,
    secret,
    status: 'pending',
    last_sync_at: null,
    last_error_code: null,
    last_error_message: null,
    failures: 0,
    next_sync_at: null,
    http_etag: null,
    http_last_modified: null,
    window_end: null,
    event_count: 0,
    created_at: at,
    updated_at: at,
  };
  await ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    await s.insertInto('calendar_connections', row).execute();
    // A subscription is one calendar; a CalDAV account's calendars are found by its first sync.
    if (input.kind === 'ics') {
      await s
        .insertInto('connection_calendars', {
          id: randomUUID(),
          connection_id: id,
          url: url.toString(),
          name: row.name,
          color: null,
          busy: 1,
          write_back: 0,
          sync_token: null,
          ctag: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
    }
    await armSync(ctx, trx, id, ctx.deps.clock.now());
    await recordAudit(
      ctx,
      { action: 'calendar_connection.created', targetType: 'calendar_connection', targetId: id, details: { kind: input.kind, host: url.host } },
      trx,
    );
  });
  return getConnection(ctx, id);
}

export async function updateConnection(ctx: PortalContext, id: string, input: UpdateConnectionInput): Promise<ConnectionOut> {
  const current = await ownConnection(ctx, id);
  const s = scopeOf(ctx);
  const calendars = (await calendarsOf(s, [id])).get(id) ?? [];
  const byId = new Map(calendars.map((c) => [c.id, c]));
  const changes = input.calendars ?? [];
  changes.forEach((c, i) => {
    if (!byId.has(c.id)) throw invalid(`calendars.${i}.id`, 'is not a calendar of this connection');
    if (c.writeBack && current.kind !== 'caldav')
      throw invalid(`calendars.${i}.writeBack`, 'is only possible for CalDAV calendars (a subscription is read-only)');
  });
  const wantsWriteBack = changes.filter((c) => c.writeBack === true);
  if (wantsWriteBack.length > 1) throw invalid('calendars', 'may name at most one write-back calendar');
  if (wantsWriteBack.length === 1) {
    const turnedOff = new Set(changes.filter((c) => c.writeBack === false).map((c) => c.id));
    const others = (await writeBackCalendarsOf(s, current.user_id)).filter((c) => c.id !== wantsWriteBack[0]!.id && !turnedOff.has(c.id));
    if (others.length) {
      throw new AppError('WRITE_BACK_TAKEN', 'Another calendar already receives your bookings; turn its write-back off first', {
        calendarId: others[0]!.id,
        connectionId: others[0]!.connection_id,
      });
    }
  }
  const url = input.url !== undefined ? checkedUrl(ctx, input.url).toString() : current.url;
  const urlChanged = url !== current.url;
  const at = nowIso(ctx);
  const patch: Partial<CalendarConnectionRow> = { updated_at: at };
  if (input.name !== undefined) patch.name = input.name;
  if (input.color !== undefined) patch.color = input.color;
  if (input.username !== undefined) patch.username = input.username || null;
  if (input.password !== undefined) patch.secret = input.password ? sealSecret(ctx.deps.config, id, input.password) : null;
  const credentialsChanged = input.username !== undefined || input.password !== undefined;
  if (urlChanged) Object.assign(patch, { url, http_etag: null, http_last_modified: null, window_end: null });
  if (urlChanged || credentialsChanged) Object.assign(patch, { status: 'pending', failures: 0 });
  let busyChanged = false;
  await ctx.deps.db.transaction().execute(async (trx) => {
    const t = scopeOf(ctx, trx);
    await t.updateTable('calendar_connections', patch).where('id', '=', id).execute();
    for (const c of changes) {
      const before = byId.get(c.id)!;
      const busy = c.busy === undefined ? before.busy : c.busy ? 1 : 0;
      const writeBack = c.writeBack === undefined ? before.write_back : c.writeBack ? 1 : 0;
      if (busy !== before.busy) busyChanged = true;
      await t.updateTable('connection_calendars', { busy, write_back: writeBack, updated_at: at }).where('id', '=', c.id).execute();
    }
    if (current.kind === 'ics' && urlChanged) await t.updateTable('connection_calendars', { url, updated_at: at }).where('connection_id', '=', id).execute();
    if (busyChanged) await busyTimeChanged(ctx, trx, { userIds: [current.user_id] });
    if (urlChanged || credentialsChanged) await armSync(ctx, trx, id, ctx.deps.clock.now());
    await recordAudit(
      ctx,
      {
        action: 'calendar_connection.updated',
        targetType: 'calendar_connection',
        targetId: id,
        details: { fields: Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined) },
      },
      trx,
    );
  });
  return getConnection(ctx, id);
}

/** Disconnects: the connection, its calendars and events go in one transaction. A second DELETE finds nothing (404) and changes nothing. */
export async function deleteConnection(ctx: PortalContext, id: string): Promise<void> {
  const current = await ownConnection(ctx, id);
  await ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    await s.deleteFrom('external_events').where('connection_id', '=', id).execute();
    const calendarIds = (await s.selectFrom('connection_calendars').select('id').where('connection_id', '=', id).execute()).map((c) => c.id);
    if (calendarIds.length) await s.deleteFrom('connection_items').where('calendar_id', 'in', calendarIds).execute();
    await s.deleteFrom('connection_calendars').where('connection_id', '=', id).execute();
    const gone = await s.deleteFrom('calendar_connections').where('id', '=', id).executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) return; // a DELETE at the same time did it
    await busyTimeChanged(ctx, trx, { userIds: [current.user_id] });
    await recordAudit(
      ctx,
      { action: 'calendar_connection.deleted', targetType: 'calendar_connection', targetId: id, details: { kind: current.kind, name: current.name } },
      trx,
    );
  });
}

/** POST …/:id/sync: syncs now and answers with the outcome. */
export async function syncNow(ctx: PortalContext, id: string) {
  await ownConnection(ctx, id);
  const outcome = await syncConnection(ctx, id);
  if (!outcome) throw notFound('Calendar connection');
  const out = toConnectionOut(outcome.connection, []);
  return { id, status: out.status, eventCount: out.eventCount, lastSyncAt: out.lastSyncAt, lastError: out.lastError, changed: outcome.changed };
}

/** POST …/test: reaches the address as a sync would, and writes nothing. */
export async function testConnection(ctx: PortalContext, input: TestConnectionInput) {
  ownerOf(ctx);
  const url = checkedUrl(ctx, input.url);
  const { config } = ctx.deps;
  const remote = { timeoutMs: config.CALENDAR_FETCH_TIMEOUT_MS, maxBytes: config.CALENDAR_MAX_BYTES, allowLoopback: config.WEBHOOK_ALLOW_LOOPBACK };
  const auth = input.username && input.password ? { auth: { username: input.username, password: input.password } } : {};
  if (input.kind === 'caldav') {
    // Until the CalDAV client answers with the account's calendars: the server must answer a PROPFIND.
    const res = await remoteRequest(url, {
      ...remote,
      ...auth,
      method: 'PROPFIND',
      headers: { depth: '0', 'content-type': 'application/xml; charset=utf-8' },
      body: '',
    });
    if (res.status !== 207) throw statusError(res);
    return { reachable: true as const, calendars: [], eventCount: null };
  }
  const res = await remoteRequest(url, { ...remote, ...auth, headers: { accept: 'text/calendar, */*;q=0.5' } });
  if (res.status < 200 || res.status >= 300) throw statusError(res);
  const now = ctx.deps.clock.now(ctx.portalId).getTime();
  const expanded = expandIcs(res.body.toString('utf8'), now - WINDOW_BACK_MS, now + WINDOW_AHEAD_MS);
  if (!expanded.ok) throw remoteError('CONNECTION_BAD_RESPONSE', `The address does not serve an iCalendar feed: ${expanded.message}`);
  return { reachable: true as const, calendars: [{ url: url.toString(), name: url.hostname, color: null }], eventCount: expanded.events };
}

/** GET …/events: the occurrences of the caller's connected calendars in [start, end), for the calendar view. */
export async function listExternalEvents(ctx: PortalContext, query: { start: string; end: string }) {
  const startMs = Date.parse(query.start);
  const endMs = Date.parse(query.end);
  const bad = (path: string, message: string) => new AppError('VALIDATION_FAILED', `${path} ${message}`, { fields: [{ path, message, in: 'querystring' }] });
  if (!Number.isFinite(startMs) || !/^\d{4}-\d{2}-\d{2}T/.test(query.start)) throw bad('start', 'must be an ISO instant like 2026-03-01T00:00:00Z');
  if (!Number.isFinite(endMs) || !/^\d{4}-\d{2}-\d{2}T/.test(query.end)) throw bad('end', 'must be an ISO instant like 2026-04-01T00:00:00Z');
  if (endMs <= startMs) throw bad('end', 'must be after start');
  if (endMs - startMs > MAX_RANGE_MS) throw bad('end', 'must be at most 400 days after start');
  const rows = await scopeOf(ctx)
    .selectFrom('external_events')
    .innerJoin('connection_calendars', 'connection_calendars.id', 'external_events.calendar_id')
    .innerJoin('calendar_connections', 'calendar_connections.id', 'external_events.connection_id')
    .select([
      'external_events.connection_id',
      'external_events.calendar_id',
      'external_events.title',
      'external_events.start_utc',
      'external_events.end_utc',
      'external_events.all_day',
      'external_events.busy',
      'connection_calendars.color as calendar_color',
      'calendar_connections.color as connection_color',
    ])
    .where('external_events.user_id', '=', ownerOf(ctx))
    .where('external_events.start_utc', '<', new Date(endMs).toISOString())
    .where('external_events.end_utc', '>', new Date(startMs).toISOString())
    .orderBy('external_events.start_utc')
    .orderBy('external_events.id')
    .limit(10_000)
    .execute();
  return {
    items: rows.map((r) => ({
      connectionId: r.connection_id,
      calendarId: r.calendar_id,
      title: r.title,
      start: r.start_utc,
      end: r.end_utc,
      allDay: r.all_day === 1,
      color: r.connection_color ?? r.calendar_color ?? DEFAULT_COLOR,
      busy: r.busy === 1,
    })),
  };
}
