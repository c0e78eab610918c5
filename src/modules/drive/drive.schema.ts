import { z } from 'zod';
import { pageQuery, sortQuery } from '../../kernel/pagination.js';
import { nameProblem, normalizeName } from './names.js';

export const itemName = z
  .string()
  .transform(normalizeName)
  .superRefine((name, ctx) => {
    const problem = nameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const id = z.string().min(1).max(100);
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const idParams = z.object({ id });

export const folderOut = z
  .object({
    id: z.string(),
    name: z.string(),
    parentId: z.string().nullable(),
    trashedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    createdBy: z.string().nullable(),
  })
  .meta({ id: 'DriveFolder' });

export const breadcrumbOut = z.object({ id: z.string(), name: z.string() }).meta({ id: 'DriveBreadcrumb' });

export const folderDetailOut = folderOut
  .extend({ path: z.array(breadcrumbOut).describe('From the root down to this folder, this folder last') })
  .meta({ id: 'DriveFolderDetail' });

export const fileOut = z
  .object({
    id: z.string(),
    name: z.string(),
    folderId: z.string().nullable(),
    sizeBytes: z.number().int(),
    contentType: z.string(),
    sha256: z.string(),
    available: z.boolean().describe('False when the portal is over its storage quota (set by the lifecycle rules)'),
    trashedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    createdBy: z.string().nullable(),
  })
  .meta({ id: 'DriveFile' });

export const usageOut = z
  .object({ usedBytes: z.number().int(), quotaBytes: z.number().int().nullable().describe('null: no limit') })
  .meta({ id: 'DriveUsage' });

const listSort = sortQuery(['name', 'createdAt', 'updatedAt', 'sizeBytes'], 'name');

export const listFoldersQuery = pageQuery.extend({
  parentId: id.optional().describe('The folder whose subfolders to list; absent = the root'),
  trashed: flag.default(false).describe('true: the folders in the trash (from any parent unless parentId is given)'),
  sort: listSort,
});

export const listFilesQuery = pageQuery.extend({
  folderId: id.optional().describe('The folder whose files to list; absent = the root'),
  trashed: flag.default(false).describe('true: the files in the trash (from any folder unless folderId is given)'),
  sort: listSort,
});

export const createFolderBody = z.object({ name: itemName, parentId: id.nullable().optional() });
export const updateFolderBody = z.object({ name: itemName.optional(), parentId: id.nullable().optional().describe('null: move to the root') });
export const updateFileBody = z.object({ name: itemName.optional(), folderId: id.nullable().optional().describe('null: move to the root') });

export const uploadQuery = z.object({
  folderId: id.optional().describe('Where to put the file (or send a `folderId` field before the file); absent = the root'),
});
/** The multipart form of an upload, for the API document (the handler reads the parts as they stream in). */
export const uploadForm = z.object({
  folderId: z.string().max(100).optional().describe('Where to put the file, sent before it (or ?folderId=); absent or empty = the root'),
  file: z.file().describe('The file: its name and Content-Type are kept'),
});
export const contentQuery = z.object({ inline: flag.default(false).describe('Show images and PDFs in the browser instead of downloading') });

export const folderPage = z.object({ items: z.array(folderOut), nextCursor: z.string().nullable() });
export const filePage = z.object({ items: z.array(fileOut), nextCursor: z.string().nullable() });

export type FolderOut = z.infer<typeof folderOut>;
export type FileOut = z.infer<typeof fileOut>;
export type ListQuery = { trashed: boolean; sort: string; limit: number; cursor?: string };
