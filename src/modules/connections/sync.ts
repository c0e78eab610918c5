import { scopeOf, systemContext, type PortalContext } from '../../kernel/context.js';
import { busyTimeChanged } from '../../kernel/busy-time.js';
import { AppError } from '../../kernel/errors.js';
import type { JobHandler } from '../../kernel/jobs/runner.js';
import type { Executor } from '../../db/scope.js';
import type { CalendarConnectionRow } from '../../db/tables/connections.js';
import { calendarsOf, findConnection } from './connections.repo.js';
import { openSecret, sealSecret, sealedWithOldKey, SecretUnreadableError } from './secrets.js';
import { syncIcs } from './ics.sync.js';
import { kindSyncs } from './sync.types.js';

/**
 * Syncing a connection (docs/decisions/0027-connected-calendars.md): the kind's
 * sync reads the other side outside any transaction, then one transaction
 * replaces what changed, updates the connection's status and count, and tells
 * scheduling that the owner's busy time changed. A failure leaves the last good
 * events in place and shows `lastError`.
 *
 * Background: per connection, a chain of `connections.sync` jobs. The row's
 * `next_sync_at` names the current job (the one whose payload matches); any
 * other job of the chain does nothing. After each sync the next one is due in
 * CALENDAR_SYNC_MINUTES, or, after n failures in a row, in that times 2^(n-1)
 * (at most a day).
 */

export const CONNECTION_SYNC_JOB = 'connections.sync';
/** Occurrences are kept from a month back to a year ahead. */
export const WINDOW_BACK_MS = 31 * 86_400_000;
export const WINDOW_AHEAD_MS = 366 * 86_400_000;
/** A sync fetches in full (no conditional request) once the stored window reaches less than this far ahead. */
const WINDOW_REFRESH_MS = 335 * 86_400_000;
const MAX_BACKOFF_MS = 86_400_000;

kindSyncs.set('ics', syncIcs);

const nowMs = (ctx: PortalContext) => ctx.deps.clock.now(ctx.portalId).getTime();
const iso = (ms: number) => new Date(ms).toISOString();

/** The delay before the next background sync after `failures` failures in a row. */
export function nextSyncDelayMs(intervalMinutes: number, failures: number): number {
  const base = intervalMinutes * 60_000;
  return failures <= 0 ? base : Math.min(base * 2 ** (failures - 1), Math.max(base, MAX_BACKOFF_MS));
}

/** Makes `at` the connection's next background sync and queues its job (inside the caller's transaction). */
export async function armSync(ctx: PortalContext, trx: Executor, connectionId: string, at: Date): Promise<void> {
  const when = at.toISOString();
  await scopeOf(ctx, trx).updateTable('calendar_connections', { next_sync_at: when }).where('id', '=', connectionId).execute();
  await ctx.deps.jobs.enqueue(
    trx,
    CONNECTION_SYNC_JOB,
    { connectionId, at: when },
    { portalId: ctx.portalId, runAt: at, maxAttempts: 3, dedupeKey: `${CONNECTION_SYNC_JOB}:${connectionId}:${when}` },
  );
}

const errorOf = (err: unknown): { code: string; message: string } => {
  if (err instanceof AppError) return { code: err.code, message: err.message };
  if (err instanceof SecretUnreadableError)
    return { code: 'CREDENTIALS_UNREADABLE', message: `The stored password cannot be read: ${err.message}; enter it again` };
  return { code: 'INTERNAL', message: 'The sync failed unexpectedly; it will be tried again' };
};

export interface SyncOutcome {
  connection: CalendarConnectionRow;
  changed: boolean;
}

/**
 * Syncs one connection now, and moves its next background sync to the normal
 * interval (or the backoff). Returns the connection as it is afterwards, or
 * null when it is gone. Never throws for the other side's failures: they become
 * the connection's `status: "error"` and `lastError`.
 */
export async function syncConnection(ctx: PortalContext, connectionId: string): Promise<SyncOutcome | null> {
  const s = scopeOf(ctx);
  const connection = await findConnection(s, connectionId);
  if (!connection) return null;
  await s.updateTable('calendar_connections', { status: 'syncing' }).where('id', '=', connectionId).execute();
  const { config } = ctx.deps;
  const now = nowMs(ctx);
  const windowEndMs = now + WINDOW_AHEAD_MS;
  let changed = false;
  let failure: { code: string; message: string } | null = null;
  try {
    const sync = kindSyncs.get(connection.kind);
    if (!sync) throw new AppError('CONNECTION_BAD_RESPONSE', `Connections of kind "${connection.kind}" cannot be synced by this server yet`);
    const password = connection.secret ? openSecret(config, connection.id, connection.secret) : null;
    const calendars = (await calendarsOf(s, [connection.id])).get(connection.id) ?? [];
    const full = !connection.window_end || Date.parse(connection.window_end) < now + WINDOW_REFRESH_MS;
    const plan = await sync({
      ctx,
      connection,
      calendars,
      password,
      windowStartMs: now - WINDOW_BACK_MS,
      windowEndMs,
      full,
      remote: { timeoutMs: config.CALENDAR_FETCH_TIMEOUT_MS, maxBytes: config.CALENDAR_MAX_BYTES, allowLoopback: config.WEBHOOK_ALLOW_LOOPBACK },
    });
    changed = plan.changed;
    await ctx.deps.db.transaction().execute(async (trx) => {
      const t = scopeOf(ctx, trx);
      // Deleted while the other side was read: write nothing.
      if (!(await findConnection(t, connectionId))) return;
      if (plan.changed && plan.apply) await plan.apply(trx);
      const count = await t
        .selectFrom('external_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('connection_id', '=', connectionId)
        .executeTakeFirstOrThrow();
      const resealed =
        connection.secret && password !== null && sealedWithOldKey(config, connection.secret) ? sealSecret(config, connection.id, password) : null;
      await t
        .updateTable('calendar_connections', {
          status: 'ok',
          last_sync_at: iso(nowMs(ctx)),
          last_error_code: null,
          last_error_message: null,
          failures: 0,
          event_count: Number(count.n),
          ...(plan.changed ? { window_end: iso(windowEndMs), ...plan.connection } : {}),
          ...(resealed ? { secret: resealed } : {}),
          updated_at: iso(nowMs(ctx)),
        })
        .where('id', '=', connectionId)
        .execute();
      if (plan.changed) await busyTimeChanged(ctx, trx, { userIds: [connection.user_id] });
      await armSync(ctx, trx, connectionId, new Date(ctx.deps.clock.now().getTime() + nextSyncDelayMs(config.CALENDAR_SYNC_MINUTES, 0)));
    });
  } catch (err) {
    failure = errorOf(err);
    if (failure.code === 'INTERNAL') ctx.deps.log.error({ err, connectionId }, 'calendar connection sync failed');
    await ctx.deps.db.transaction().execute(async (trx) => {
      const t = scopeOf(ctx, trx);
      const current = await findConnection(t, connectionId);
      if (!current) return;
      const failures = current.failures + 1;
      await t
        .updateTable('calendar_connections', {
          status: 'error',
          last_error_code: failure!.code,
          last_error_message: failure!.message.slice(0, 1000),
          failures,
          updated_at: iso(nowMs(ctx)),
        })
        .where('id', '=', connectionId)
        .execute();
      await armSync(ctx, trx, connectionId, new Date(ctx.deps.clock.now().getTime() + nextSyncDelayMs(config.CALENDAR_SYNC_MINUTES, failures)));
    });
  }
  const after = await findConnection(s, connectionId);
  return after ? { connection: after, changed } : null;
}

/** The background sync of one connection: runs only when it is still the chain's current job. */
export const connectionSyncJob: JobHandler<{ connectionId: string; at: string }> = async (deps, job) => {
  if (!job.portalId) return;
  const ctx = systemContext(deps, job.portalId);
  const row = await findConnection(scopeOf(ctx), job.payload.connectionId);
  if (!row || row.next_sync_at !== job.payload.at) return; // deleted, or a newer sync took over
  await syncConnection(ctx, row.id);
};
