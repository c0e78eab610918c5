import { newId } from '../../kernel/ids.js';
import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError, type ErrorCode } from '../../kernel/errors.js';
import type { Executor } from '../../db/scope.js';
import type { ConnectionCalendarRow, ExternalEventRow } from '../../db/tables/connections.js';
import { expandIcs } from '../calendar/index.js';
import { CalDavClient, DavError, type DavErrorCode, type RemoteCalendar, type SyncResult } from './caldav-client.js';
import { CHUNK, insertExternalEvents } from './connections.repo.js';
import type { KindSync } from './sync.types.js';

/**
 * A CalDAV account's sync (issue 18 item 2): discovery finds its calendars
 * (new ones are added, counted as busy; vanished ones removed with their
 * events), then each calendar is synced incrementally by the CalDAV client
 * (sync-token, or ctag + ETags; `connection_items` holds what was seen), and
 * only the items that changed are expanded and replaced. A sync that must
 * reach further ahead (`full`) fetches every item again.
 */

const CODES: Record<DavErrorCode, ErrorCode> = {
  AUTH_FAILED: 'CONNECTION_AUTH_FAILED',
  ADDRESS_BLOCKED: 'CONNECTION_ADDRESS_REFUSED',
  INVALID_URL: 'CONNECTION_ADDRESS_REFUSED',
  TIMEOUT: 'CONNECTION_UNREACHABLE',
  NETWORK: 'CONNECTION_UNREACHABLE',
  SERVER_ERROR: 'CONNECTION_UNREACHABLE',
  RESPONSE_TOO_LARGE: 'CONNECTION_TOO_LARGE',
  TOO_MANY_REDIRECTS: 'CONNECTION_BAD_RESPONSE',
  NOT_CALDAV: 'CONNECTION_BAD_RESPONSE',
  NOT_FOUND: 'CONNECTION_BAD_RESPONSE',
  PRECONDITION_FAILED: 'CONNECTION_BAD_RESPONSE',
  BAD_RESPONSE: 'CONNECTION_BAD_RESPONSE',
};

/** The CalDAV client's failure as the error a connection shows (`lastError`) or a route answers. */
export function connectionErrorOf(err: unknown): unknown {
  if (!(err instanceof DavError)) return err;
  const message = err.code === 'AUTH_FAILED' ? `${err.message}: check the user name and the app password` : err.message;
  return new AppError(CODES[err.code], message);
}

/** UIDs of events made by this app; a write-back calendar's copies of them are not read back as external busy time. */
export const OWN_UID = /@schedulingkit$/;

export interface CalDavRemote {
  timeoutMs: number;
  maxBytes: number;
  allowLoopback: boolean;
}

export function caldavClientFor(url: string, username: string | null, password: string | null, remote: CalDavRemote): CalDavClient {
  try {
    return new CalDavClient(
      { url, username, password },
      { allowLoopback: remote.allowLoopback, timeoutMs: remote.timeoutMs, maxResponseBytes: remote.maxBytes },
    );
  } catch (err) {
    throw connectionErrorOf(err);
  }
}

/** POST /api/calendar-connections/test for a CalDAV account: its calendars, found as a sync finds them. */
export async function discoverCaldav(url: string, username: string | null, password: string | null, remote: CalDavRemote) {
  const client = caldavClientFor(url, username, password, remote);
  try {
    return (await client.discover()).calendars;
  } catch (err) {
    throw connectionErrorOf(err);
  } finally {
    client.close();
  }
}

interface CalendarPlan {
  row: ConnectionCalendarRow | null;
  remote: RemoteCalendar;
  result: SyncResult;
  /** Occurrences of the changed items, by href. */
  occurrences: Map<string, Omit<ExternalEventRow, 'portal_id' | 'id' | 'calendar_id'>[]>;
}

export const syncCaldav: KindSync = async ({ ctx, connection, calendars, password, windowStartMs, windowEndMs, full, remote }) => {
  const client = caldavClientFor(connection.url, connection.username, password, remote);
  try {
    const found = await client.discover();
    const rowsByUrl = new Map(calendars.map((c) => [c.url, c]));
    const foundUrls = new Set(found.calendars.map((c) => c.url));
    const gone = calendars.filter((c) => !foundUrls.has(c.url));
    const plans: CalendarPlan[] = [];
    for (const cal of found.calendars) {
      const row = rowsByUrl.get(cal.url) ?? null;
      const previous = row && !full ? { token: row.sync_token, ctag: row.ctag, etags: await itemsOf(ctx, row.id) } : {};
      const result = await client.sync(cal.url, previous);
      const occurrences = new Map<string, Omit<ExternalEventRow, 'portal_id' | 'id' | 'calendar_id'>[]>();
      for (const item of result.changed) {
        const expanded = expandIcs(item.ics, windowStartMs, windowEndMs, 'UTC');
        // An item that cannot be read is remembered (its ETag) with no occurrences, so it is not fetched again until it changes.
        // This app's own bookings written back here are already busy time (and shown) as the app's events.
        const ownCopy = row?.write_back === 1 ? (o: { uid: string }) => OWN_UID.test(o.uid) : () => false;
        const list = expanded.ok ? expanded.occurrences.filter((o) => !ownCopy(o)) : [];
        occurrences.set(
          item.href,
          list.map((o) => ({
            user_id: connection.user_id,
            connection_id: connection.id,
            href: item.href,
            uid: o.uid.slice(0, 500),
            recurrence_id: o.recurrenceId,
            title: o.title.slice(0, 200),
            start_utc: new Date(o.startMs).toISOString(),
            end_utc: new Date(o.endMs).toISOString(),
            all_day: o.allDay ? 1 : 0,
            busy: o.busy ? 1 : 0,
          })),
        );
      }
      plans.push({ row, remote: cal, result, occurrences });
    }
    const renamed = plans.some((p) => p.row && (p.row.name !== p.remote.name || p.row.color !== p.remote.color));
    const changed = full || gone.length > 0 || renamed || plans.some((p) => !p.row || p.result.mode !== 'unchanged');
    if (!changed) return { changed: false };
    return {
      changed: true,
      async apply(trx: Executor) {
        const s = scopeOf(ctx, trx);
        const at = new Date(ctx.deps.clock.now().getTime()).toISOString();
        for (const c of gone) await dropCalendarContent(ctx, trx, c.id, null);
        if (gone.length)
          await s
            .deleteFrom('connection_calendars')
            .where(
              'id',
              'in',
              gone.map((c) => c.id),
            )
            .execute();
        for (const plan of plans) {
          let calendarId: string;
          if (plan.row) {
            calendarId = plan.row.id;
            await s
              .updateTable('connection_calendars', {
                name: plan.remote.name.slice(0, 200),
                color: plan.remote.color,
                sync_token: plan.result.token,
                ctag: plan.result.ctag,
                updated_at: at,
              })
              .where('id', '=', calendarId)
              .execute();
          } else {
            calendarId = newId();
            await s
              .insertInto('connection_calendars', {
                id: calendarId,
                connection_id: connection.id,
                url: plan.remote.url,
                name: plan.remote.name.slice(0, 200),
                color: plan.remote.color,
                busy: 1,
                write_back: 0,
                sync_token: plan.result.token,
                ctag: plan.result.ctag,
                created_at: at,
                updated_at: at,
              })
              .execute();
          }
          if (plan.result.mode === 'unchanged') continue;
          // Asked for in full (nothing known was sent): replace all it held. Otherwise the client
          // compared with what is held (also after a refused sync token): replace what changed or went.
          if (full) await dropCalendarContent(ctx, trx, calendarId, null);
          else await dropCalendarContent(ctx, trx, calendarId, [...plan.result.removed, ...plan.result.changed.map((e) => e.href)]);
          const items = plan.result.changed.map((e) => ({ calendar_id: calendarId, href: e.href, etag: e.etag, updated_at: at }));
          for (let i = 0; i < items.length; i += CHUNK) await s.insertInto('connection_items', items.slice(i, i + CHUNK)).execute();
          await insertExternalEvents(
            s,
            [...plan.occurrences.values()].flat().map((o) => ({ ...o, id: newId(), calendar_id: calendarId })),
          );
        }
      },
    };
  } catch (err) {
    throw connectionErrorOf(err);
  } finally {
    client.close();
  }
};

async function itemsOf(ctx: PortalContext, calendarId: string): Promise<Map<string, string | null>> {
  const rows = await scopeOf(ctx).selectFrom('connection_items').select(['href', 'etag']).where('calendar_id', '=', calendarId).execute();
  return new Map(rows.map((r) => [r.href, r.etag]));
}

/** Removes a calendar's items and occurrences: all of them (hrefs null) or those of the given hrefs. */
async function dropCalendarContent(ctx: PortalContext, trx: Executor, calendarId: string, hrefs: string[] | null): Promise<void> {
  const s = scopeOf(ctx, trx);
  if (hrefs === null) {
    await s.deleteFrom('external_events').where('calendar_id', '=', calendarId).execute();
    await s.deleteFrom('connection_items').where('calendar_id', '=', calendarId).execute();
    return;
  }
  for (let i = 0; i < hrefs.length; i += CHUNK) {
    const batch = hrefs.slice(i, i + CHUNK);
    await s.deleteFrom('external_events').where('calendar_id', '=', calendarId).where('href', 'in', batch).execute();
    await s.deleteFrom('connection_items').where('calendar_id', '=', calendarId).where('href', 'in', batch).execute();
  }
}
