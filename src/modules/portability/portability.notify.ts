import type { Executor } from '../../db/scope.js';
import { systemContext, type PortalContext } from '../../kernel/context.js';
import { notify } from '../../kernel/notify.js';
import type { ImportKind } from '../../db/tables/portability.js';
import type { ImportReport } from './portability.schema.js';

/** What people read about their exports and imports in the app (plain English, one place: issue 15 translates it). */
export const PORTABILITY_NOTICES = {
  exportReady: (p: { expiresAt: string; counts: Record<string, number> }) => ({
    title: 'Your export is ready',
    body: [`${countsLine(p.counts)}.`, `Download it from Settings → Data until ${p.expiresAt.slice(0, 16).replace('T', ' ')} UTC.`].join('\n'),
  }),
  importDone: (p: { kind: ImportKind; counts: Record<string, number>; problems: number; warnings: number }) => ({
    title: `Your ${KIND_NAMES[p.kind]} import is finished`,
    body: [
      `Imported: ${countsLine(p.counts)}.`,
      ...(p.problems ? [`${p.problems} ${p.problems === 1 ? 'row was' : 'rows were'} skipped; see the report in Settings → Data.`] : []),
      ...(p.warnings ? [`${p.warnings} ${p.warnings === 1 ? 'warning' : 'warnings'}; see the report in Settings → Data.`] : []),
    ].join('\n'),
  }),
  importFailed: (p: { kind: ImportKind; error: string }) => ({ title: `Your ${KIND_NAMES[p.kind]} import failed`, body: p.error }),
};

const KIND_NAMES: Record<ImportKind, string> = { portal: 'portal', csv: 'CSV', bitrix24: 'Bitrix24' };

/** "12 contacts, 3 deals" (largest first), or "nothing". */
function countsLine(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([entity, n]) => `${n} ${entity}`);
  return parts.length ? parts.join(', ') : 'nothing';
}

export const DATA_URL = '/app/settings/data';

/**
 * The finished export, to whoever asked for it. Sent as the system (the export job's own
 * act): the requester started it, but its result is news to them.
 */
export async function notifyExportReady(
  ctx: PortalContext,
  trx: Executor,
  e: { id: string; requestedBy: string | null; expiresAt: string; counts: Record<string, number> },
) {
  if (!e.requestedBy) return;
  await notify(systemContext(ctx.deps, ctx.portalId), trx, {
    userId: e.requestedBy,
    kind: 'export.ready',
    ...PORTABILITY_NOTICES.exportReady(e),
    url: DATA_URL,
    subject: { entity: 'export', id: e.id },
    dedupeKey: `export.ready:${e.id}`,
    // The export job mails the download link itself.
    mailedByCause: true,
  });
}

/** A finished (done or failed) import, to whoever started it; as the system, like the export. */
export async function notifyImportFinished(
  ctx: PortalContext,
  trx: Executor,
  i: { id: string; kind: ImportKind; requestedBy: string | null } & ({ report: ImportReport } | { error: string }),
) {
  if (!i.requestedBy) return;
  const notice =
    'report' in i
      ? PORTABILITY_NOTICES.importDone({
          kind: i.kind,
          counts: Object.fromEntries(Object.entries(i.report.counts).map(([k, c]) => [k, c.imported + c.merged])),
          problems: i.report.problemCount,
          warnings: i.report.warnings.length,
        })
      : PORTABILITY_NOTICES.importFailed({ kind: i.kind, error: i.error });
  await notify(systemContext(ctx.deps, ctx.portalId), trx, {
    userId: i.requestedBy,
    kind: 'import.finished',
    ...notice,
    url: DATA_URL,
    subject: { entity: 'import', id: i.id },
    dedupeKey: `import.finished:${i.id}`,
  });
}
