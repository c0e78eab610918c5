import { sql } from 'kysely';
import type { Executor } from '../../db/scope.js';
import type { Dialect } from '../../db/database.js';
import type { Clock } from '../clock.js';
import type { JobRow } from '../../db/tables/jobs.js';
import { pruneInBatches } from '../housekeeping.js';
import { newId } from '../ids.js';

export interface EnqueueOptions {
  portalId?: string | null;
  /** Earliest time to run; default now. */
  runAt?: Date;
  maxAttempts?: number;
  /** At most one unfinished job per key: a second enqueue with the same key is a no-op. */
  dedupeKey?: string;
}

/**
 * Jobs live in the `jobs` table: enqueued in the same transaction as the change
 * that asks for them, so they survive restarts and are never lost on rollback.
 * See docs/decisions/0004-jobs-in-the-database.md.
 */
export class JobQueue {
  constructor(
    private readonly dialect: Dialect,
    private readonly clock: Clock,
  ) {}

  async enqueue(executor: Executor, kind: string, payload: unknown, opts: EnqueueOptions = {}): Promise<string | null> {
    const now = this.clock.now(opts.portalId).toISOString();
    const id = newId();
    const row: JobRow = {
      id,
      portal_id: opts.portalId ?? null,
      kind,
      payload: JSON.stringify(payload ?? null),
      status: 'queued',
      // The runner's frame is the process clock: a portal's test-clock offset must not delay its jobs.
      run_at: (opts.runAt ?? this.clock.now()).toISOString(),
      attempts: 0,
      max_attempts: opts.maxAttempts ?? 8,
      locked_by: null,
      locked_until: null,
      last_error: null,
      dedupe_key: opts.dedupeKey ?? null,
      created_at: now,
      updated_at: now,
    };
    const insert = executor.insertInto('jobs').values(row);
    if (opts.dedupeKey) {
      const res = await insert
        .onConflict((oc) =>
          oc
            .column('dedupe_key')
            .where(sql.ref('status'), 'in', sql`('queued', 'running')`)
            .doNothing(),
        )
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0) > 0 ? id : null;
    }
    await insert.execute();
    return id;
  }

  /**
   * Inserts a job already claimed by `workerId`, for work the process does in-line (an
   * upload imported within its request): the job runs only if the process is gone before
   * `settle` removes it, when a takeover puts it back in the queue. Its handler then
   * finishes the story (e.g. marks the import failed and removes the upload).
   */
  async hold(
    executor: Executor,
    workerId: string,
    kind: string,
    payload: unknown,
    now: Date,
    leaseMs: number,
    opts: { portalId?: string | null } = {},
  ): Promise<string> {
    const id = newId();
    const at = now.toISOString();
    await executor
      .insertInto('jobs')
      .values({
        id,
        portal_id: opts.portalId ?? null,
        kind,
        payload: JSON.stringify(payload ?? null),
        status: 'running',
        run_at: at,
        attempts: 0,
        max_attempts: 3,
        locked_by: workerId,
        locked_until: new Date(now.getTime() + leaseMs).toISOString(),
        last_error: null,
        dedupe_key: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    return id;
  }

  /** Removes a held job whose work was done in-line (if `workerId` still holds it). */
  async settle(executor: Executor, id: string, workerId: string): Promise<void> {
    await executor.deleteFrom('jobs').where('id', '=', id).where('locked_by', '=', workerId).where('status', '=', 'running').execute();
  }

  /**
   * Claims up to `limit` due jobs for `workerId` in one UPDATE … RETURNING
   * statement. On PostgreSQL the inner SELECT uses FOR UPDATE SKIP LOCKED, so
   * several processes claim side by side without taking each other's jobs; on
   * SQLite a single statement is atomic by itself.
   */
  async claim(executor: Executor, workerId: string, limit: number, now: Date, leaseMs: number, opts: { portalId?: string } = {}): Promise<JobRow[]> {
    const nowIso = now.toISOString();
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    let due = executor
      .selectFrom('jobs')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', nowIso)]),
          // A running job whose lease ran out: its worker stopped heartbeating without a trace in
          // job_workers (the runner takes over the jobs of workers it knows are gone at once).
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', nowIso)]),
        ]),
      )
      .orderBy('run_at')
      .orderBy('created_at')
      .limit(limit);
    // One portal's jobs only, e.g. when its test clock moved ahead of the process clock.
    if (opts.portalId) due = due.where('portal_id', '=', opts.portalId);
    if (this.dialect === 'postgres') due = due.forUpdate().skipLocked();
    const rows = await executor
      .updateTable('jobs')
      .set({ status: 'running', locked_by: workerId, locked_until: leaseUntil, updated_at: nowIso, attempts: sql<number>`attempts + 1` })
      .where('id', 'in', due)
      .returningAll()
      .execute();
    return rows.sort((a, b) => a.run_at.localeCompare(b.run_at) || a.created_at.localeCompare(b.created_at));
  }

  /** Removes finished (`done`, `failed`) jobs last changed before `before` (housekeeping), `batch` at a time. */
  pruneFinished(executor: Executor, before: Date, batch = 1000): Promise<number> {
    const cutoff = before.toISOString();
    return pruneInBatches(async (limit) => {
      const res = await executor
        .deleteFrom('jobs')
        .where('id', 'in', (eb) => eb.selectFrom('jobs').select('id').where('status', 'in', ['done', 'failed']).where('updated_at', '<', cutoff).limit(limit))
        .executeTakeFirst();
      return res.numDeletedRows;
    }, batch);
  }

  /** When the portal's next queued job is due (in the frame its run_at was written in), or null. */
  async nextRunAt(executor: Executor, portalId: string): Promise<Date | null> {
    const row = await executor
      .selectFrom('jobs')
      .select('run_at')
      .where('portal_id', '=', portalId)
      .where('status', '=', 'queued')
      .orderBy('run_at')
      .limit(1)
      .executeTakeFirst();
    return row ? new Date(row.run_at) : null;
  }
}
