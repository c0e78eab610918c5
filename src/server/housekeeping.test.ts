import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness.js';
import { signupPortal } from '../test/factories.js';
import { DAY_MS } from '../kernel/housekeeping.js';
import { HOUSEKEEPING_JOB, scheduleHousekeeping } from './housekeeping.js';

let server: TestServer;
let portalId: string;
beforeAll(async () => {
  server = await startTestServer();
  portalId = (await signupPortal(server)).portal.id;
});
afterAll(async () => {
  await server?.close();
});

describe('daily housekeeping', () => {
  it('prunes finished jobs, idempotency keys, automation runs and events past their retention and leftover uploads, and keeps the rest', async () => {
    const db = server.deps.db;
    const now = server.clock.now().getTime();
    const ago = (days: number) => new Date(now - days * DAY_MS).toISOString();

    // Jobs (30 days): finished ones by when they finished; unfinished ones whatever their age.
    const job = (status: 'done' | 'failed' | 'queued', at: string, kind = 'test.history') => ({
      id: randomUUID(),
      portal_id: null,
      kind,
      payload: '{}',
      status,
      run_at: at,
      attempts: 1,
      max_attempts: 8,
      locked_by: null,
      locked_until: null,
      last_error: null,
      dedupe_key: null,
      created_at: at,
      updated_at: at,
    });
    // More than one batch (1000) of old jobs.
    const oldJobs = Array.from({ length: 2500 }, (_, i) => job(i % 2 ? 'done' : 'failed', ago(31), 'test.old'));
    for (let i = 0; i < oldJobs.length; i += 500)
      await db
        .insertInto('jobs')
        .values(oldJobs.slice(i, i + 500))
        .execute();
    const youngJob = job('done', ago(29));
    const waitingJob = { ...job('queued', ago(60)), run_at: ago(-10) }; // queued 60 days ago, due in 10 days
    await db.insertInto('jobs').values([youngJob, waitingJob]).execute();

    // Idempotency keys (30 days).
    const key = (k: string, at: string) => ({ portal_id: portalId, key: k, request_hash: 'h', status_code: 200, response: '{}', created_at: at });
    await db
      .insertInto('idempotency_keys')
      .values([key('old-key', ago(31)), key('young-key', ago(29))])
      .execute();

    // Automation runs with their actions (90 days, finished only) and events (30 days, processed only).
    const run = (state: 'done' | 'running', startedAt: string, finished: boolean) => ({
      id: randomUUID(),
      portal_id: portalId,
      rule_id: randomUUID(),
      event_id: randomUUID(),
      state,
      reason: null,
      event: '{}',
      started_at: startedAt,
      finished_at: finished ? startedAt : null,
    });
    const oldRun = run('done', ago(91), true);
    const youngRun = run('done', ago(89), true);
    const pendingRun = run('running', ago(120), false); // a webhook still being retried
    await db.insertInto('automation_runs').values([oldRun, youngRun, pendingRun]).execute();
    const action = (runId: string, position: number) => ({
      id: randomUUID(),
      portal_id: portalId,
      run_id: runId,
      position,
      type: 'webhook',
      status: 'succeeded' as const,
      detail: null,
      attempts: 1,
      request: '{}',
      created_at: ago(91),
      updated_at: ago(91),
    });
    await db
      .insertInto('automation_run_actions')
      .values([action(oldRun.id, 0), action(oldRun.id, 1), action(youngRun.id, 0), action(pendingRun.id, 0)])
      .execute();
    const event = (at: string, processed: boolean) => ({
      id: randomUUID(),
      portal_id: portalId,
      type: 'record.created',
      entity: 'deal',
      record_id: randomUUID(),
      subject: `deal:${randomUUID()}`,
      seq: 1,
      changes: null,
      data: null,
      depth: 0,
      rule_id: null,
      processed_at: processed ? at : null,
      attempts: 1,
      last_error: null,
      locked_by: null,
      locked_until: null,
      created_at: at,
    });
    const oldEvent = event(ago(31), true);
    const youngEvent = event(ago(29), true);
    const unprocessed = event(ago(45), false);
    await db.insertInto('automation_events').values([oldEvent, youngEvent, unprocessed]).execute();

    // Uploads: one left by a process that died while it arrived (no import), one arriving now, one of an import in progress.
    const uploads = path.join(server.dataDir, 'imports', portalId);
    fs.mkdirSync(uploads, { recursive: true });
    const twoDaysAgo = new Date(Date.now() - 2 * DAY_MS);
    const [leftover, arriving, inProgress] = [randomUUID(), randomUUID(), randomUUID()].map((id) => path.join(uploads, `${id}.csv`));
    for (const f of [leftover, arriving, inProgress]) fs.writeFileSync(f, 'Name\nX\n');
    fs.utimesSync(leftover, twoDaysAgo, twoDaysAgo);
    fs.utimesSync(inProgress, twoDaysAgo, twoDaysAgo);
    await db
      .insertInto('portal_imports')
      .values({
        id: path.basename(inProgress, '.csv'),
        portal_id: portalId,
        kind: 'csv',
        status: 'running',
        progress_done: 0,
        progress_total: 0,
        requested_by: null,
        report: null,
        error: null,
        created_at: ago(2),
        started_at: ago(2),
        finished_at: null,
      })
      .execute();

    await scheduleHousekeeping(server.deps, server.clock.now());
    expect(await server.runJobs()).toBe(1);
    expect([leftover, arriving, inProgress].map((f) => fs.existsSync(f))).toEqual([false, true, true]);

    const ids = async (table: 'jobs' | 'automation_runs' | 'automation_events' | 'automation_run_actions', which: string[]) =>
      (await db.selectFrom(table).select('id').where('id', 'in', which).execute()).map((r) => r.id).sort();
    expect(await db.selectFrom('jobs').select('id').where('kind', '=', 'test.old').execute()).toEqual([]);
    expect(await ids('jobs', [youngJob.id, waitingJob.id])).toEqual([youngJob.id, waitingJob.id].sort());
    const keys = await db.selectFrom('idempotency_keys').select('key').where('portal_id', '=', portalId).execute();
    expect(keys.map((k) => k.key)).toEqual(['young-key']);
    expect(await ids('automation_runs', [oldRun.id, youngRun.id, pendingRun.id])).toEqual([youngRun.id, pendingRun.id].sort());
    const actions = await db.selectFrom('automation_run_actions').select('run_id').where('portal_id', '=', portalId).execute();
    expect(actions.map((a) => a.run_id).sort()).toEqual([youngRun.id, pendingRun.id].sort());
    expect(await ids('automation_events', [oldEvent.id, youngEvent.id, unprocessed.id])).toEqual([youngEvent.id, unprocessed.id].sort());

    // The next run is queued for a day later, once.
    const next = await db.selectFrom('jobs').selectAll().where('kind', '=', HOUSEKEEPING_JOB).where('status', '=', 'queued').execute();
    expect(next).toHaveLength(1);
    expect(new Date(next[0]!.run_at).getTime() - server.clock.now().getTime()).toBeGreaterThan(DAY_MS - 60_000);
    await scheduleHousekeeping(server.deps, server.clock.now(), { orRunning: true });
    expect(await db.selectFrom('jobs').select('id').where('kind', '=', HOUSEKEEPING_JOB).where('status', '=', 'queued').execute()).toHaveLength(1);
  });
});
