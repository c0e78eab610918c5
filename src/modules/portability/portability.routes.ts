import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { portalContext } from '../../kernel/http.js';
import { multipartField, multipartFilename } from '../../kernel/uploads.js';
import { fileResponse } from '../../kernel/openapi.js';
import { importBitrix24, BITRIX_FIELDS, type BitrixUpload } from './bitrix24/bitrix.service.js';
import { csvTargetFields, importCsv } from './csv-import.service.js';
import * as exportsSvc from './export.service.js';
import * as importsSvc from './import.service.js';
import * as s from './portability.schema.js';

const tags = ['portability'];
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

const fieldError = (path: string, message: string) => new AppError('VALIDATION_FAILED', `${path} ${message}`, { fields: [{ path, message, in: 'body' }] });

function requireMultipart(req: FastifyRequest, what: string): void {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send ${what} as multipart/form-data`);
}

export async function portabilityRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // --- Export everything (POR-1..3): admins only, on every plan -------------------------------------------
  r.post('/api/exports', {
    config: { auth: 'admin' },
    schema: {
      operationId: 'createExport',
      tags,
      summary: 'Export everything in the portal as one ZIP (runs in the background; mails a link when done)',
      description:
        'Starts an export (201). While an export of the portal is queued or running, answers with that one instead (200, same id): ' +
        'however often it is asked, one export is made at a time.',
      response: { 200: s.exportOut, 201: s.exportOut },
    },
    handler: async (req, reply) => {
      const { export: out, created } = await exportsSvc.startOrJoinExport(portalContext(req, deps));
      return reply.status(created ? 201 : 200).send(out);
    },
  });

  r.get('/api/exports', {
    config: { auth: 'admin' },
    schema: {
      operationId: 'listExports',
      tags,
      summary: 'Exports of this portal, newest first',
      querystring: s.listQuery,
      response: { 200: page(s.exportOut) },
    },
    handler: async (req) => exportsSvc.listExports(portalContext(req, deps), req.query),
  });

  r.get('/api/exports/:id', {
    config: { auth: 'admin' },
    schema: { operationId: 'getExport', tags, summary: 'An export: status and progress', params: s.idParams, response: { 200: s.exportOut } },
    handler: async (req) => exportsSvc.getExport(portalContext(req, deps), req.params.id),
  });

  r.get('/api/exports/:id/download', {
    config: { auth: 'admin', errors: ['EXPORT_NOT_READY', 'EXPORT_EXPIRED'] },
    schema: {
      operationId: 'downloadExport',
      tags,
      summary: 'Download a finished export (410 once its link expired)',
      params: s.idParams,
      response: { 200: fileResponse('application/zip', 'The ZIP archive') },
    },
    handler: async (req, reply) => {
      const file = await exportsSvc.openExportDownload(portalContext(req, deps), req.params.id);
      reply.header('content-type', 'application/zip');
      reply.header('content-length', String(file.bytes));
      reply.header('content-disposition', `attachment; filename="${file.filename}"`);
      reply.header('cache-control', 'private, no-store');
      return reply.send(file.stream);
    },
  });

  // --- Imports (POR-4, POR-5) -----------------------------------------------------------------------------
  r.post('/api/imports', {
    config: { auth: 'admin', errors: ['ARCHIVE_INVALID', 'PORTAL_NOT_EMPTY'], multipart: s.archiveUploadForm },
    schema: {
      operationId: 'importArchive',
      tags,
      summary: 'Restore an export ZIP into this empty portal (multipart field "file"; runs in the background)',
      consumes: ['multipart/form-data'],
      response: { 201: s.importOut },
    },
    handler: async (req, reply) => {
      const ctx = portalContext(req, deps);
      requireMultipart(req, 'the export ZIP');
      const part = await req.file();
      if (!part || part.fieldname !== 'file') {
        part?.file.resume();
        throw fieldError('file', 'is required (a multipart file field named "file")');
      }
      try {
        return reply.status(201).send(await importsSvc.requestArchiveImport(ctx, { stream: part.file, truncated: () => part.file.truncated }));
      } finally {
        part.file.resume();
      }
    },
  });

  r.get('/api/imports', {
    config: { auth: 'admin' },
    schema: {
      operationId: 'listImports',
      tags,
      summary: 'Imports into this portal, newest first',
      querystring: s.listQuery,
      response: { 200: page(s.importOut) },
    },
    handler: async (req) => importsSvc.listImports(portalContext(req, deps), req.query),
  });

  r.get('/api/imports/csv/fields', {
    config: { auth: 'admin' },
    schema: {
      operationId: 'listCsvImportFields',
      tags,
      summary: 'The fields a CSV import fills, per entity, and the column names matched to each',
      response: {
        200: z.object({
          entities: z.record(z.string(), z.array(z.object({ field: z.string(), label: z.string(), required: z.boolean(), aliases: z.array(z.string()) }))),
        }),
      },
    },
    handler: async () => ({ entities: csvTargetFields() }),
  });

  r.get('/api/imports/:id', {
    config: { auth: 'admin' },
    schema: { operationId: 'getImport', tags, summary: 'An import: status, progress and report', params: s.idParams, response: { 200: s.importOut } },
    handler: async (req) => importsSvc.getImport(portalContext(req, deps), req.params.id),
  });

  r.post('/api/imports/csv', {
    config: { auth: 'admin', errors: ['INVALID_FILE'], multipart: s.csvUploadForm },
    schema: {
      operationId: 'importCsv',
      tags,
      summary: 'Import companies, contacts, leads, deals or tasks from a CSV file (fields: entity, dryRun, mapping, file); all rows or none',
      consumes: ['multipart/form-data'],
      response: { 201: s.importOut },
    },
    handler: async (req, reply) => {
      const ctx = portalContext(req, deps);
      requireMultipart(req, 'the CSV file');
      const fields: Record<string, string> = {};
      let file: string | null = null;
      const row = await importsSvc.newImportRow(ctx, 'csv');
      let input: Parameters<typeof importCsv>[2];
      try {
        for await (const part of req.parts()) {
          if (part.type === 'field') fields[part.fieldname] = multipartField(part.fieldname, part.value);
          else if (part.fieldname === 'file' && !file) file = await importsSvc.saveUpload(ctx, `${row.id}.csv`, part.file, () => part.file.truncated);
          else part.file.resume();
        }
        if (!file) throw fieldError('file', 'is required (a multipart file field named "file")');
        const entity = s.csvEntity.safeParse(fields.entity);
        if (!entity.success) throw fieldError('entity', `must be one of ${s.csvEntity.options.join(', ')}`);
        let mapping: Record<string, string | null> | undefined;
        if (fields.mapping) {
          try {
            mapping = z.record(z.string(), z.string().nullable()).parse(JSON.parse(fields.mapping));
          } catch {
            throw fieldError('mapping', 'must be a JSON object from column name to field name (or null to skip a column)');
          }
        }
        const dryRun = ['true', '1', 'yes', 'on'].includes((fields.dryRun ?? '').toLowerCase());
        input = { entity: entity.data, file, mapping, dryRun };
      } catch (err) {
        // A refused or broken upload leaves nothing behind.
        if (file) await importsSvc.removeUploads([file]);
        throw err;
      }
      return reply.status(201).send(await importCsv(ctx, row, input));
    },
  });

  r.post('/api/imports/bitrix24', {
    config: { auth: 'admin', multipart: s.bitrixUploadForm },
    schema: {
      operationId: 'importBitrix24',
      tags,
      summary: 'Migrate from Bitrix24: its list exports (CSV or "Excel") in fields contacts, companies, deals, leads, tasks, and .ics in calendar',
      consumes: ['multipart/form-data'],
      response: { 201: s.importOut },
    },
    handler: async (req, reply) => {
      const ctx = portalContext(req, deps);
      requireMultipart(req, 'the Bitrix24 export files');
      const row = await importsSvc.newImportRow(ctx, 'bitrix24');
      const uploads: BitrixUpload[] = [];
      try {
        for await (const part of req.parts({ limits: { files: BITRIX_FIELDS.length + 1 } })) {
          if (part.type === 'field') continue;
          if (!(BITRIX_FIELDS as readonly string[]).includes(part.fieldname) || uploads.some((u) => u.field === part.fieldname)) {
            part.file.resume();
            continue;
          }
          const file = await importsSvc.saveUpload(ctx, `${row.id}-${part.fieldname}`, part.file, () => part.file.truncated);
          uploads.push({ field: part.fieldname as BitrixUpload['field'], file, filename: part.filename });
        }
        for (const u of uploads) u.filename = multipartFilename(u.filename, u.field);
      } catch (err) {
        // A broken upload leaves none of its files behind.
        await importsSvc.removeUploads(uploads.map((u) => u.file));
        throw err;
      }
      if (!uploads.length) throw fieldError('contacts', `send at least one file in a field named ${BITRIX_FIELDS.join(', ')}`);
      return reply.status(201).send(await importBitrix24(ctx, row, uploads));
    },
  });
}
