// Row types of the drive module's tables (see src/db/types.ts for the conventions).

export type DriveItemKind = 'folder' | 'file';

/**
 * Folders and files share one table, so that one unique index keeps names unique
 * among the live (non-trashed) items of a folder, whatever their kind: the folder
 * tree must unpack onto a disk or into a ZIP as it is shown.
 */
export interface DriveItemRow {
  id: string;
  portal_id: string;
  kind: DriveItemKind;
  /** The containing folder; null at the root. */
  parent_id: string | null;
  /** parent_id, or '' at the root: the unique index needs a non-null value. */
  parent_key: string;
  name: string;
  /** nameKey(name): NFC, lowercase; names are unique case-insensitively, as on macOS and Windows. */
  name_key: string;
  /** 0 for folders. */
  size_bytes: number;
  content_type: string | null;
  sha256: string | null;
  /** Set on the item the user put in the trash; its contents stay as they are. */
  trashed_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface DriveTables {
  drive_items: DriveItemRow;
}
