import { randomUUID } from 'node:crypto';
import { scopeOf } from '../../kernel/context.js';
import { expandIcs } from '../calendar/index.js';
import { insertExternalEvents } from './connections.repo.js';
import { remoteError, remoteRequest, statusError } from './remote-fetch.js';
import type { KindSync } from './sync.types.js';

/**
 * An iCalendar subscription (Google's secret address, Outlook's published
 * calendar, any webcal/https feed): a conditional GET (If-None-Match /
 * If-Modified-Since; 304 changes nothing), the feed read and expanded by the
 * calendar module, and the connection's occurrences replaced as a whole.
 */
export const syncIcs: KindSync = async ({ ctx, connection, calendars, password, windowStartMs, windowEndMs, full, remote }) => {
  const calendar = calendars[0];
  if (!calendar) throw new Error(`subscription ${connection.id} has no calendar row`);
  const headers: Record<string, string> = { accept: 'text/calendar, */*;q=0.5' };
  if (!full && connection.http_etag) headers['if-none-match'] = connection.http_etag;
  if (!full && connection.http_last_modified) headers['if-modified-since'] = connection.http_last_modified;
  const res = await remoteRequest(new URL(connection.url), {
    ...remote,
    headers,
    ...(connection.username && password !== null ? { auth: { username: connection.username, password } } : {}),
  });
  if (res.status === 304) return { changed: false };
  if (res.status < 200 || res.status >= 300) throw statusError(res);
  const expanded = expandIcs(res.body.toString('utf8'), windowStartMs, windowEndMs, 'UTC');
  if (!expanded.ok) throw remoteError('CONNECTION_BAD_RESPONSE', `The address does not serve an iCalendar feed: ${expanded.message}`);
  const header = (name: string) => {
    const v = res.headers[name];
    return typeof v === 'string' && v.length <= 500 ? v : null;
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    changed: true,
    connection: { http_etag: header('etag'), http_last_modified: header('last-modified') },
    async apply(trx) {
      const s = scopeOf(ctx, trx);
      await s.deleteFrom('external_events').where('connection_id', '=', connection.id).execute();
      await insertExternalEvents(
        s,
        expanded.occurrences.map((o) => ({
          id: randomUUID(),
          user_id: connection.user_id,
          connection_id: connection.id,
          calendar_id: calendar.id,
          href: null,
          uid: o.uid.slice(0, 500),
          recurrence_id: o.recurrenceId,
          title: o.title.slice(0, 200),
          start_utc: iso(o.startMs),
          end_utc: iso(o.endMs),
          all_day: o.allDay ? 1 : 0,
          busy: o.busy ? 1 : 0,
        })),
      );
    },
  };
};
