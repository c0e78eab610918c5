import { sql } from 'kysely';
import type { Executor } from '../../db/scope.js';
import { processGone, type ProcessIdentity } from './process.js';

/**
 * The `job_workers` table: one row per process that runs (or holds) jobs. A job's
 * `locked_by` names its row. See docs/decisions/0013-job-ownership-and-shutdown.md.
 */

export async function registerWorker(db: Executor, id: string, who: ProcessIdentity, now: Date): Promise<void> {
  const at = now.toISOString();
  await db
    .insertInto('job_workers')
    .values({ id, host: who.host, pid: who.pid, pid_scope: who.pidScope, process_started_at: who.processStartedAt, started_at: at, heartbeat_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ heartbeat_at: at }))
    .execute();
}

/** Says the worker is alive and extends the lease of every job it runs, so a long job is not taken over while it runs. */
export async function heartbeat(db: Executor, id: string, who: ProcessIdentity, now: Date, leaseMs: number): Promise<void> {
  const at = now.toISOString();
  const res = await db.updateTable('job_workers').set({ heartbeat_at: at }).where('id', '=', id).executeTakeFirst();
  // Another process counted this one as gone (its heartbeat was late) and removed it: it is back.
  if (Number(res.numUpdatedRows) === 0) await registerWorker(db, id, who, now);
  await db
    .updateTable('jobs')
    .set({ locked_until: new Date(now.getTime() + leaseMs).toISOString() })
    .where('locked_by', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/**
 * Workers whose process is gone: on this machine, a pid that is not running or runs
 * another process; elsewhere, a heartbeat older than `staleMs`.
 */
export async function goneWorkers(db: Executor, selfId: string, now: Date, staleMs: number): Promise<string[]> {
  const staleBefore = new Date(now.getTime() - staleMs).toISOString();
  const rows = await db.selectFrom('job_workers').select(['id', 'pid', 'pid_scope', 'process_started_at', 'heartbeat_at']).where('id', '!=', selfId).execute();
  return rows.filter((w) => processGone(w) ?? w.heartbeat_at < staleBefore).map((w) => w.id);
}

/**
 * Puts the running jobs of these workers back in the queue, due now, and removes the
 * workers. `refundAttempt`: the job was stopped on purpose (a shutdown), not by a crash,
 * so the attempt does not count.
 */
export async function requeueJobsOf(db: Executor, workerIds: string[], now: Date, opts: { refundAttempt?: boolean } = {}): Promise<number> {
  if (workerIds.length === 0) return 0;
  const at = now.toISOString();
  const res = await db
    .updateTable('jobs')
    .set({
      status: 'queued',
      locked_by: null,
      locked_until: null,
      run_at: at,
      updated_at: at,
      ...(opts.refundAttempt ? { attempts: sql<number>`case when attempts > 0 then attempts - 1 else 0 end` } : {}),
    })
    .where('status', '=', 'running')
    .where('locked_by', 'in', workerIds)
    .executeTakeFirst();
  await db.deleteFrom('job_workers').where('id', 'in', workerIds).execute();
  return Number(res.numUpdatedRows);
}
