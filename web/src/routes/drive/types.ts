/** Shapes of the drive API, from the generated OpenAPI types. */
import type { Schema } from '../../api/types';

export type DriveFolder = Schema<'DriveFolder'>;
/** A folder with `path`: from the root down to this folder, this folder last. */
export type DriveFolderDetail = Schema<'DriveFolderDetail'>;
export type DriveFile = Schema<'DriveFile'>;
export type DriveUsage = Schema<'DriveUsage'>;

export type DriveItem = { kind: 'folder'; item: DriveFolder } | { kind: 'file'; item: DriveFile };
