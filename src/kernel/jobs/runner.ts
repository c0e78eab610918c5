/* eslint-disable @typescript-eslint/no-explicit-any -- each handler picks its payload type */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../context.js';
import type { JobRow } from '../../db/tables/jobs.js';
import type { Executor } from '../../db/scope.js';
import { thisProcess } from './process.js';
import { goneWorkers, heartbeat, registerWorker, requeueJobsOf } from './workers.js';

export interface JobHandlerInput<P = unknown> {
  id: string;
  portalId: string | null;
  payload: P;
  attempt: number;
}

export type JobHandler<P = any> = (deps: AppDeps, job: JobHandlerInput<P>) => Promise<void>;

/** Thrown by a handler for an error that retrying cannot fix. */
export class PermanentJobError extends Error {}

/** How long a claimed job is held without a heartbeat; a live worker keeps extending it. */
export const LEASE_MS = 5 * 60_000;
/** How often a worker says it is alive, extends its jobs' leases and looks for gone workers. */
export const HEARTBEAT_MS = 30_000;

/** Backoff before attempt n+1: 10 s, 20 s, 40 s, … capped at one hour. */
export function retryDelayMs(attempt: number): number {
  return Math.min(10_000 * 2 ** (attempt - 1), 3_600_000);
}

/**
 * Polls the jobs table and runs what is due. One runner per app process; on
 * PostgreSQL any number of processes can run side by side.
 *
 * Each runner is a worker in `job_workers` (host, pid, process start, heartbeat). When
 * it registers, and at every heartbeat, it takes over the running jobs of workers whose
 * process is gone, so they resume at once instead of after the lease
 * (docs/decisions/0013-job-ownership-and-shutdown.md).
 */
export class JobRunner {
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private beat: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private registered: Promise<void> | null = null;
  private stopped = true;
  /** Set by stop(): no new job is claimed. */
  private closing = false;

  constructor(
    private readonly deps: AppDeps,
    private readonly handlers: Record<string, JobHandler>,
    private readonly pollMs = 1000,
  ) {}

  /** Records this process as a worker (once) and takes over the jobs of workers that are gone. */
  register(): Promise<void> {
    this.registered ??= (async () => {
      await registerWorker(this.deps.db, this.workerId, thisProcess(), this.deps.clock.now());
      await this.takeOver();
    })().catch((err: unknown) => {
      this.registered = null; // tried again by the next tick
      throw err;
    });
    return this.registered;
  }

  /** Heartbeats in the background: for as long as the process runs or holds jobs, also with JOBS=0. */
  startHeartbeat(): void {
    if (this.beat || this.closing) return;
    this.beat = setInterval(() => {
      void this.heartbeat().catch((err) => this.deps.log.error({ err }, 'job worker heartbeat failed'));
    }, HEARTBEAT_MS);
    this.beat.unref();
  }

  async heartbeat(): Promise<void> {
    await this.register();
    await heartbeat(this.deps.db, this.workerId, thisProcess(), this.deps.clock.now(), LEASE_MS);
    await this.takeOver();
  }

  /** Puts the running jobs of gone workers back in the queue, due now. Returns how many. */
  async takeOver(): Promise<number> {
    const now = this.deps.clock.now();
    const gone = await goneWorkers(this.deps.db, this.workerId, now, LEASE_MS);
    const n = await requeueJobsOf(this.deps.db, gone, now);
    if (gone.length) this.deps.log.warn({ workers: gone, jobs: n }, 'took over the jobs of workers that are gone');
    return n;
  }

  start(): void {
    if (!this.stopped || this.closing) return;
    this.stopped = false;
    this.startHeartbeat();
    const tick = async () => {
      if (this.stopped) return;
      try {
        await this.runDue();
      } catch (err) {
        this.deps.log.error({ err }, 'job runner tick failed');
      }
      if (!this.stopped) this.timer = setTimeout(tick, this.pollMs);
    };
    this.timer = setTimeout(tick, 10);
  }

  /** Stops claiming new jobs at once (the job in hand goes on). */
  halt(): void {
    this.stopped = true;
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.beat) clearInterval(this.beat);
    this.beat = null;
  }

  /**
   * Stops claiming, waits up to `graceMs` for the job in hand, then releases what this
   * worker still runs or holds (back to `queued`, due now, the attempt not counted) and
   * removes the worker, so that the next process takes it at once.
   */
  async stop(opts: { graceMs?: number } = {}): Promise<void> {
    this.halt();
    const inHand = this.running?.catch(() => 0);
    if (inHand) {
      const grace = opts.graceMs ?? Infinity;
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([inHand, ...(Number.isFinite(grace) ? [new Promise((r) => (timeout = setTimeout(r, grace)))] : [])]);
      clearTimeout(timeout);
    }
    if (this.registered) {
      await this.registered.catch(() => {});
      const n = await requeueJobsOf(this.deps.db, [this.workerId], this.deps.clock.now(), { refundAttempt: true });
      if (n) this.deps.log.warn({ jobs: n }, 'released running jobs for the next process');
    }
  }

  /** Inserts a job that this worker holds while it does the work in-line (see JobQueue.hold). */
  async hold(executor: Executor, kind: string, payload: unknown, opts: { portalId?: string | null } = {}): Promise<string> {
    await this.register();
    return this.deps.jobs.hold(executor, this.workerId, kind, payload, this.deps.clock.now(), LEASE_MS, opts);
  }

  /** The in-line work is done: the held job is not needed. */
  async settle(jobId: string): Promise<void> {
    await this.deps.jobs.settle(this.deps.db, jobId, this.workerId);
  }

  /**
   * Runs every job that is due now, until none is left. Returns how many ran.
   * With `portalId`: only that portal's jobs, due by that portal's clock (the test clock).
   */
  async runDue(opts: { portalId?: string } = {}): Promise<number> {
    // Serialise callers within one process (the poller and a test clock advance).
    while (this.running) await this.running;
    this.running = this.drain(opts.portalId);
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private async drain(portalId?: string): Promise<number> {
    let total = 0;
    const now = () => this.deps.clock.now(portalId);
    if (this.closing) return total;
    await this.register();
    while (!this.closing) {
      const batch = await this.deps.jobs.claim(this.deps.db, this.workerId, 10, now(), LEASE_MS, { portalId });
      if (batch.length === 0) return total;
      for (const job of batch) {
        // A shutdown: what is claimed and not started is released by stop().
        if (this.closing) break;
        await this.runOne(job, now);
        total++;
      }
    }
    return total;
  }

  private async runOne(job: JobRow, now: () => Date): Promise<void> {
    const handler = this.handlers[job.kind];
    const db = this.deps.db;
    const finish = (set: Partial<JobRow>) =>
      db
        .updateTable('jobs')
        .set({ ...set, locked_by: null, locked_until: null, updated_at: this.deps.clock.now().toISOString() })
        .where('id', '=', job.id)
        .where('locked_by', '=', this.workerId)
        .execute();
    if (!handler) {
      await finish({ status: 'failed', last_error: `no handler for job kind ${job.kind}` });
      return;
    }
    try {
      await handler(this.deps, { id: job.id, portalId: job.portal_id, payload: JSON.parse(job.payload), attempt: job.attempts });
      await finish({ status: 'done', last_error: null });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const permanent = err instanceof PermanentJobError || job.attempts >= job.max_attempts;
      this.deps.log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts, err: message, permanent }, 'job failed');
      // In the frame the job was claimed in, so that a portal-clock run does not retry it at once.
      const runAt = new Date(now().getTime() + retryDelayMs(job.attempts)).toISOString();
      await finish(permanent ? { status: 'failed', last_error: message } : { status: 'queued', last_error: message, run_at: runAt });
    }
  }
}
