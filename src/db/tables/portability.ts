// Row types of the portability module's tables (see src/db/types.ts for the conventions).

export type TransferStatus = 'queued' | 'running' | 'done' | 'failed';

/** One "export everything" run: the ZIP lives at DATA_DIR/exports/<portalId>/<id>.zip until it expires. */
export interface PortalExportRow {
  id: string;
  portal_id: string;
  status: TransferStatus;
  /** Work done and to do (rows plus file bytes): progress = done / total. */
  progress_done: number;
  progress_total: number;
  requested_by: string | null;
  /** JSON: { counts, files } once done. */
  summary: string | null;
  bytes: number | null;
  sha256: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** After this the download answers 410 and the file is removed. */
  expires_at: string | null;
}

export type ImportKind = 'portal' | 'csv' | 'bitrix24';

/** One import run (a whole-portal ZIP, a CSV file, or Bitrix24 list exports). */
export interface PortalImportRow {
  id: string;
  portal_id: string;
  kind: ImportKind;
  status: TransferStatus;
  progress_done: number;
  progress_total: number;
  requested_by: string | null;
  /** JSON: what was imported, merged and skipped, and every problem found. */
  report: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/**
 * Records of the source portal that belong to the server they were made on and
 * cannot be re-created here (invoices with their global numbers, the audit log):
 * kept as read-only history after an import, and written back into the next export.
 */
export interface PortabilityArchiveRow {
  id: string;
  portal_id: string;
  /** The export file they came from: 'invoices' | 'audit_log'. */
  entity: string;
  /** Order within the file. */
  position: number;
  /** JSON object: the CSV record as exported (column → cell). */
  record: string;
  created_at: string;
}

export interface PortabilityTables {
  portal_exports: PortalExportRow;
  portal_imports: PortalImportRow;
  portability_archive: PortabilityArchiveRow;
}
