/** Shapes of the drive API (src/modules/drive/drive.schema.ts). */

export interface DriveFolder {
  id: string;
  name: string;
  parentId: string | null;
  trashedAt: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
}

export interface DriveFolderDetail extends DriveFolder {
  /** From the root down to this folder, this folder last. */
  path: { id: string; name: string }[];
}

export interface DriveFile {
  id: string;
  name: string;
  folderId: string | null;
  sizeBytes: number;
  contentType: string;
  sha256: string;
  available: boolean;
  trashedAt: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
}

export interface DriveUsage {
  usedBytes: number;
  quotaBytes: number | null;
}

export type DriveItem = { kind: 'folder'; item: DriveFolder } | { kind: 'file'; item: DriveFile };
