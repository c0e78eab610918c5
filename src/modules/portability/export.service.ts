import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { actorUserId, nowIso, scopeOf, systemContext, type PortalContext } from '../../kernel/context.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { isUniqueViolation } from '../../db/errors.js';
import { keyset, toPage } from '../../kernel/pagination.js';
import type { JobHandler } from '../../kernel/jobs/runner.js';
import { findPortalById, findUser } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { queueMail } from '../mail/index.js';
import { writeExport } from './export.writer.js';
import { notifyExportReady } from './portability.notify.js';
import type { ExportOut } from './portability.schema.js';
import type { PortalExportRow } from '../../db/tables/portability.js';
import { ProgressReporter } from './progress.js';
import { newId } from '../../kernel/ids.js';

export const EXPORT_JOB = 'portability.export';
export const EXPORT_EXPIRE_JOB = 'portability.export_expire';
/** How long a finished export can be downloaded. */
export const EXPORT_TTL_MS = 7 * 86_400_000;

/** Where an export's ZIP lives: DATA_DIR/exports/<portalId>/<exportId>.zip (erased with the portal). */
export const exportFile = (ctx: PortalContext, id: string) => path.join(ctx.deps.config.DATA_DIR, 'exports', ctx.portalId, `${id}.zip`);

export function toExportOut(ctx: PortalContext, r: PortalExportRow): ExportOut {
  const total = Number(r.progress_total);
  return {
    id: r.id,
    status: r.status,
    progress: r.status === 'done' ? 1 : total > 0 ? Math.min(1, Number(r.progress_done) / total) : 0,
    requestedBy: r.requested_by,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    expiresAt: r.expires_at,
    bytes: r.bytes === null ? null : Number(r.bytes),
    sha256: r.sha256,
    counts: r.summary ? (JSON.parse(r.summary) as { counts: Record<string, number> }).counts : null,
    downloadUrl: r.status === 'done' && !isExpired(ctx, r) ? downloadUrl(ctx, r.id) : null,
    error: r.error,
  };
}

const downloadUrl = (ctx: PortalContext, id: string) => `${ctx.deps.config.BASE_URL}/api/exports/${id}/download`;
const isExpired = (ctx: PortalContext, r: PortalExportRow) => !!r.expires_at && r.expires_at <= nowIso(ctx);

async function mustFind(ctx: PortalContext, id: string): Promise<PortalExportRow> {
  const row = await scopeOf(ctx).selectFrom('portal_exports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Export');
  return row;
}

/**
 * The portal's export that is queued or running, if any. One whose job is gone (given
 * up after its process died again and again) is marked failed, so that it cannot keep
 * the portal from exporting again.
 */
async function pendingExport(ctx: PortalContext): Promise<PortalExportRow | undefined> {
  const row = await scopeOf(ctx).selectFrom('portal_exports').selectAll().where('status', 'in', ['queued', 'running']).executeTakeFirst();
  if (!row) return undefined;
  const job = await scopeOf(ctx).selectFrom('jobs').select('id').where('kind', '=', EXPORT_JOB).where('status', 'in', ['queued', 'running']).executeTakeFirst();
  if (job) return row;
  await setRow(ctx, row.id, { status: 'failed', error: 'The export stopped; start a new one', finished_at: nowIso(ctx) });
  return undefined;
}

/**
 * Starts an export of everything in the portal, as a background job (POR-1, POR-2).
 * Never paywalled (POR-3). While one is queued or running, asking again answers with
 * that one (`created: false`) instead of starting another: clicks, double clicks and
 * several admins make one export. The partial unique index of migration 0025 holds
 * this under concurrent requests on both dialects (ADR 0030).
 */
export async function startOrJoinExport(ctx: PortalContext): Promise<{ export: ExportOut; created: boolean }> {
  const pending = await pendingExport(ctx);
  if (pending) return { export: toExportOut(ctx, pending), created: false };
  const at = nowIso(ctx);
  const row: PortalExportRow = {
    id: newId(),
    portal_id: ctx.portalId,
    status: 'queued',
    progress_done: 0,
    progress_total: 0,
    requested_by: actorUserId(ctx),
    summary: null,
    bytes: null,
    sha256: null,
    error: null,
    created_at: at,
    started_at: null,
    finished_at: null,
    expires_at: null,
  };
  try {
    await ctx.deps.db.transaction().execute(async (trx) => {
      const { portal_id: _, ...values } = row;
      await scopeOf(ctx, trx).insertInto('portal_exports', values).execute();
      await ctx.deps.jobs.enqueue(trx, EXPORT_JOB, { exportId: row.id }, { portalId: ctx.portalId, maxAttempts: 3 });
      await recordAudit(ctx, { action: 'portability.export_requested', targetType: 'export', targetId: row.id }, trx);
    });
  } catch (err) {
    // Another request started one between our look and our insert: that one it is.
    if (!isUniqueViolation(err)) throw err;
    const winner = await scopeOf(ctx).selectFrom('portal_exports').selectAll().where('status', 'in', ['queued', 'running']).executeTakeFirst();
    if (!winner) throw err;
    return { export: toExportOut(ctx, winner), created: false };
  }
  return { export: toExportOut(ctx, row), created: true };
}

/** The export under way, or a new one (see startOrJoinExport). */
export async function requestExport(ctx: PortalContext): Promise<ExportOut> {
  return (await startOrJoinExport(ctx)).export;
}

export async function getExport(ctx: PortalContext, id: string): Promise<ExportOut> {
  return toExportOut(ctx, await mustFind(ctx, id));
}

export async function listExports(ctx: PortalContext, q: { limit: number; cursor?: string }) {
  const query = keyset(scopeOf(ctx).selectFrom('portal_exports').selectAll(), { column: 'created_at', direction: 'desc' }, 'id', q.cursor, q.limit);
  const { page, nextCursor } = toPage(await query.execute(), q.limit, (r) => ({ v: r.created_at, id: r.id }));
  return { items: page.map((r) => toExportOut(ctx, r)), nextCursor };
}

/** The finished ZIP as a stream; 409 while it is being made, 410 once its link expired. `auditDetails` go into the audit entry (an operator's reason). */
export async function openExportDownload(
  ctx: PortalContext,
  id: string,
  auditDetails?: Record<string, unknown>,
): Promise<{ stream: Readable; bytes: number; filename: string }> {
  const row = await mustFind(ctx, id);
  if (row.status !== 'done') {
    throw new AppError('EXPORT_NOT_READY', row.status === 'failed' ? 'This export failed; start a new one' : 'This export is still being made', {
      status: row.status,
    });
  }
  if (isExpired(ctx, row)) {
    await fsp.rm(exportFile(ctx, id), { force: true });
    throw new AppError('EXPORT_EXPIRED', 'This download link has expired; start a new export', { expiredAt: row.expires_at });
  }
  const file = exportFile(ctx, id);
  const stat = await fsp.stat(file).catch(() => null);
  if (!stat) throw new AppError('EXPORT_EXPIRED', 'This export is no longer stored; start a new export');
  const portal = await findPortalById(ctx.deps.db, ctx.portalId);
  const day = row.created_at.slice(0, 10);
  await recordAudit(ctx, { action: 'portability.export_downloaded', targetType: 'export', targetId: id, details: auditDetails });
  return { stream: fs.createReadStream(file), bytes: stat.size, filename: `${portal?.slug ?? 'portal'}-export-${day}.zip` };
}

async function setRow(ctx: PortalContext, id: string, values: Partial<Omit<PortalExportRow, 'id' | 'portal_id'>>): Promise<void> {
  await scopeOf(ctx).updateTable('portal_exports', values).where('id', '=', id).execute();
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The export job: writes the ZIP beside its final name, then renames it into place and mails the link. */
export const runExportJob: JobHandler<{ exportId: string }> = async (deps, job) => {
  const ctx = systemContext(deps, job.portalId!);
  const id = job.payload.exportId;
  const row = await scopeOf(ctx).selectFrom('portal_exports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.status === 'done' || row.status === 'failed') return;
  const file = exportFile(ctx, id);
  const part = `${file}.part`;
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const started = deps.clock.now(ctx.portalId);
  await setRow(ctx, id, { status: 'running', started_at: started.toISOString(), progress_done: 0 });
  const reporter = new ProgressReporter((done, total) => setRow(ctx, id, { progress_done: done, progress_total: total }));
  try {
    const manifest = await writeExport(ctx, fs.createWriteStream(part), started, (done, total) => reporter.report(done, total));
    await reporter.flush();
    await fsp.rename(part, file);
    const bytes = (await fsp.stat(file)).size;
    const at = deps.clock.now(ctx.portalId);
    const expiresAt = new Date(at.getTime() + EXPORT_TTL_MS);
    await deps.db.transaction().execute(async (trx) => {
      await scopeOf(ctx, trx)
        .updateTable('portal_exports', {
          status: 'done',
          finished_at: at.toISOString(),
          expires_at: expiresAt.toISOString(),
          bytes,
          sha256: await sha256Of(file),
          summary: JSON.stringify({ counts: manifest.counts }),
          progress_done: Number(row.progress_total) || 1,
          progress_total: Number(row.progress_total) || 1,
        })
        .where('id', '=', id)
        .execute();
      // Removes the file when the link expires; the job runner's frame is the process clock.
      await deps.jobs.enqueue(
        trx,
        EXPORT_EXPIRE_JOB,
        { exportId: id },
        { portalId: ctx.portalId, runAt: new Date(deps.clock.now().getTime() + EXPORT_TTL_MS) },
      );
      const user = row.requested_by ? await findUser(trx, ctx.portalId, row.requested_by) : undefined;
      if (user) {
        await queueMail(deps, trx, ctx.portalId, {
          to: user.email,
          subject: 'Your export is ready',
          text: [
            `Hello ${user.name},`,
            '',
            'The export of everything in your portal is ready. Download it here (signed in as an admin):',
            downloadUrl(ctx, id),
            '',
            `The link works until ${expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; after that, start a new export from Settings → Data.`,
          ].join('\n'),
        });
      }
      await notifyExportReady(ctx, trx, { id, requestedBy: row.requested_by, expiresAt: expiresAt.toISOString(), counts: manifest.counts });
    });
  } catch (err) {
    await fsp.rm(part, { force: true });
    const message = err instanceof Error ? err.message : String(err);
    deps.log.error({ err, portalId: ctx.portalId, exportId: id }, 'portability: export failed');
    await setRow(ctx, id, { status: 'failed', error: message, finished_at: deps.clock.now(ctx.portalId).toISOString() });
  }
};

/** Removes an expired export's file (the row stays, answering 410). */
export const expireExportJob: JobHandler<{ exportId: string }> = async (deps, job) => {
  const ctx = systemContext(deps, job.portalId!);
  const row = await scopeOf(ctx).selectFrom('portal_exports').selectAll().where('id', '=', job.payload.exportId).executeTakeFirst();
  if (!row) return;
  // Not yet by the portal's own clock (a test clock behind the process clock): the download removes it later.
  if (row.expires_at && row.expires_at > nowIso(ctx)) return;
  await fsp.rm(exportFile(ctx, row.id), { force: true });
};
