import fsp from 'node:fs/promises';
import fs from 'node:fs';
import { nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { nulReplacedWarning } from '../../kernel/input.js';
import { recordAudit } from '../audit/index.js';
import { ensureDefaultPipeline } from '../crm/index.js';
import { CSV_FIELDS, matchColumns, parseField, unknownTargets, type FieldSpec } from './csv-fields.js';
import { CsvFileError, readCsv, sniffDelimiter } from './csv-read.js';
import { RecordBuilder, RowProblem, RowProblems, type RowValues } from './import.records.js';
import { emptyReport, getImport, startInlineImport, updateImport } from './import.service.js';
import type { CsvEntity, ImportOut, ImportProblem, ImportReport } from './portability.schema.js';
import type { PortalImportRow } from '../../db/tables/portability.js';

/**
 * CSV import of companies, contacts, leads, deals or tasks (POR-4): columns are
 * matched to fields by their names (or by the caller's mapping), every row is
 * checked, and the rows are written in one transaction: all of them, or, when
 * any row has a problem, none. A dry run checks everything and writes nothing.
 */

export const MAX_PROBLEMS = 5000;

/** Stands for the problems of a row's cells, already reported with their columns. */
const CELL_PROBLEM = new RowProblem('', '');

/** Rolls the transaction back after a dry run or when problems were found. */
class NothingWritten extends Error {}

export function csvTargetFields() {
  return Object.fromEntries(
    Object.entries(CSV_FIELDS).map(([entity, fields]) => [
      entity,
      fields.map((f) => ({ field: f.field, label: f.label, required: !!f.required, aliases: f.aliases.slice(2) })),
    ]),
  );
}

export async function firstBytes(file: string, n = 64 * 1024): Promise<string> {
  const handle = await fsp.open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Problems, capped: the first MAX_PROBLEMS are listed, all are counted. */
export class Problems {
  readonly list: ImportProblem[] = [];
  count = 0;
  add(p: ImportProblem): void {
    this.count++;
    if (this.list.length < MAX_PROBLEMS) this.list.push(p);
  }
}

export interface CsvImportInput {
  entity: CsvEntity;
  file: string;
  mapping?: Record<string, string | null>;
  dryRun: boolean;
}

const invalidFile = (message: string) => new AppError('INVALID_FILE', message, { fields: [{ path: 'file', message, in: 'body' }] });

export async function importCsv(ctx: PortalContext, row: PortalImportRow, input: CsvImportInput): Promise<ImportOut> {
  if (!(await firstBytes(input.file)).replace(/^\uFEFF/, '').trim()) {
    await fsp.rm(input.file, { force: true });
    throw invalidFile('The file is empty: a CSV import needs a header row and a row per record');
  }
  const settle = await startInlineImport(ctx, row);
  const report: ImportReport = { ...emptyReport(), entity: input.entity, dryRun: input.dryRun };
  const problems = new Problems();
  let rows = 0;
  const nulRows: number[] = [];
  let nuls = 0;
  const onNul = (at: number, count: number) => {
    nuls += count;
    nulRows.push(at);
  };
  try {
    if (input.entity === 'deals') await ensureDefaultPipeline(ctx);
    const delimiter = sniffDelimiter(await firstBytes(input.file));
    for (const target of unknownTargets(input.entity, input.mapping ?? {})) {
      problems.add({ entity: input.entity, row: null, column: null, message: `mapping names "${target}", which is not a field of ${input.entity}` });
    }
    await ctx.deps.db
      .transaction()
      .execute(async (trx) => {
        const builder = new RecordBuilder(ctx, trx);
        let columns: (FieldSpec | null)[] = [];
        let header: string[] = [];
        for await (const item of readCsv(fs.createReadStream(input.file), { delimiter, onNul })) {
          if ('header' in item) {
            header = item.header;
            columns = matchColumns(input.entity, header, input.mapping);
            report.mapping = Object.fromEntries(header.map((h, i) => [h, columns[i]?.field ?? null]));
            for (const missing of missingRequired(input.entity, columns)) problems.add({ entity: input.entity, row: null, column: null, message: missing });
            continue;
          }
          rows++;
          const values: RowValues = {};
          let bad = false;
          columns.forEach((spec, i) => {
            if (!spec) return;
            const parsed = parseField(spec, item.cells[i] ?? null);
            if (!parsed.ok) {
              bad = true;
              problems.add({ entity: input.entity, row: item.row, column: header[i]!, message: parsed.message });
            } else if (parsed.value !== undefined) {
              values[spec.field] =
                Array.isArray(parsed.value) && Array.isArray(values[spec.field]) ? [...(values[spec.field] as []), ...parsed.value] : parsed.value;
            }
          });
          try {
            // A row with a bad cell is still checked to the end (its references too), but makes nothing new.
            await builder.build(input.entity, values, bad ? [CELL_PROBLEM] : []);
          } catch (err) {
            if (!(err instanceof RowProblems)) throw err;
            for (const p of err.problems) {
              if (p === CELL_PROBLEM) continue;
              const at = columns.findIndex((c) => c?.field === p.field);
              problems.add({ entity: input.entity, row: item.row, column: at >= 0 ? header[at]! : p.field, message: p.message });
            }
          }
          if (problems.count > 0) builder.dropPending();
          else if (builder.pendingCount() >= 500) await builder.flush();
        }
        if (problems.count === 0) await builder.flush();
        report.counts[input.entity] = { imported: rows, merged: 0, skipped: 0 };
        for (const [entity, n] of Object.entries(builder.created)) report.counts[entity] = { imported: n, merged: 0, skipped: 0 };
        if (problems.count > 0 || input.dryRun) throw new NothingWritten();
      })
      .catch((err) => {
        if (!(err instanceof NothingWritten)) throw err;
      });
  } catch (err) {
    if (err instanceof CsvFileError) {
      // Not CSV at all: the transaction wrote nothing, and the import is not kept either.
      await scopeOf(ctx).deleteFrom('portal_imports').where('id', '=', row.id).execute();
      await settle();
      throw invalidFile(err.message);
    }
    // Nothing was written (the transaction rolled back): say so on the import, not only in the 500.
    await updateImport(ctx, row.id, { status: 'failed', error: 'The import failed on our side; nothing was imported', finished_at: nowIso(ctx) });
    await settle();
    throw err;
  } finally {
    await fsp.rm(input.file, { force: true });
  }
  if (nuls) report.warnings.push(nulReplacedWarning(`row${nulRows.length === 1 ? '' : 's'} ${listRows(nulRows)}`, nuls));
  report.problems = problems.list;
  report.problemCount = problems.count;
  if (problems.count > 0) {
    for (const counts of Object.values(report.counts)) counts.imported = 0;
    report.counts[input.entity] = { imported: 0, merged: 0, skipped: rows };
  }
  const failed = problems.count > 0;
  const error = failed ? `${problems.count} problem${problems.count === 1 ? '' : 's'} found; nothing was imported` : null;
  await scopeOf(ctx)
    .updateTable('portal_imports', {
      status: failed ? 'failed' : 'done',
      report: JSON.stringify(report),
      error,
      finished_at: nowIso(ctx),
      progress_done: rows,
      progress_total: rows,
    })
    .where('id', '=', row.id)
    .execute();
  if (!failed && !input.dryRun) {
    await recordAudit(ctx, { action: 'portability.csv_imported', targetType: 'import', targetId: row.id, details: { entity: input.entity, rows } });
  }
  await settle();
  return getImport(ctx, row.id);
}

/** "2, 5, 9" (and "… and 12 more" past ten). */
function listRows(rows: number[]): string {
  const shown = rows.slice(0, 10).join(', ');
  return rows.length > 10 ? `${shown} and ${rows.length - 10} more` : shown;
}

/** What a file must have a column for: a name for contacts, the title or name for the rest. */
function missingRequired(entity: CsvEntity, columns: (FieldSpec | null)[]): string[] {
  const has = (f: string) => columns.some((c) => c?.field === f);
  if (entity === 'contacts')
    return has('firstName') || has('lastName') || has('fullName') ? [] : ['no column holds a name: add "First name" / "Last name" or "Name", or map one'];
  return CSV_FIELDS[entity]
    .filter((f) => f.required && !has(f.field))
    .map((f) => `no column holds the ${f.label.toLowerCase()} (a required field): name a column "${f.label}" or map one to "${f.field}"`);
}
