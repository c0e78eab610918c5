import { performance } from 'node:perf_hooks';
import { Readable, type Writable } from 'node:stream';
import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { findPortalById } from '../accounts/index.js';
import { exportAutomationsDocument } from '../automations/index.js';
import { calendarIcsChunks, listAllCalendars } from '../calendar/index.js';
import { driveFiles, driveFolders, openStoredFile } from '../drive/index.js';
import { csvRowFormatter } from './csv-cells.js';
import { csvRow } from './csv-write.js';
import { excludedForManifest } from './excluded.js';
import { AUTOMATIONS, FORMAT_VERSION, MANIFEST, csvPath, exportTables, type Manifest } from './entities.js';
import { recordPages, type Cell, type PortableRecord, type PortableTable } from '../../kernel/portable.js';
import { ZipWriter } from './zip-writer.js';

/** Work units for progress: one per row, and one per 64 KiB of file bytes. */
const BYTES_PER_UNIT = 64 * 1024;

export interface ExportProgress {
  (done: number, total: number): void;
}

/** Records kept from an earlier import (invoices, audit log: see PortableTable.archived), in their order. */
export async function* archivedRecords(ctx: PortalContext, entity: string): AsyncGenerator<PortableRecord> {
  let position = -1;
  for (;;) {
    const rows = await scopeOf(ctx)
      .selectFrom('portability_archive')
      .select(['position', 'record'])
      .where('entity', '=', entity)
      .where('position', '>', position)
      .orderBy('position')
      .limit(1000)
      .execute();
    for (const r of rows) yield JSON.parse(r.record) as PortableRecord;
    if (rows.length < 1000) return;
    position = rows[rows.length - 1]!.position;
  }
}

async function countArchived(ctx: PortalContext, entity: string): Promise<number> {
  const row = await scopeOf(ctx)
    .selectFrom('portability_archive')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('entity', '=', entity)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The table's pages: records kept from an earlier import first (see PortableTable.archived), then the live rows. */
async function* pagesOf(ctx: PortalContext, table: PortableTable): AsyncGenerator<Cell[][]> {
  if (table.archived) yield* recordPages(table.columns, archivedRecords(ctx, table.entity));
  yield* table.pages(ctx);
}

const CSV_BOM = '\uFEFF';

/**
 * A table as CSV (RFC 4180, UTF-8 with a BOM, see csv-write.ts): the header row, then one chunk
 * per page of rows, so that the stream carries a few large chunks instead of one per
 * record (the compressor and the checksums pay per chunk).
 */
function csvStream(table: PortableTable, pages: AsyncIterable<Cell[][]>, onRows: (n: number) => void): Readable {
  const format = csvRowFormatter(table.columns);
  return Readable.from(
    (async function* () {
      // A UTF-8 BOM: what tells Excel and LibreOffice, opening the file by double-click, that it is UTF-8 (POR-7).
      yield Buffer.from(CSV_BOM + csvRow(table.columns.map((c) => c.name)));
      for await (const page of pages) {
        let text = '';
        for (let i = 0; i < page.length; i++) text += format(page[i]!);
        yield Buffer.from(text);
        onRows(page.length);
      }
    })(),
    { objectMode: false },
  );
}

/** A file name for a calendar's .ics: its name without path characters, numbered when two are alike. */
function icsName(name: string, taken: Set<string>): string {
  // eslint-disable-next-line no-control-regex -- control characters cannot stand in a file name
  const base = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_').trim() || 'Calendar';
  let candidate = base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base} (${n})`;
  taken.add(candidate.toLowerCase());
  return `calendars/${candidate}.ics`;
}

/**
 * Writes the whole portal as a ZIP into `out` (see docs/export-format.md): a CSV per
 * entity, every calendar as .ics, the drive's files in their folder tree, the
 * automations as JSON and, last, manifest.json with counts and checksums. Every
 * piece is streamed; nothing is paywalled or left out for being over a limit.
 */
export async function writeExport(
  ctx: PortalContext,
  out: Writable,
  createdAt: Date,
  progress: ExportProgress = () => {},
  /** Hears how long each part took, in seconds (the benchmark prints them). */
  stage: (name: 'tables' | 'calendars' | 'files', seconds: number) => void = () => {},
): Promise<Manifest> {
  const portal = await findPortalById(ctx.deps.db, ctx.portalId);
  if (!portal) throw new Error(`portal ${ctx.portalId} not found`);

  let total = 0;
  for (const t of exportTables) total += (await t.count(ctx)) + (t.archived ? await countArchived(ctx, t.entity) : 0);
  let fileUnits = 0;
  for await (const f of driveFiles(ctx)) fileUnits += 1 + Math.ceil(f.bytes / BYTES_PER_UNIT);
  total += fileUnits;
  let done = 0;
  const tick = (units: number) => {
    done += units;
    progress(Math.min(done, total), total);
  };

  const zip = new ZipWriter(out, createdAt);
  const counts: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: 'tables' | 'calendars' | 'files') => {
    stage(name, (performance.now() - t0) / 1000);
    t0 = performance.now();
  };
  for (const table of exportTables) {
    let n = 0;
    await zip.add(
      csvPath(table),
      csvStream(table, pagesOf(ctx, table), (rows) => ((n += rows), tick(rows))),
      { compress: true },
    );
    counts[table.entity] = n;
  }

  lap('tables');
  const taken = new Set<string>();
  for (const calendar of await listAllCalendars(ctx)) {
    await zip.add(icsName(calendar.name, taken), Readable.from(calendarIcsChunks(ctx, calendar)), { compress: true });
  }

  lap('calendars');
  const automations = await exportAutomationsDocument(ctx);
  counts.automations = automations.rules.length;
  await zip.add(AUTOMATIONS, Readable.from([Buffer.from(JSON.stringify(automations, null, 2))]), { compress: true });

  for (const folder of await driveFolders(ctx)) zip.addDirectory(folder.path);
  let fileCount = 0;
  for await (const file of driveFiles(ctx)) {
    let pending = 0;
    await zip.add(file.path, await openStoredFile(ctx, file.id), {
      compress: false,
      onBytes: (n) => {
        pending += n;
        if (pending >= BYTES_PER_UNIT) {
          tick(Math.floor(pending / BYTES_PER_UNIT));
          pending %= BYTES_PER_UNIT;
        }
      },
    });
    tick(1);
    fileCount++;
  }
  counts.files = fileCount;
  lap('files');

  const manifest: Manifest = {
    formatVersion: FORMAT_VERSION,
    portal: { id: portal.id, slug: portal.slug, name: portal.name },
    createdAt: createdAt.toISOString(),
    counts,
    excluded: excludedForManifest(),
    files: zip.entries,
  };
  await zip.finish(MANIFEST, Buffer.from(JSON.stringify(manifest, null, 2)));
  progress(total, total);
  return manifest;
}
