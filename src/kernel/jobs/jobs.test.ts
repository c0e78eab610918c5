import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { signupPortal } from '../../test/factories.js';
import { openDatabase } from '../../db/database.js';
import { JobQueue } from './queue.js';
import { JobRunner, retryDelayMs, type JobHandler } from './runner.js';
import type { AppDeps } from '../context.js';

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
