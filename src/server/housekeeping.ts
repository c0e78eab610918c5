import type { AppDeps } from '../kernel/context.js';
import type { Config } from '../kernel/config.js';
import type { JobHandler } from '../kernel/jobs/runner.js';
import { DAY_MS } from '../kernel/housekeeping.js';
import { pruneIdempotencyKeys, purgeExpiredInvoices } from '../modules/billing/index.js';
import { pruneAutomationHistory } from '../modules/automations/index.js';
import { sweepOrphanedFiles } from '../modules/drive/index.js';
import { recordOperatorAudit } from '../modules/operators/index.js';
import { pruneLeftoverUploads } from '../modules/portability/index.js';

/**
 * The daily housekeeping job: what each table of history keeps, in one place (defaults
 * below, each overridable by its environment variable), and the job that prunes the rest
 * in batches. Kept whole: the audit log, billing events and invoices, and everything the
 * export holds (docs/operations.md, "Retention"). Also daily: erased portals' archived
 * invoices past their legal retention are purged (each purge in the operator audit), and
 * drive bytes no record points to are swept after a grace age (ADR 0025).
 */

export const HOUSEKEEPING_JOB = 'housekeeping.daily';
const BATCH = 1000;
/** Upload files of no import in progress (a process died while they arrived) are removed after a day. */
const LEFTOVER_UPLOAD_DAYS = 1;
/** Drive bytes no record points to are removed once last written this long ago: an upload in flight is never that old. */
export const DRIVE_SWEEP_GRACE_DAYS = 1;

export interface Retention {
  /** Finished jobs (`done`, `failed`), by when they finished; webhook delivery attempts included. */
  jobsDays: number;
  /** Billing idempotency keys: a request repeated with the same key within this time is answered from the stored response. */
  idempotencyKeysDays: number;
  /** Finished automation runs with their actions (the run log, webhook deliveries), by when they started. */
  automationRunsDays: number;
  /** Processed automation events (their runs keep a copy of what the event was). */
  automationEventsDays: number;
}

export function retentionOf(config: Config): Retention {
  return {
    jobsDays: config.RETENTION_JOBS_DAYS,
    idempotencyKeysDays: config.RETENTION_IDEMPOTENCY_KEYS_DAYS,
    automationRunsDays: config.RETENTION_AUTOMATION_RUNS_DAYS,
    automationEventsDays: config.RETENTION_AUTOMATION_EVENTS_DAYS,
  };
}

/** Prunes every table to its retention, in the process clock's time. Returns how many rows went, per table. */
export async function runHousekeeping(deps: AppDeps): Promise<Record<string, number>> {
  const now = deps.clock.now().getTime();
  const r = retentionOf(deps.config);
  const before = (days: number) => new Date(now - days * DAY_MS);
  const pruned = {
    jobs: await deps.jobs.pruneFinished(deps.db, before(r.jobsDays), BATCH),
    idempotencyKeys: await pruneIdempotencyKeys(deps.db, before(r.idempotencyKeysDays), BATCH),
    ...(await pruneAutomationHistory(deps.db, { runsBefore: before(r.automationRunsDays), eventsBefore: before(r.automationEventsDays) }, BATCH)),
    leftoverUploads: await pruneLeftoverUploads(deps, before(LEFTOVER_UPLOAD_DAYS)),
    archivedInvoices: await purgeArchivedInvoices(deps, new Date(now)),
  };
  const driveSweep = await sweepOrphanedFiles(deps, before(DRIVE_SWEEP_GRACE_DAYS));
  deps.log.info({ pruned, retention: r, driveSweep }, 'housekeeping done');
  return pruned;
}

/** Archived invoices of erased portals whose legal retention ended: gone, each batch audited for the operators. */
async function purgeArchivedInvoices(deps: AppDeps, now: Date): Promise<number> {
  const system = { operator: null, ip: null, userAgent: null };
  return purgeExpiredInvoices(deps, now, BATCH, async (trx, purged) => {
    for (const p of purged) {
      await recordOperatorAudit(
        deps,
        system,
        { action: 'invoice_archive.purged', details: { portalId: p.portalId, invoices: p.numbers, retentionYears: deps.config.INVOICE_RETENTION_YEARS } },
        trx,
      );
    }
  });
}

/**
 * Queues the next housekeeping run at `at`, unless one is queued already (or, at start,
 * running): several processes starting at once end up with one chain of daily runs.
 */
export async function scheduleHousekeeping(deps: AppDeps, at: Date, opts: { orRunning?: boolean } = {}): Promise<void> {
  const pending = await deps.db
    .selectFrom('jobs')
    .select('id')
    .where('kind', '=', HOUSEKEEPING_JOB)
    .where('status', 'in', opts.orRunning ? ['queued', 'running'] : ['queued'])
    .executeTakeFirst();
  if (!pending) await deps.jobs.enqueue(deps.db, HOUSEKEEPING_JOB, {}, { runAt: at, maxAttempts: 3 });
}

export const housekeepingJob: JobHandler = async (deps) => {
  await runHousekeeping(deps);
  await scheduleHousekeeping(deps, new Date(deps.clock.now().getTime() + DAY_MS));
};
