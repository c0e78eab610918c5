import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/context.js';
import { portalContext } from '../../kernel/http.js';
import { AppError } from '../../kernel/errors.js';
import { fileResponse, noContent } from '../../kernel/openapi.js';
import { multipartField, multipartFilename } from '../../kernel/uploads.js';
import * as s from './drive.schema.js';
import * as folders from './folders.service.js';
import * as files from './files.service.js';
import { planDownload } from './download.js';
import { fileOverQuota } from './availability.js';

const tags = ['drive'];
const header = (req: FastifyRequest, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
};

export async function driveRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // --- Folders ----------------------------------------------------------------------------
  r.post('/api/drive/folders', {
    config: { auth: 'user', errors: ['NOT_FOUND', 'FOLDER_TRASHED', 'NAME_TAKEN'] },
    schema: { operationId: 'createFolder', tags, summary: 'Create a folder', body: s.createFolderBody, response: { 201: s.folderOut } },
    handler: async (req, reply) => reply.status(201).send(await folders.createFolder(portalContext(req, deps), req.body)),
  });

  r.get('/api/drive/folders', {
    config: { auth: 'user', errors: ['NOT_FOUND'] },
    schema: {
      operationId: 'listFolders',
      tags,
      summary: 'The subfolders of a folder (the root by default), or the folders in the trash',
      querystring: s.listFoldersQuery,
      response: { 200: s.folderPage },
    },
    handler: async (req) => folders.listFolders(portalContext(req, deps), req.query.parentId, req.query),
  });

  r.get('/api/drive/folders/:id', {
    config: { auth: 'user' },
    schema: { operationId: 'getFolder', tags, summary: 'A folder, with its path from the root', params: s.idParams, response: { 200: s.folderDetailOut } },
    handler: async (req) => folders.getFolder(portalContext(req, deps), req.params.id),
  });

  r.patch('/api/drive/folders/:id', {
    config: { auth: 'user', errors: ['FOLDER_CYCLE', 'FOLDER_TRASHED', 'NAME_TAKEN'] },
    schema: {
      operationId: 'updateFolder',
      tags,
      summary: 'Rename a folder or move it into another one',
      params: s.idParams,
      body: s.updateFolderBody,
      response: { 200: s.folderOut },
    },
    handler: async (req) => folders.updateFolder(portalContext(req, deps), req.params.id, req.body),
  });

  r.post('/api/drive/folders/:id/trash', {
    config: { auth: 'user' },
    schema: {
      operationId: 'trashFolder',
      tags,
      summary: 'Move a folder, with everything in it, to the trash',
      params: s.idParams,
      response: { 200: s.folderOut },
    },
    handler: async (req) => folders.trashFolder(portalContext(req, deps), req.params.id),
  });

  r.post('/api/drive/folders/:id/restore', {
    config: { auth: 'user' },
    schema: { operationId: 'restoreFolder', tags, summary: 'Take a folder out of the trash', params: s.idParams, response: { 200: s.folderOut } },
    handler: async (req) => folders.restoreFolder(portalContext(req, deps), req.params.id),
  });

  r.delete('/api/drive/folders/:id', {
    config: { auth: 'user', errors: ['CONFLICT'] },
    schema: { operationId: 'deleteFolder', tags, summary: 'Delete a folder and everything in it for good', params: s.idParams, response: { 204: noContent } },
    handler: async (req, reply) => {
      await folders.deleteFolder(portalContext(req, deps), req.params.id);
      return reply.status(204).send();
    },
  });

  // --- Files ------------------------------------------------------------------------------
  r.get('/api/drive/files', {
    config: { auth: 'user', errors: ['NOT_FOUND'] },
    schema: {
      operationId: 'listFiles',
      tags,
      summary: 'The files in a folder (the root by default), or the files in the trash',
      querystring: s.listFilesQuery,
      response: { 200: s.filePage },
    },
    handler: async (req) => files.listFiles(portalContext(req, deps), req.query.folderId, req.query),
  });

  r.post('/api/drive/files', {
    config: { auth: 'user', errors: ['PLAN_STORAGE_LIMIT', 'NOT_FOUND', 'FOLDER_TRASHED'], multipart: s.uploadForm },
    schema: {
      operationId: 'uploadFile',
      tags,
      summary: 'Upload a file (multipart/form-data, field "file"; the name is made unique in the folder)',
      consumes: ['multipart/form-data'],
      querystring: s.uploadQuery,
      response: { 201: s.fileOut },
    },
    handler: async (req, reply) => {
      const ctx = portalContext(req, deps);
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data in a field named "file"');
      const part = await req.file();
      if (!part || part.fieldname !== 'file') {
        part?.file.resume();
        throw fieldError('file', 'is required (a multipart file field named "file")');
      }
      try {
        const folderId = req.query.folderId ?? folderField(part.fields.folderId);
        const file = await files.uploadFile(ctx, folderId, {
          name: multipartFilename(part.filename),
          contentType: part.mimetype,
          stream: part.file,
          truncated: () => part.file.truncated,
        });
        return reply.status(201).send(file);
      } finally {
        // Refused before reading the upload (e.g. no such folder): drain it so the answer reaches the client.
        part.file.resume();
      }
    },
  });

  r.get('/api/drive/files/:id', {
    config: { auth: 'user' },
    schema: { operationId: 'getFile', tags, summary: 'A file', params: s.idParams, response: { 200: s.fileOut } },
    handler: async (req) => files.getFile(portalContext(req, deps), req.params.id),
  });

  r.get('/api/drive/files/:id/content', {
    config: { auth: 'user', errors: ['FILE_OVER_QUOTA', 'RANGE_NOT_SATISFIABLE'] },
    schema: {
      operationId: 'downloadFile',
      tags,
      summary: "Download a file's bytes (Range, If-None-Match; ?inline=1 shows images and PDFs in the browser)",
      params: s.idParams,
      querystring: s.contentQuery,
      response: {
        200: fileResponse('application/octet-stream', 'The file, with its own Content-Type'),
        206: fileResponse('application/octet-stream', 'The requested range of the file (Content-Range)'),
        304: noContent.describe('Not modified (If-None-Match)'),
      },
    },
    handler: async (req, reply) => {
      const ctx = portalContext(req, deps);
      const file = await files.getFile(ctx, req.params.id);
      // Over the storage quota after a downgrade: listed, kept, but not served until the portal is under quota (LIF-2).
      if (!file.available) throw fileOverQuota(file.name);
      const plan = planDownload(file, {
        range: header(req, 'range'),
        ifRange: header(req, 'if-range'),
        ifNoneMatch: header(req, 'if-none-match'),
        inline: req.query.inline,
      });
      reply.headers(plan.headers);
      if (plan.status === 416) throw new AppError('RANGE_NOT_SATISFIABLE', `The file has ${file.sizeBytes} bytes; the requested range is outside them`);
      reply.status(plan.status);
      if (!plan.body) return reply.send();
      // HEAD: the headers alone (an empty stream keeps our Content-Length).
      if (req.method === 'HEAD') return reply.send(Readable.from([]));
      return reply.send(await files.openFileContent(ctx, file, plan.body.range));
    },
  });

  r.patch('/api/drive/files/:id', {
    config: { auth: 'user', errors: ['FOLDER_TRASHED', 'NAME_TAKEN'] },
    schema: {
      operationId: 'updateFile',
      tags,
      summary: 'Rename a file or move it into another folder',
      params: s.idParams,
      body: s.updateFileBody,
      response: { 200: s.fileOut },
    },
    handler: async (req) => files.updateFile(portalContext(req, deps), req.params.id, req.body),
  });

  r.post('/api/drive/files/:id/trash', {
    config: { auth: 'user' },
    schema: { operationId: 'trashFile', tags, summary: 'Move a file to the trash', params: s.idParams, response: { 200: s.fileOut } },
    handler: async (req) => files.trashFile(portalContext(req, deps), req.params.id),
  });

  r.post('/api/drive/files/:id/restore', {
    config: { auth: 'user' },
    schema: { operationId: 'restoreFile', tags, summary: 'Take a file out of the trash', params: s.idParams, response: { 200: s.fileOut } },
    handler: async (req) => files.restoreFile(portalContext(req, deps), req.params.id),
  });

  r.delete('/api/drive/files/:id', {
    config: { auth: 'user' },
    schema: { operationId: 'deleteFile', tags, summary: 'Delete a file and its stored bytes for good', params: s.idParams, response: { 204: noContent } },
    handler: async (req, reply) => {
      await files.deleteFile(portalContext(req, deps), req.params.id);
      return reply.status(204).send();
    },
  });

  r.get('/api/drive/usage', {
    config: { auth: 'user' },
    schema: { operationId: 'getDriveUsage', tags, summary: "The portal's stored bytes (trash included) and its storage quota", response: { 200: s.usageOut } },
    handler: async (req) => files.getUsage(portalContext(req, deps)),
  });
}

const fieldError = (path: string, message: string) => new AppError('VALIDATION_FAILED', `${path} ${message}`, { fields: [{ path, message, in: 'body' }] });

/** The `folderId` multipart field (sent before the file); empty = the root. */
function folderField(field: unknown): string | null {
  const f = (Array.isArray(field) ? field[0] : field) as { type?: string; value?: unknown } | undefined;
  if (!f || f.type !== 'field' || typeof f.value !== 'string' || multipartField('folderId', f.value) === '') return null;
  if (f.value.length > 100) throw fieldError('folderId', 'is not a folder id');
  return f.value;
}
