import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { pruneInBatches } from '../../kernel/housekeeping.js';

/**
 * Housekeeping of the automations' history (install-wide, every portal), `batch` rows at
 * a time: finished runs started before `runsBefore` with their actions (webhook
 * deliveries included), and processed events created before `eventsBefore`. A run keeps
 * a snapshot of its event, so the run log does not need the event row. Unfinished runs
 * (a webhook still retrying) and unprocessed events are kept whatever their age.
 */
export async function pruneAutomationHistory(
  db: Kysely<DB>,
  cutoffs: { runsBefore: Date; eventsBefore: Date },
  batch = 1000,
): Promise<{ automationRuns: number; automationEvents: number }> {
  const runsBefore = cutoffs.runsBefore.toISOString();
  const eventsBefore = cutoffs.eventsBefore.toISOString();
  const automationRuns = await pruneInBatches(async (limit) => {
    return db.transaction().execute(async (trx) => {
      const ids = (
        await trx.selectFrom('automation_runs').select('id').where('started_at', '<', runsBefore).where('finished_at', 'is not', null).limit(limit).execute()
      ).map((r) => r.id);
      if (!ids.length) return 0;
      await trx.deleteFrom('automation_run_actions').where('run_id', 'in', ids).execute();
      await trx.deleteFrom('automation_runs').where('id', 'in', ids).execute();
      return ids.length;
    });
  }, batch);
  const automationEvents = await pruneInBatches(async (limit) => {
    const res = await db
      .deleteFrom('automation_events')
      .where('id', 'in', (eb) =>
        eb.selectFrom('automation_events').select('id').where('created_at', '<', eventsBefore).where('processed_at', 'is not', null).limit(limit),
      )
      .executeTakeFirst();
    return res.numDeletedRows;
  }, batch);
  return { automationRuns, automationEvents };
}
