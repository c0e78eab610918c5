import type { PortalContext } from '../../kernel/context.js';
import type { Executor } from '../../db/scope.js';
import type { CalendarConnectionRow, ConnectionCalendarRow, ConnectionKind } from '../../db/tables/connections.js';
import type { RemoteOptions } from './remote-fetch.js';

/**
 * What one kind of connection (an iCalendar subscription, a CalDAV account) does
 * in a sync; the orchestration around it (status, backoff, the transaction, the
 * event count, busy-time announcements, the next job) is sync.ts's.
 */
export interface SyncInput {
  ctx: PortalContext;
  connection: CalendarConnectionRow;
  calendars: ConnectionCalendarRow[];
  /** The stored password, decrypted (null when none). */
  password: string | null;
  /** Occurrences are kept within [windowStartMs, windowEndMs). */
  windowStartMs: number;
  windowEndMs: number;
  /** Fetch everything (no If-None-Match, sync token or ctag): the window moved on, the address changed. */
  full: boolean;
  /** Timeout, size limit, loopback switch for remoteRequest. */
  remote: Omit<RemoteOptions, 'method' | 'headers' | 'body' | 'auth'>;
}

export interface SyncPlan {
  /** False when the other side said nothing changed: nothing is written but the connection's status. */
  changed: boolean;
  /** Writes the new state of the connection's calendars and events (inside the sync's transaction). */
  apply?(trx: Executor): Promise<void>;
  /** Columns of the connection row to update with the success (e.g. the feed's ETag). */
  connection?: Partial<Pick<CalendarConnectionRow, 'http_etag' | 'http_last_modified'>>;
}

export type KindSync = (input: SyncInput) => Promise<SyncPlan>;

/** Each kind's sync, by kind (ics: ics.sync.ts; caldav: the CalDAV client). */
export const kindSyncs = new Map<ConnectionKind, KindSync>();
