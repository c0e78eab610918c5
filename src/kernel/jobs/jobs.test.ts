import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { signupPortal } from '../../test/factories.js';
import { openDatabase } from '../../db/database.js';
import { JobQueue } from './queue.js';
import { JobRunner, LEASE_MS, retryDelayMs, type JobHandler } from './runner.js';
import { thisProcess } from './process.js';
import type { AppDeps } from '../context.js';
import type { JobWorkerRow } from '../../db/tables/jobs.js';

describe('background jobs', () => {
  let server: TestServer & { pgSchema?: string };
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const count = async (kind: string, status?: string) => {
    let q = server.deps.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', kind);
    if (status) q = q.where('status', '=', status as any);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };

  it('backs off exponentially, capped at an hour', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(retryDelayMs(30)).toBe(3_600_000);
  });

  it('runs each job exactly once when several runners compete for the same queue', async () => {
    const ran: string[] = [];
    const handler: JobHandler<{ n: number }> = async (_deps, job) => {
      ran.push(job.id);
      await new Promise((r) => setTimeout(r, 2));
    };
    for (let i = 0; i < 60; i++) await server.deps.jobs.enqueue(server.deps.db, 'test.compete', { n: i });
    // On PostgreSQL a second "process": its own connection pool to the same schema. SQLite runs jobs in
    // one process (docs/decisions/0004), so there the runners race on one connection.
    const other = process.env.DATABASE_URL
      ? openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: server.dataDir, pgSchema: server.pgSchema })
      : server.deps.database;
    const otherDeps: AppDeps = { ...server.deps, database: other, db: other.db, jobs: new JobQueue(other.dialect, server.clock) };
    try {
      const runners = [
        new JobRunner(server.deps, { 'test.compete': handler }),
        new JobRunner(otherDeps, { 'test.compete': handler }),
        new JobRunner(otherDeps, { 'test.compete': handler }),
      ];
      const counts = await Promise.all(runners.map((r) => r.runDue()));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(60);
      expect(new Set(ran).size).toBe(60);
      expect(ran).toHaveLength(60);
      expect(await count('test.compete', 'done')).toBe(60);
    } finally {
      if (other !== server.deps.database) await other.close();
    }
  });

  it('takes over a job whose process died mid-run once its lease expires', async () => {
    const id = (await server.deps.jobs.enqueue(server.deps.db, 'test.lease', {}))!;
    const past = new Date(server.clock.now().getTime() - 1000).toISOString();
    await server.deps.db.updateTable('jobs').set({ status: 'running', locked_by: 'dead-process', locked_until: past }).where('id', '=', id).execute();
    let ran = 0;
    await new JobRunner(server.deps, { 'test.lease': async () => void ran++ }).runDue();
    expect(ran).toBe(1);
    const row = await server.deps.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('done');
  });

  it('keeps at most one unfinished job per dedupe key', async () => {
    const first = await server.deps.jobs.enqueue(server.deps.db, 'test.dedupe', {}, { dedupeKey: 'k1' });
    const second = await server.deps.jobs.enqueue(server.deps.db, 'test.dedupe', {}, { dedupeKey: 'k1' });
    expect(first).toBeTruthy();
    expect(second).toBeNull();
    await new JobRunner(server.deps, { 'test.dedupe': async () => {} }).runDue();
    // Once done, the key is free again.
    expect(await server.deps.jobs.enqueue(server.deps.db, 'test.dedupe', {}, { dedupeKey: 'k1' })).toBeTruthy();
  });

  it('gives up after max attempts and records the error', async () => {
    const id = (await server.deps.jobs.enqueue(server.deps.db, 'test.fail', {}, { maxAttempts: 2 }))!;
    const runner = new JobRunner(server.deps, {
      'test.fail': async () => {
        throw new Error('boom');
      },
    });
    await runner.runDue();
    server.clock.advance(retryDelayMs(1) + 1);
    await runner.runDue();
    const row = await server.deps.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', attempts: 2, last_error: 'boom' });
  });
});

/** The pid of a process that has exited (a child run to its end). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

describe('jobs of a process that is gone', () => {
  let server: TestServer & { pgSchema?: string };
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const here = thisProcess();
  /** A job claimed a moment ago (its lease has 5 minutes to run) by a worker described by `worker`. */
  async function claimedBy(worker: Partial<JobWorkerRow>, kind: string) {
    const at = server.clock.now();
    const row: JobWorkerRow = {
      id: `worker-${Math.random().toString(36).slice(2)}`,
      host: here.host,
      pid: process.pid,
      pid_scope: here.pidScope,
      process_started_at: here.processStartedAt,
      started_at: at.toISOString(),
      heartbeat_at: at.toISOString(),
      ...worker,
    };
    await server.deps.db.insertInto('job_workers').values(row).execute();
    const id = (await server.deps.jobs.enqueue(server.deps.db, kind, {}))!;
    const lease = new Date(at.getTime() + LEASE_MS).toISOString();
    await server.deps.db.updateTable('jobs').set({ status: 'running', attempts: 1, locked_by: row.id, locked_until: lease }).where('id', '=', id).execute();
    return { jobId: id, workerId: row.id };
  }
  const job = (id: string) => server.deps.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const worker = (id: string) => server.deps.db.selectFrom('job_workers').selectAll().where('id', '=', id).executeTakeFirst();

  it('records each process as a worker: host, pid, process start and heartbeat', async () => {
    const row = await worker(server.runner.workerId);
    expect(row).toMatchObject({ host: here.host, pid: process.pid, pid_scope: here.pidScope, process_started_at: here.processStartedAt });
    expect(here.processStartedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(Math.abs(new Date(here.processStartedAt!).getTime() - (Date.now() - process.uptime() * 1000))).toBeLessThan(2000);
  });

  it('runs at once, without waiting for the lease, a job whose process has exited', async () => {
    const { jobId, workerId } = await claimedBy({ pid: await deadPid() }, 'test.dead-pid');
    let ran = 0;
    expect(await new JobRunner(server.deps, { 'test.dead-pid': async () => void ran++ }).runDue()).toBe(1);
    expect(ran).toBe(1);
    expect(await job(jobId)).toMatchObject({ status: 'done', locked_by: null });
    expect(await worker(workerId)).toBeUndefined();
  });

  it('runs at once a job whose pid now belongs to another process (pid reuse)', async () => {
    const { jobId } = await claimedBy({ process_started_at: '2001-01-01T00:00:00.000Z' }, 'test.pid-reused');
    let ran = 0;
    await new JobRunner(server.deps, { 'test.pid-reused': async () => void ran++ }).runDue();
    expect(ran).toBe(1);
    expect((await job(jobId)).status).toBe('done');
  });

  it('leaves alone a job whose process still runs, and one on another machine that heartbeats', async () => {
    const alive = await claimedBy({}, 'test.alive');
    const remote = await claimedBy({ host: 'other-host', pid_scope: 'another-boot/pid:[1]', pid: 1 }, 'test.alive');
    let ran = 0;
    expect(await new JobRunner(server.deps, { 'test.alive': async () => void ran++ }).runDue()).toBe(0);
    expect(ran).toBe(0);
    expect(await job(alive.jobId)).toMatchObject({ status: 'running', locked_by: alive.workerId });
    expect(await job(remote.jobId)).toMatchObject({ status: 'running', locked_by: remote.workerId });
    await server.deps.db.updateTable('jobs').set({ status: 'done' }).where('id', 'in', [alive.jobId, remote.jobId]).execute();
    await server.deps.db.deleteFrom('job_workers').where('id', 'in', [alive.workerId, remote.workerId]).execute();
  });

  it('takes over the job of a worker on another machine once its heartbeat is older than the lease', async () => {
    const stale = new Date(server.clock.now().getTime() - LEASE_MS - 1000).toISOString();
    const { jobId } = await claimedBy({ host: 'other-host', pid_scope: 'another-boot/pid:[1]', pid: 1, heartbeat_at: stale }, 'test.remote-gone');
    let ran = 0;
    await new JobRunner(server.deps, { 'test.remote-gone': async () => void ran++ }).runDue();
    expect(ran).toBe(1);
    expect((await job(jobId)).status).toBe('done');
  });

  it('keeps extending the lease of a long job while its process heartbeats', async () => {
    const runner = new JobRunner(server.deps, {});
    await runner.register();
    const { jobId } = await claimedBy({}, 'test.long');
    await server.deps.db.updateTable('jobs').set({ locked_by: runner.workerId }).where('id', '=', jobId).execute();
    server.clock.advance(4 * 60_000);
    await runner.heartbeat();
    const row = await job(jobId);
    expect(new Date(row.locked_until!).getTime()).toBeGreaterThanOrEqual(server.clock.now().getTime() + LEASE_MS - 1000);
    // Past the first lease, the job is still its: another runner does not take it.
    server.clock.advance(2 * 60_000);
    expect(await new JobRunner(server.deps, { 'test.long': async () => {} }).runDue()).toBe(0);
    await runner.stop();
  });

  it('on stop, releases the job in hand after the grace period: queued, due now, the attempt not counted', async () => {
    let started!: () => void;
    let finish!: () => void;
    const inHand = new Promise<void>((r) => (started = r));
    const runner = new JobRunner(server.deps, {
      'test.slow': () => {
        started();
        return new Promise<void>((r) => (finish = r));
      },
    });
    const id = (await server.deps.jobs.enqueue(server.deps.db, 'test.slow', {}))!;
    const draining = runner.runDue();
    await inHand;
    const t0 = Date.now();
    await runner.stop({ graceMs: 200 });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(await job(id)).toMatchObject({ status: 'queued', locked_by: null, locked_until: null, attempts: 0 });
    expect(await worker(runner.workerId)).toBeUndefined();
    let ran = 0;
    expect(await new JobRunner(server.deps, { 'test.slow': async () => void ran++ }).runDue()).toBe(1);
    expect(ran).toBe(1);
    // The first runner's late finish does not overwrite what the next one did.
    finish();
    await draining;
    expect(await job(id)).toMatchObject({ status: 'done', attempts: 1 });
  });
});

describe('jobs survive a restart', () => {
  it('delivers mail queued before the process stopped', async () => {
    const first = await startTestServer({ keepData: true });
    const reuse = { dataDir: first.dataDir, pgSchema: first.pgSchema };
    const { client } = await signupPortal(first);
    await client.post('/api/users/invites', { email: 'after-restart@example.test' });
    await first.close(); // stops before the job ran (tests do not poll)

    const second = await startTestServer({ reuse });
    try {
      expect(await second.runJobs()).toBeGreaterThanOrEqual(1);
      const mail = await second.deps.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', 'after-restart@example.test').executeTakeFirstOrThrow();
      expect(mail.status).toBe('stored');
    } finally {
      await second.close();
    }
  });
});
