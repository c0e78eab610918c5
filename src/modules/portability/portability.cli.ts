import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { AppDeps, PortalContext } from '../../kernel/context.js';

/**
 * `skit export` and `skit import` (PLT-4): the same archive as Settings → Data, made
 * or restored from the command line with a progress bar. They open the database
 * themselves, so they work while the server runs (SQLite in WAL mode lets readers
 * and one writer at a time side by side; PostgreSQL as ever).
 *
 * This file is the CLI's door into the module (ADR 0018): it loads at every `skit` start,
 * so each command imports what it runs when it runs.
 */

/** What the commands run, loaded when one of them runs. */
async function load() {
  const [context, errors, accounts, audit, writer, archive, importService, runner, cliProgress] = await Promise.all([
    import('../../kernel/context.js'),
    import('../../kernel/errors.js'),
    import('../accounts/index.js'),
    import('../audit/index.js'),
    import('./export.writer.js'),
    import('./import.archive.js'),
    import('./import.service.js'),
    import('../../kernel/jobs/runner.js'),
    import('cli-progress'),
  ]);
  return { ...context, ...errors, ...accounts, ...audit, ...writer, ...archive, ...importService, ...runner, cliProgress: cliProgress.default };
}
type Loaded = Awaited<ReturnType<typeof load>>;

interface CliHelpers {
  withDeps<T>(fn: (deps: AppDeps) => Promise<T>): Promise<T>;
  fail(err: unknown): never;
}

function progressBar({ cliProgress }: Loaded, label: string) {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} |{bar}| {percentage}% | ETA {eta_formatted}`,
      hideCursor: true,
      stream: process.stderr,
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 2000,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number) {
      if (!started) {
        bar.start(Math.max(total, 1), 0);
        started = true;
      }
      bar.setTotal(Math.max(total, 1));
      bar.update(Math.min(done, total));
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

async function portalBySlug({ findPortalBySlug, AppError }: Loaded, deps: AppDeps, slug: string) {
  const portal = await findPortalBySlug(deps.db, slug.toLowerCase());
  if (!portal) throw new AppError('NOT_FOUND', `No portal "${slug}"`);
  return portal;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function registerPortabilityCommands(program: Command, { withDeps, fail }: CliHelpers): void {
  program
    .command('export')
    .description('Export everything in a portal as one ZIP (the same archive as Settings → Data)')
    .requiredOption('--portal <slug>', 'the portal to export')
    .requiredOption('--out <file>', 'where to write the ZIP, e.g. acme.zip')
    .action(async (opts: { portal: string; out: string }) => {
      await withDeps(async (deps) => {
        const loaded = await load();
        const { systemContext, writeExport, recordAudit } = loaded;
        const portal = await portalBySlug(loaded, deps, opts.portal);
        const ctx = systemContext(deps, portal.id);
        const out = path.resolve(opts.out);
        const part = `${out}.part`;
        const bar = progressBar(loaded, 'Exporting');
        try {
          const manifest = await writeExport(ctx, fs.createWriteStream(part), deps.clock.now(portal.id), (d, t) => bar.update(d, t));
          bar.stop();
          await fsp.rename(part, out);
          await recordAudit(ctx, { action: 'portability.export_cli', details: { file: path.basename(out) } });
          const size = (await fsp.stat(out)).size;
          console.log(`Exported ${portal.slug} to ${out} (${size.toLocaleString('en')} bytes, sha256 ${await sha256Of(out)}).`);
          console.log(
            Object.entries(manifest.counts)
              .map(([k, n]) => `  ${k}: ${n}`)
              .join('\n'),
          );
        } catch (err) {
          bar.stop();
          await fsp.rm(part, { force: true });
          throw err;
        }
      }).catch(fail);
    });

  program
    .command('import')
    .description('Restore an export ZIP into an empty portal (e.g. one just made with `skit portal create`)')
    .requiredOption('--portal <slug>', 'the portal to import into; it must have no records of its own')
    .argument('<file>', 'the export ZIP')
    .action(async (file: string, opts: { portal: string }) => {
      await withDeps(async (deps) => {
        const loaded = await load();
        const { systemContext, listAdmins, newImportRow, nowIso, importArchive, emptyReport, recordAudit, startInlineImport, JobRunner } = loaded;
        const portal = await portalBySlug(loaded, deps, opts.portal);
        const owner = (await listAdmins(deps.db, portal.id)).find((a) => a.role === 'owner');
        // The import runs as the portal's owner: the exported owner's records become theirs.
        const ctx: PortalContext = owner
          ? { ...systemContext(deps, portal.id), actor: { type: 'user', userId: owner.id, role: 'owner' } }
          : systemContext(deps, portal.id);
        // While it runs, this process holds a job that undoes the import and fails it if the
        // process is killed: the next server process takes it over at its start (POR-8).
        const runner = new JobRunner(deps, {});
        deps.jobRunner = runner;
        const row = await newImportRow(ctx, 'portal');
        const settle = await startInlineImport(ctx, row);
        runner.startHeartbeat();
        const bar = progressBar(loaded, 'Importing');
        try {
          const result = await importArchive(ctx, path.resolve(file), (d, t) => bar.update(d, t));
          bar.stop();
          const report = emptyReport();
          for (const [entity, n] of Object.entries(result.counts)) report.counts[entity] = { imported: n, merged: 0, skipped: 0 };
          report.warnings = result.warnings;
          await deps.db
            .updateTable('portal_imports')
            .set({ status: 'done', report: JSON.stringify(report), finished_at: nowIso(ctx) })
            .where('id', '=', row.id)
            .execute();
          await recordAudit(ctx, { action: 'portability.import_completed', targetType: 'import', targetId: row.id, details: { from: result.source.slug } });
          console.log(`Imported ${path.basename(file)} (from ${result.source.slug}) into ${portal.slug}.`);
          console.log(
            Object.entries(result.counts)
              .map(([k, n]) => `  ${k}: ${n}`)
              .join('\n'),
          );
          for (const w of result.warnings) console.log(`  warning: ${w}`);
        } catch (err) {
          bar.stop();
          const message = err instanceof Error ? err.message : String(err);
          await deps.db
            .updateTable('portal_imports')
            .set({ status: 'failed', error: message, finished_at: nowIso(ctx) })
            .where('id', '=', row.id)
            .execute();
          throw err;
        } finally {
          await settle();
          await runner.stop();
        }
      }).catch(fail);
    });
}
