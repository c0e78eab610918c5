import { z } from 'zod';
import { pageQuery } from '../../kernel/pagination.js';

export const idParams = z.object({ id: z.string().min(1).max(100) });
export const listQuery = pageQuery;

const status = z.enum(['queued', 'running', 'done', 'failed']);

export const exportOut = z
  .object({
    id: z.string(),
    status,
    /** 0 … 1 */
    progress: z.number(),
    requestedBy: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    /** After this the download answers 410 Gone. */
    expiresAt: z.string().nullable(),
    bytes: z.number().nullable(),
    sha256: z.string().nullable(),
    counts: z.record(z.string(), z.number()).nullable(),
    downloadUrl: z.string().nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'PortalExport' });

export const importProblem = z
  .object({
    entity: z.string().nullable(),
    /** 1-based data row (the header is row 0), or null for a problem with the whole file. */
    row: z.number().nullable(),
    column: z.string().nullable(),
    message: z.string(),
  })
  .meta({ id: 'ImportProblem' });

export const importCounts = z.object({ imported: z.number(), merged: z.number(), skipped: z.number() });

export const importReport = z
  .object({
    counts: z.record(z.string(), importCounts),
    /** Errors (CSV import: nothing was written) or, for a migration, why rows were skipped. */
    problems: z.array(importProblem),
    /** All problems found; `problems` lists the first 5,000. */
    problemCount: z.number(),
    /** Rows that were merged into a record already there, and why. */
    merges: z.array(z.object({ entity: z.string(), row: z.number(), into: z.string(), reason: z.string() })),
    warnings: z.array(z.string()),
    dryRun: z.boolean().optional(),
    entity: z.string().optional(),
    /** CSV import: which column of the file went to which field (null: not imported). */
    mapping: z.record(z.string(), z.string().nullable()).optional(),
  })
  .meta({ id: 'ImportReport' });

export const importOut = z
  .object({
    id: z.string(),
    kind: z.enum(['portal', 'csv', 'bitrix24']),
    status,
    progress: z.number(),
    requestedBy: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    report: importReport.nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'PortalImport' });

export const csvEntity = z.enum(['companies', 'contacts', 'leads', 'deals', 'tasks']);

// The multipart forms of the imports, for the API document (the handlers read the parts as they stream in).
export const archiveUploadForm = z.object({ file: z.file().describe('An export ZIP of a SchedulingKit portal') });
export const csvUploadForm = z.object({
  entity: csvEntity.describe('What the rows are'),
  dryRun: z.enum(['true', 'false']).optional().describe('true: check every row and report, import nothing'),
  mapping: z.string().optional().describe('JSON object from column name to field name (null skips the column); unmapped columns are matched by name'),
  file: z.file().describe('The CSV file (UTF-8; comma, semicolon or tab separated)'),
});
const bitrixList = (what: string) => z.file().optional().describe(`The ${what} list exported from Bitrix24 (CSV or "Excel")`);
export const bitrixUploadForm = z
  .object({
    companies: bitrixList('companies'),
    contacts: bitrixList('contacts'),
    leads: bitrixList('leads'),
    deals: bitrixList('deals'),
    tasks: bitrixList('tasks'),
    calendar: z.file().optional().describe('The calendar exported from Bitrix24 (.ics)'),
  })
  .describe('At least one of the files');

export type ExportOut = z.infer<typeof exportOut>;
export type ImportOut = z.infer<typeof importOut>;
export type ImportReport = z.infer<typeof importReport>;
export type ImportProblem = z.infer<typeof importProblem>;
export type CsvEntity = z.infer<typeof csvEntity>;
