import type { Executor, PortalScope } from '../../db/scope.js';
import type { JobHandler } from '../../kernel/jobs/runner.js';
import { nowIso, scopeOf, systemContext, type PortalContext } from '../../kernel/context.js';
import * as repo from './automations.repo.js';
import { ensureSettings } from './settings.service.js';
import { postWebhook, signatureOf, SIGNATURE_HEADER } from './webhook.js';

/**
 * Webhook deliveries: each attempt is a job; the run log's action row holds the
 * request (so every attempt sends the same signed body, with the same delivery id)
 * and a line per attempt. A failure that a retry may fix is retried with backoff;
 * the action stays `pending` until it succeeds or the attempts run out.
 */

export const DELIVERY_JOB = 'automations.webhook';
/** Waits before attempts 2, 3, 4, 5. */
export const RETRY_DELAYS_MS = [30_000, 2 * 60_000, 10 * 60_000, 60 * 60_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

interface Request {
  url: string;
  body: string;
}

const inWords = (ms: number) => (ms < 60_000 ? `${ms / 1000} s` : ms < 3_600_000 ? `${ms / 60_000} min` : `${ms / 3_600_000} h`);

async function enqueueAttempt(ctx: PortalContext, executor: Executor, runActionId: string, attempt: number, runAt?: Date) {
  await ctx.deps.jobs.enqueue(
    executor,
    DELIVERY_JOB,
    { runActionId },
    { portalId: ctx.portalId, runAt, dedupeKey: `${DELIVERY_JOB}:${runActionId}:${attempt}` },
  );
}

/** Records the request on the action and queues its first attempt. */
export async function queueDelivery(ctx: PortalContext, s: PortalScope, runActionId: string, url: string, body: string): Promise<void> {
  const request: Request = { url, body };
  await repo.setRunAction(s, runActionId, { status: 'pending', detail: 'Queued for delivery', request: JSON.stringify(request), updated_at: nowIso(ctx) });
  await enqueueAttempt(ctx, s.db, runActionId, 1);
}

export const deliveryJob: JobHandler<{ runActionId: string }> = async (deps, job) => {
  if (!job.portalId) return;
  const ctx = systemContext(deps, job.portalId);
  const s = scopeOf(ctx);
  const row = await repo.findRunAction(s, job.payload.runActionId);
  if (!row || row.status !== 'pending' || !row.request) return; // delivered, given up, or deleted with its rule
  const request = JSON.parse(row.request) as Request;
  const { webhook_secret: secret } = await ensureSettings(ctx);
  const attempt = row.attempts + 1;
  const result = await postWebhook(request.url, request.body, {
    timeoutMs: deps.config.WEBHOOK_TIMEOUT_MS,
    allowLoopback: deps.config.WEBHOOK_ALLOW_LOOPBACK,
    headers: {
      [SIGNATURE_HEADER]: signatureOf(secret, request.body),
      'X-SchedulingKit-Delivery': row.id,
      'X-SchedulingKit-Event': (JSON.parse(request.body) as { event?: { type?: string } }).event?.type ?? 'unknown',
      'X-SchedulingKit-Attempt': String(attempt),
    },
  });
  const lines = row.detail && row.detail !== 'Queued for delivery' ? `${row.detail}\n` : '';
  const at = nowIso(ctx);
  if (result.ok) {
    await repo.setRunAction(s, row.id, {
      status: 'succeeded',
      attempts: attempt,
      detail: `${lines}Attempt ${attempt}: delivered, ${result.detail}`,
      updated_at: at,
    });
    return;
  }
  const delay = RETRY_DELAYS_MS[attempt - 1];
  if (result.retryable && delay !== undefined) {
    await deps.db.transaction().execute(async (trx) => {
      await repo.setRunAction(scopeOf(ctx, trx), row.id, {
        attempts: attempt,
        detail: `${lines}Attempt ${attempt}: ${result.detail}; retrying in ${inWords(delay)}`,
        updated_at: at,
      });
      await enqueueAttempt(ctx, trx, row.id, attempt + 1, new Date(deps.clock.now(ctx.portalId).getTime() + delay));
    });
    return;
  }
  const why = result.retryable ? `gave up after ${attempt} attempts` : 'not retried';
  await repo.setRunAction(s, row.id, { status: 'failed', attempts: attempt, detail: `${lines}Attempt ${attempt}: ${result.detail}; ${why}`, updated_at: at });
};
