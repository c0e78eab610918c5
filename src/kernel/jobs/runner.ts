/* eslint-disable @typescript-eslint/no-explicit-any -- each handler picks its payload type */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../context.js';
import type { JobRow } from '../../db/tables/jobs.js';

export interface JobHandlerInput<P = unknown> {
  id: string;
  portalId: string | null;
  payload: P;
  attempt: number;
}

export type JobHandler<P = any> = (deps: AppDeps, job: JobHandlerInput<P>) => Promise<void>;

/** Thrown by a handler for an error that retrying cannot fix. */
export class PermanentJobError extends Error {}

const LEASE_MS = 5 * 60_000;

/** Backoff before attempt n+1: 10 s, 20 s, 40 s, … capped at one hour. */
export function retryDelayMs(attempt: number): number {
  return Math.min(10_000 * 2 ** (attempt - 1), 3_600_000);
}

/**
 * Polls the jobs table and runs what is due. One runner per app process; on
 * PostgreSQL any number of processes can run side by side.
 */
export class JobRunner {
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = true;

  constructor(
    private readonly deps: AppDeps,
    private readonly handlers: Record<string, JobHandler>,
    private readonly pollMs = 1000,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
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

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
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
    for (;;) {
      const batch = await this.deps.jobs.claim(this.deps.db, this.workerId, 10, now(), LEASE_MS, { portalId });
      if (batch.length === 0) return total;
      for (const job of batch) await this.runOne(job, now);
      total += batch.length;
    }
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
