import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { actorUserId, nowIso, scopeOf, type AppDeps, type PortalContext } from '../../kernel/context.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { keyset, toPage } from '../../kernel/pagination.js';
import type { JobHandler } from '../../kernel/jobs/runner.js';
import { findUser } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { assertEmptyPortal, importArchive, undoImport } from './import.archive.js';
import type { ImportOut, ImportReport } from './portability.schema.js';
import type { ImportKind, PortalImportRow } from '../../db/tables/portability.js';
import { notifyImportFinished } from './portability.notify.js';
import { ProgressReporter } from './progress.js';
import { crashPoint } from './crash-points.js';
import { ArchiveError, ZipReader } from './zip-reader.js';
import { newId } from '../../kernel/ids.js';

export const IMPORT_JOB = 'portability.import';
/** Held by the process while an upload is imported within its request; runs only if that process is gone before the end. */
export const IMPORT_INTERRUPTED_JOB = 'portability.import_interrupted';

/** Uploads being imported: DATA_DIR/imports/<portalId>/<importId>… (erased with the portal). */
export const importDir = (ctx: PortalContext) => path.join(ctx.deps.config.DATA_DIR, 'imports', ctx.portalId);

export function toImportOut(r: PortalImportRow): ImportOut {
  const total = Number(r.progress_total);
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    progress: r.status === 'done' ? 1 : total > 0 ? Math.min(1, Number(r.progress_done) / total) : 0,
    requestedBy: r.requested_by,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    report: r.report ? (JSON.parse(r.report) as ImportReport) : null,
    error: r.error,
  };
}

export function emptyReport(): ImportReport {
  return { counts: {}, problems: [], problemCount: 0, merges: [], warnings: [] };
}

export async function getImport(ctx: PortalContext, id: string): Promise<ImportOut> {
  const row = await scopeOf(ctx).selectFrom('portal_imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Import');
  return toImportOut(row);
}

export async function listImports(ctx: PortalContext, q: { limit: number; cursor?: string }) {
  const query = keyset(scopeOf(ctx).selectFrom('portal_imports').selectAll(), { column: 'created_at', direction: 'desc' }, 'id', q.cursor, q.limit);
  const { page, nextCursor } = toPage(await query.execute(), q.limit, (r) => ({ v: r.created_at, id: r.id }));
  return { items: page.map(toImportOut), nextCursor };
}

/** A new import row, as the caller's (queued until it runs). */
export async function newImportRow(ctx: PortalContext, kind: ImportKind): Promise<PortalImportRow> {
  const row: PortalImportRow = {
    id: newId(),
    portal_id: ctx.portalId,
    kind,
    status: 'queued',
    progress_done: 0,
    progress_total: 0,
    requested_by: actorUserId(ctx),
    report: null,
    error: null,
    created_at: nowIso(ctx),
    started_at: null,
    finished_at: null,
  };
  return row;
}

export async function updateImport(ctx: PortalContext, id: string, values: Partial<Omit<PortalImportRow, 'id' | 'portal_id'>>): Promise<void> {
  await scopeOf(ctx).updateTable('portal_imports', values).where('id', '=', id).execute();
}

/** An import's final state, and the news of it to whoever started it, in one transaction. */
async function finishImport(
  ctx: PortalContext,
  id: string,
  values: Partial<Omit<PortalImportRow, 'id' | 'portal_id'>>,
  outcome: { report: ImportReport } | { error: string },
): Promise<void> {
  await ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    await s.updateTable('portal_imports', values).where('id', '=', id).execute();
    const row = await s.selectFrom('portal_imports').select(['kind', 'requested_by']).where('id', '=', id).executeTakeFirst();
    if (row) await notifyImportFinished(ctx, trx, { id, kind: row.kind, requestedBy: row.requested_by, ...outcome });
  });
}

/** Streams an upload to a file under the portal's import directory. */
export async function saveUpload(ctx: PortalContext, name: string, stream: Readable, truncated?: () => boolean): Promise<string> {
  const dir = importDir(ctx);
  await fsp.mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  try {
    await pipeline(stream, fs.createWriteStream(file));
  } catch (err) {
    // The upload broke off (a multipart body cut short): nothing of it stays on disk.
    await fsp.rm(file, { force: true });
    throw err;
  }
  if (truncated?.()) {
    await fsp.rm(file, { force: true });
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `The file is larger than the upload limit of ${ctx.deps.config.MAX_UPLOAD_BYTES} bytes; import it with \`skit import\` instead`,
    );
  }
  return file;
}

/** Removes uploads a refused request saved. */
export async function removeUploads(files: string[]): Promise<void> {
  for (const file of files) await fsp.rm(file, { force: true });
}

/**
 * Accepts an export archive for import into this (empty) portal and queues the
 * import. The archive's manifest is checked now, so a wrong file is refused at once.
 */
export async function requestArchiveImport(ctx: PortalContext, upload: { stream: Readable; truncated?: () => boolean }): Promise<ImportOut> {
  await assertEmptyPortal(ctx);
  const row = await newImportRow(ctx, 'portal');
  const file = await saveUpload(ctx, `${row.id}.zip`, upload.stream, upload.truncated);
  try {
    const zip = await ZipReader.open(file);
    const ok = zip.has('manifest.json');
    zip.close();
    if (!ok) throw new ArchiveError('The archive has no manifest.json: it is not a SchedulingKit export');
  } catch (err) {
    await fsp.rm(file, { force: true });
    if (err instanceof ArchiveError) throw new AppError('ARCHIVE_INVALID', err.message, { fields: [{ path: 'file', message: err.message, in: 'body' }] });
    throw err;
  }
  await ctx.deps.db.transaction().execute(async (trx) => {
    const { portal_id: _, ...values } = row;
    await scopeOf(ctx, trx).insertInto('portal_imports', values).execute();
    await ctx.deps.jobs.enqueue(trx, IMPORT_JOB, { importId: row.id }, { portalId: ctx.portalId, maxAttempts: 1 });
    await recordAudit(ctx, { action: 'portability.import_requested', targetType: 'import', targetId: row.id }, trx);
  });
  return toImportOut(row);
}

/** Runs an archive import with the rights of the admin who asked for it. */
export async function runArchiveImport(ctx: PortalContext, row: Pick<PortalImportRow, 'id'>, file: string): Promise<ImportOut> {
  await updateImport(ctx, row.id, { status: 'running', started_at: nowIso(ctx) });
  crashPoint(ctx.deps.config, 'import.start');
  const reporter = new ProgressReporter((done, total) => updateImport(ctx, row.id, { progress_done: done, progress_total: total }));
  try {
    const result = await importArchive(ctx, file, (d, t) => reporter.report(d, t));
    await reporter.flush();
    const report = emptyReport();
    for (const [entity, n] of Object.entries(result.counts)) report.counts[entity] = { imported: n, merged: 0, skipped: 0 };
    report.warnings = result.warnings;
    await finishImport(ctx, row.id, { status: 'done', report: JSON.stringify(report), finished_at: nowIso(ctx) }, { report });
    await recordAudit(ctx, { action: 'portability.import_completed', targetType: 'import', targetId: row.id, details: { from: result.source.slug } });
    crashPoint(ctx.deps.config, 'import.done');
  } catch (err) {
    await reporter.flush().catch(() => {});
    const known = err instanceof ArchiveError || err instanceof AppError;
    if (!known) ctx.deps.log.error({ err, portalId: ctx.portalId, importId: row.id }, 'portability: import failed');
    const message = known ? (err as Error).message : 'The import failed on our side; nothing was imported';
    await finishImport(ctx, row.id, { status: 'failed', error: message, finished_at: nowIso(ctx) }, { error: message });
  } finally {
    await fsp.rm(file, { force: true });
  }
  return getImport(ctx, row.id);
}

/** The context an import runs in: the rights of the admin who asked for it (an undo keeps that user). */
async function importContext(deps: AppDeps, portalId: string, row: Pick<PortalImportRow, 'requested_by'>): Promise<PortalContext> {
  const user = row.requested_by ? await findUser(deps.db, portalId, row.requested_by) : undefined;
  return { deps, portalId, actor: user ? { type: 'user', userId: user.id, role: user.role } : { type: 'system' }, ip: null, userAgent: null };
}

/**
 * Runs a queued archive import, or picks up one whose process is gone (the job was taken
 * over at this process's start, see JobRunner.register): POR-8, ADR 0031.
 */
export const runImportJob: JobHandler<{ importId: string }> = async (deps, job) => {
  const portalId = job.portalId!;
  const row = await deps.db
    .selectFrom('portal_imports')
    .selectAll()
    .where('portal_id', '=', portalId)
    .where('id', '=', job.payload.importId)
    .executeTakeFirst();
  if (!row) return;
  const ctx = await importContext(deps, portalId, row);
  const file = path.join(importDir(ctx), `${row.id}.zip`);
  if (row.status !== 'queued' && row.status !== 'running') {
    // Finished, and the process stopped before it removed the upload.
    await removeImportUploads(ctx, row.id);
    return;
  }
  if (row.status === 'running') {
    // Taken over from a process that is gone: what it imported goes, then the import starts
    // again from the upload, once (a second stop in the middle fails it, with nothing imported).
    await undoImport(ctx);
    if (job.attempt > 2) {
      await finishImport(ctx, row.id, { status: 'failed', error: INTERRUPTED.portal, finished_at: nowIso(ctx) }, { error: INTERRUPTED.portal });
      await fsp.rm(file, { force: true });
      return;
    }
  }
  await runArchiveImport(ctx, row, file);
};

/**
 * Starts an import that runs within its request (CSV, Bitrix24): the row is `running`,
 * and this process holds a job that finishes the story if the process is gone before the
 * end (see importInterruptedJob). Returns what to call once the row has its final state.
 */
export async function startInlineImport(ctx: PortalContext, row: PortalImportRow): Promise<() => Promise<void>> {
  const runner = ctx.deps.jobRunner;
  let held: string | null = null;
  // Registered before the transaction: on SQLite a write outside it would wait for it forever.
  await runner?.register();
  await ctx.deps.db.transaction().execute(async (trx) => {
    const { portal_id: _, ...values } = row;
    await scopeOf(ctx, trx)
      .insertInto('portal_imports', { ...values, status: 'running', started_at: nowIso(ctx) })
      .execute();
    if (runner) held = await runner.hold(trx, IMPORT_INTERRUPTED_JOB, { importId: row.id }, { portalId: ctx.portalId });
  });
  return async () => {
    if (held) await runner!.settle(held);
  };
}

/** What an import that the server stopped in the middle of did, by kind (all rows or none for a CSV file, file by file for Bitrix24). */
const INTERRUPTED: Record<ImportKind, string> = {
  csv: 'The server stopped while this file was being imported, so nothing was imported. Please upload it again.',
  bitrix24: 'The server stopped during the migration. The files listed in the report were imported; upload the others again.',
  portal: 'The import stopped before it finished; nothing was imported, the portal is as it was. Please import the export again.',
};

/**
 * Runs when the process that imported an upload within its request is gone (a crash, a
 * kill): the import gets its final state with the reason, and the upload is removed.
 * A CSV file is written in one transaction, so nothing of it is in the database; what a
 * `skit import` of an archive wrote batch by batch is undone here.
 */
export const importInterruptedJob: JobHandler<{ importId: string }> = async (deps, job) => {
  let ctx: PortalContext = { deps, portalId: job.portalId!, actor: { type: 'system' }, ip: null, userAgent: null };
  const row = await scopeOf(ctx).selectFrom('portal_imports').selectAll().where('id', '=', job.payload.importId).executeTakeFirst();
  if (row && (row.status === 'running' || row.status === 'queued')) {
    if (row.kind === 'portal') {
      // `skit import` was stopped: its batches are undone (the portal was empty before it).
      ctx = await importContext(deps, ctx.portalId, row);
      await undoImport(ctx);
    }
    await finishImport(ctx, row.id, { status: 'failed', error: INTERRUPTED[row.kind], finished_at: nowIso(ctx) }, { error: INTERRUPTED[row.kind] });
    await recordAudit(ctx, { action: 'portability.import_interrupted', targetType: 'import', targetId: row.id, details: { kind: row.kind } });
  }
  await removeImportUploads(ctx, job.payload.importId);
};

/** Every upload file of an import: `<id>.csv`, `<id>.zip`, `<id>-<field>`. */
async function removeImportUploads(ctx: PortalContext, importId: string): Promise<void> {
  const dir = importDir(ctx);
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  for (const name of names) if (name.startsWith(importId)) await fsp.rm(path.join(dir, name), { force: true });
}

/**
 * Housekeeping (every portal): removes upload files under DATA_DIR/imports last written
 * before `before` whose import is not queued or running — left by a process that died
 * while the upload was still arriving, before its import existed. Returns how many.
 */
export async function pruneLeftoverUploads(deps: AppDeps, before: Date): Promise<number> {
  const root = path.join(deps.config.DATA_DIR, 'imports');
  let removed = 0;
  for (const portalId of await fsp.readdir(root).catch(() => [] as string[])) {
    const dir = path.join(root, portalId);
    for (const name of await fsp.readdir(dir).catch(() => [] as string[])) {
      const file = path.join(dir, name);
      const stat = await fsp.stat(file).catch(() => null);
      if (!stat?.isFile() || stat.mtime >= before) continue;
      const importId = name.slice(0, 36);
      const live = await deps.db
        .selectFrom('portal_imports')
        .select('id')
        .where('portal_id', '=', portalId)
        .where('id', '=', importId)
        .where('status', 'in', ['queued', 'running'])
        .executeTakeFirst();
      if (live) continue;
      await fsp.rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}
