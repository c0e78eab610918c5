import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../db/scope.js';
import type { Dialect } from '../db/database.js';
import type { Clock } from '../server/clock.js';
import type { JobRow } from './jobs.tables.js';

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
    const id = randomUUID();
    const row: JobRow = {
      id,
      portal_id: opts.portalId ?? null,
      kind,
      payload: JSON.stringify(payload ?? null),
      status: 'queued',
      run_at: (opts.runAt ?? this.clock.now(opts.portalId)).toISOString(),
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
   * Claims up to `limit` due jobs for `workerId`. On PostgreSQL several processes
   * claim concurrently with FOR UPDATE SKIP LOCKED; on SQLite the single writer
   * makes the claim transaction exclusive by itself.
   */
  async claim(executor: Executor & { transaction: any }, workerId: string, limit: number, now: Date, leaseMs: number): Promise<JobRow[]> {
    const nowIso = now.toISOString();
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    return (executor as any).transaction().execute(async (trx: Executor) => {
      let q = trx
        .selectFrom('jobs')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', nowIso)]),
            // A running job whose lease ran out belongs to a process that died: take it over.
            eb.and([eb('status', '=', 'running'), eb('locked_until', '<', nowIso)]),
          ]),
        )
        .orderBy('run_at')
        .orderBy('created_at')
        .limit(limit);
      if (this.dialect === 'postgres') q = q.forUpdate().skipLocked();
      const rows = await q.execute();
      if (rows.length === 0) return [];
      await trx
        .updateTable('jobs')
        .set({ status: 'running', locked_by: workerId, locked_until: leaseUntil, updated_at: nowIso, attempts: sql`attempts + 1` as any })
        .where('id', 'in', rows.map((r) => r.id))
        .execute();
      return rows.map((r) => ({ ...r, status: 'running' as const, locked_by: workerId, locked_until: leaseUntil, attempts: r.attempts + 1 }));
    });
  }
}
