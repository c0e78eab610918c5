import type { FastifyRequest } from 'fastify';
import { actorUserId, scopeOf, systemContext, type AppDeps } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { portalScope } from '../../db/scope.js';
import { findPortalBySlug } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import {
  addMonths,
  billingEnabled,
  type BillingTx,
  DAY_MS,
  findPlan,
  inBillingTx,
  lockedSubscription,
  logEvent,
  mailAdmins,
  pauseSubscription,
  resumeSubscription,
} from '../billing/index.js';
import { pausedMail, pauseReminderMail, resumedMail } from './lifecycle.mail.js';
import * as repo from './lifecycle.repo.js';
import type { PauseRow } from '../../db/tables/lifecycle.js';
import { newId } from '../../kernel/ids.js';

/**
 * Pause instead of cancel (LIF-4): 1–3 months without invoices, the data
 * readable but not writable, an automatic resume with a reminder a week
 * before, and an early resume at any time.
 */

export const PAUSE_RESUME_JOB = 'lifecycle.pause_resume';
export const PAUSE_REMIND_JOB = 'lifecycle.pause_remind';
const REMIND_BEFORE_MS = 7 * DAY_MS;

export function toPauseOut(p: PauseRow) {
  return { id: p.id, months: p.months, pausedAt: p.paused_at, resumeAt: p.resume_at, status: p.status, source: p.source, endedAt: p.ended_at };
}

export async function pausePortal(tx: BillingTx, input: { months: number; source?: 'settings' | 'retention_offer' }) {
  const { ctx } = tx;
  const s = scopeOf(ctx, tx.trx);
  const current = await repo.activePause(s);
  if (current) {
    if (current.months === input.months) return toPauseOut(current); // the same request again
    throw new AppError('CONFLICT', `The portal is already paused until ${current.resume_at.slice(0, 10)}. Resume it first to choose another length.`);
  }
  const resumeAt = addMonths(tx.at, input.months);
  const sub = await pauseSubscription(tx, resumeAt);
  const row: Omit<PauseRow, 'portal_id'> = {
    id: newId(),
    months: input.months,
    paused_at: tx.atIso,
    resume_at: resumeAt.toISOString(),
    status: 'active',
    source: input.source ?? 'settings',
    ended_at: null,
    ended_by: null,
    created_by: actorUserId(ctx),
    created_at: tx.atIso,
  };
  await repo.insertPause(s, row);
  const jobs = ctx.deps.jobs;
  await jobs.enqueue(tx.trx, PAUSE_RESUME_JOB, { pauseId: row.id }, { portalId: ctx.portalId, runAt: resumeAt });
  const remindAt = new Date(resumeAt.getTime() - REMIND_BEFORE_MS);
  if (remindAt.getTime() > tx.at.getTime()) await jobs.enqueue(tx.trx, PAUSE_REMIND_JOB, { pauseId: row.id }, { portalId: ctx.portalId, runAt: remindAt });
  const details = { pauseId: row.id, months: input.months, resumeAt: row.resume_at, source: row.source };
  await logEvent(tx, row.source === 'retention_offer' ? 'lifecycle.retention_offer_taken' : 'lifecycle.paused', details);
  await recordAudit(ctx, { action: 'lifecycle.paused', targetType: 'pause', targetId: row.id, details }, tx.trx);
  await mailAdmins(tx, pausedMail(tx, { planName: findPlan(tx.catalog, sub.planId)?.name ?? sub.planId, resumeAt }));
  return toPauseOut({ ...row, portal_id: ctx.portalId });
}

/** Ends the active pause now, if there is one; true when it did. */
export async function endPauseNow(tx: BillingTx, by: 'admin' | 'schedule', pauseId?: string): Promise<boolean> {
  const s = scopeOf(tx.ctx, tx.trx);
  const pause = await repo.activePause(s);
  if (!pause || (pauseId && pause.id !== pauseId)) return false;
  const sub = await resumeSubscription(tx, new Date(pause.paused_at));
  await repo.endPause(s, pause.id, tx.atIso, by);
  const details = { pauseId: pause.id, by, pausedAt: pause.paused_at, periodEnd: sub.currentPeriodEnd };
  await logEvent(tx, 'lifecycle.resumed', details);
  await recordAudit(tx.ctx, { action: 'lifecycle.resumed', targetType: 'pause', targetId: pause.id, details }, tx.trx);
  await mailAdmins(tx, resumedMail(tx, { planName: sub.planName, periodEnd: sub.currentPeriodEnd, early: by === 'admin' }));
  return true;
}

async function remindBeforeResume(tx: BillingTx, pauseId: string): Promise<void> {
  const pause = await repo.findPause(scopeOf(tx.ctx, tx.trx), pauseId);
  if (!pause || pause.status !== 'active') return;
  const row = await lockedSubscription(tx);
  await mailAdmins(tx, pauseReminderMail(tx, { planName: findPlan(tx.catalog, row.plan_id)?.name ?? row.plan_id, resumeAt: new Date(pause.resume_at) }));
  await logEvent(tx, 'lifecycle.pause_reminder_sent', { pauseId, resumeAt: pause.resume_at });
}

export async function pauseResumeJob(deps: AppDeps, portalId: string, pauseId: string): Promise<void> {
  if (!billingEnabled(deps)) return; // self-hosted: no plan to resume, and no mail
  await inBillingTx(systemContext(deps, portalId), (tx) => endPauseNow(tx, 'schedule', pauseId));
}

export async function pauseRemindJob(deps: AppDeps, portalId: string, pauseId: string): Promise<void> {
  if (!billingEnabled(deps)) return;
  await inBillingTx(systemContext(deps, portalId), (tx) => remindBeforeResume(tx, pauseId));
}

// --- Read-only while paused ---------------------------------------------------------------------

/** Writes that stay open during a pause: signing in and out, one's own account, billing and the plan, export and deletion. */
const OPEN_WHILE_PAUSED = [
  '/api/auth',
  '/api/me',
  '/api/tokens',
  '/api/billing',
  '/api/test-clock',
  '/api/portal',
  '/api/export',
  '/api/exports',
  '/api/portability',
];
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isOpenWhilePaused(method: string, url: string): boolean {
  return SAFE.has(method) || !url.startsWith('/api/') || OPEN_WHILE_PAUSED.some((p) => url === p || url.startsWith(`${p}/`));
}

/** The portal's active pause, if any (for modules with public writes that resolve the portal themselves). */
export function activePauseOf(deps: AppDeps, portalId: string): Promise<PauseRow | undefined> {
  return repo.activePause(portalScope(deps.db, portalId));
}

/** Refuses a write into a paused portal with 423 PORTAL_PAUSED, naming when it resumes. Self-hosted (BILLING=off): never. */
export async function assertPortalWritable(deps: AppDeps, portalId: string): Promise<void> {
  // Self-hosted: there is no plan to pause, so a pause left from hosted days does not hold.
  if (!billingEnabled(deps)) return;
  const pause = await activePauseOf(deps, portalId);
  if (!pause) return;
  throw new AppError(
    'PORTAL_PAUSED',
    `The portal is paused until ${pause.resume_at.slice(0, 10)}: everything can be read, nothing can be changed. An admin can resume it in Settings → Billing.`,
    { resumeAt: pause.resume_at },
  );
}

/**
 * The portal a write goes to. Signed-in routes write into the caller's own
 * portal. Public routes write into the portal their address names, whatever
 * session cookie or token the visitor also carries: here a `:portalSlug`
 * (booking pages); routes that name it by a secret (a manage link, an
 * invitation) check in their use case, where the secret is resolved.
 */
async function targetPortalId(deps: AppDeps, request: FastifyRequest): Promise<string | undefined> {
  if (request.routeOptions.config?.auth !== 'public') return request.auth?.portal.id;
  const slug = (request.params as { portalSlug?: unknown } | undefined)?.portalSlug;
  return typeof slug === 'string' ? (await findPortalBySlug(deps.db, slug))?.id : undefined;
}

/** A preHandler: refuses writes to a paused portal's data with 423 PORTAL_PAUSED (LIF-4); the portal is the one the write goes to. */
export function pausedWriteGuard(deps: AppDeps) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!billingEnabled(deps) || isOpenWhilePaused(request.method, request.routeOptions.url ?? request.url)) return;
    const portalId = await targetPortalId(deps, request);
    if (portalId) await assertPortalWritable(deps, portalId);
  };
}
