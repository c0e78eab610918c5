import type { Readable } from 'node:stream';
import type { AppDeps, PortalContext } from '../../kernel/context.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { findPortalById } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { billingEnabled, type BillingTx, extendTrial, grantPlan, inBillingTx } from '../billing/index.js';
import { requestPortalDeletionByOperator } from '../lifecycle/index.js';
import { getExport, openExportDownload, requestExport } from '../portability/index.js';
import { consolePortal, exportDownloadPath } from './console.service.js';
import { recordOperatorAudit, type OperatorMeta } from './operator-audit.service.js';
import type { OperatorAuth } from './operator-auth.service.js';

/**
 * What an operator does to a portal (LIF-7): extend a trial, grant a plan
 * for free until a date, start an export, delete the portal. Each is written
 * to the operators' audit log; the portal's own audit log shows it too, as
 * done by an operator. The only way to a portal's data is an export, and
 * starting or downloading one always lands in the portal's audit log.
 */

export interface OperatorRequest {
  auth: OperatorAuth;
  ip: string | null;
  userAgent: string | null;
}

const metaOf = (r: OperatorRequest): OperatorMeta => ({ operator: { id: r.auth.operator.id, email: r.auth.operator.email }, ip: r.ip, userAgent: r.userAgent });

/** The portal as the operator acts on it: its context names the operator as the actor. */
async function portalFor(deps: AppDeps, r: OperatorRequest, portalId: string): Promise<{ ctx: PortalContext; portal: { id: string; slug: string } }> {
  const portal = await findPortalById(deps.db, portalId);
  if (!portal || portal.status !== 'active') throw notFound('Portal');
  const ctx: PortalContext = {
    deps,
    portalId: portal.id,
    actor: { type: 'operator', operatorId: r.auth.operator.id, email: r.auth.operator.email, name: r.auth.operator.name },
    ip: r.ip,
    userAgent: r.userAgent,
  };
  return { ctx, portal: { id: portal.id, slug: portal.slug } };
}

function requireBilling(deps: AppDeps): void {
  if (!billingEnabled(deps)) throw new AppError('BILLING_DISABLED', 'Billing is off on this server (self-hosted): there are no trials or plans to grant.');
}

async function billingAction(
  deps: AppDeps,
  r: OperatorRequest,
  portalId: string,
  action: string,
  details: Record<string, unknown>,
  fn: (tx: BillingTx) => Promise<unknown>,
) {
  requireBilling(deps);
  const { ctx, portal } = await portalFor(deps, r, portalId);
  await inBillingTx(ctx, async (tx) => {
    await fn(tx);
    await recordOperatorAudit(deps, metaOf(r), { action, portal, details }, tx.trx);
  });
  return { portal: await consolePortal(deps, portal.id) };
}

export function extendTrialAction(deps: AppDeps, r: OperatorRequest, portalId: string, input: { until: Date; note?: string }) {
  const details = { until: input.until.toISOString(), note: input.note ?? null };
  return billingAction(deps, r, portalId, 'operator.trial_extended', details, (tx) => extendTrial(tx, { until: input.until }));
}

export function grantPlanAction(deps: AppDeps, r: OperatorRequest, portalId: string, input: { planId: string; until: Date; note?: string }) {
  const details = { planId: input.planId, until: input.until.toISOString(), note: input.note ?? null };
  return billingAction(deps, r, portalId, 'operator.plan_granted', details, (tx) =>
    grantPlan(tx, { planId: input.planId, until: input.until, afterwards: 'next' }),
  );
}

/** Starts an export of everything in the portal; the portal's admins see in their audit log who started it and why. */
export async function startExportAction(deps: AppDeps, r: OperatorRequest, portalId: string, input: { reason: string }) {
  const { ctx, portal } = await portalFor(deps, r, portalId);
  const started = await requestExport(ctx);
  await deps.db.transaction().execute(async (trx) => {
    // The portal's audit log names the operator by itself (recordAudit); the reason is theirs to give.
    const details = { exportId: started.id, reason: input.reason };
    await recordAudit(ctx, { action: 'operator.export_started', targetType: 'export', targetId: started.id, details }, trx);
    await recordOperatorAudit(deps, metaOf(r), { action: 'operator.export_started', portal, details: { exportId: started.id, reason: input.reason } }, trx);
  });
  return { ...started, downloadUrl: started.downloadUrl ? exportDownloadPath(portal.id, started.id) : null };
}

export async function consoleExport(deps: AppDeps, r: OperatorRequest, portalId: string, exportId: string) {
  const { ctx, portal } = await portalFor(deps, r, portalId);
  const x = await getExport(ctx, exportId);
  return { ...x, downloadUrl: x.downloadUrl ? exportDownloadPath(portal.id, x.id) : null };
}

/**
 * The export's ZIP, whoever started it, for a reason the operator gives: the
 * download is recorded with the operator and the reason in the portal's audit
 * log (by portability), where its admins see it, and in the operators'.
 */
export async function downloadExportAction(
  deps: AppDeps,
  r: OperatorRequest,
  portalId: string,
  exportId: string,
  input: { reason: string },
): Promise<{ stream: Readable; bytes: number; filename: string }> {
  const { ctx, portal } = await portalFor(deps, r, portalId);
  const file = await openExportDownload(ctx, exportId, { reason: input.reason });
  await recordOperatorAudit(deps, metaOf(r), { action: 'operator.export_downloaded', portal, details: { exportId, bytes: file.bytes, reason: input.reason } });
  return file;
}

/** Deletes the portal for good: the same erasure as the owner's (LIF-5), the receipt to the owner. */
export async function deletePortalAction(deps: AppDeps, r: OperatorRequest, portalId: string, input: { confirmSlug: string; reason?: string }) {
  const { ctx, portal } = await portalFor(deps, r, portalId);
  const out = await requestPortalDeletionByOperator(ctx, { confirmSlug: input.confirmSlug });
  // The portal's own audit log goes with the portal; the operators' keeps the record.
  await recordOperatorAudit(deps, metaOf(r), {
    action: 'operator.portal_deleted',
    portal,
    details: { reference: out.reference, reason: input.reason ?? null },
  });
  return out;
}
