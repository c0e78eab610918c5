import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaseResolver, createConfig, lintDocument, makeDocumentFromString } from '@redocly/openapi-core';
import { errorCatalog } from '../kernel/errors.js';
import { startTestServer, type TestServer } from '../test/harness.js';
import { addUser, signupPortal } from '../test/factories.js';
import { generateFiles, staleFiles, DOCUMENT_FILE, TYPES_FILE } from '../../scripts/openapi.js';

type Doc = { paths: Record<string, Record<string, any>>; components: Record<string, Record<string, any>> };
interface Operation {
  method: string;
  path: string;
  /** As Fastify spells it: /api/users/:id */
  route: string;
  op: any;
}

let server: TestServer;
let doc: Doc;
let operations: Operation[];

beforeAll(async () => {
  server = await startTestServer();
  const res = await server.client().get('/api/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body;
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, route: path.replace(/\{(\w+)\}/g, ':$1'), op })),
  );
});
afterAll(async () => {
  await server?.close();
});

const name = (o: Pick<Operation, 'method' | 'path'>) => `${o.method} ${o.path}`;

/** A response object, its $ref (components.responses) resolved. */
function response(op: any, status: string): any {
  const res = op.responses?.[status];
  if (!res?.$ref) return res;
  const [, , kind, key] = res.$ref.split('/');
  return doc.components[kind!]?.[key!];
}

/** The error codes an error response lists on error.code. */
function codes(op: any, status: string): string[] {
  const schema = response(op, status)?.content?.['application/json']?.schema;
  return schema?.allOf?.[1]?.properties?.error?.properties?.code?.enum ?? [];
}

const errorStatuses = (op: any) => Object.keys(op.responses).filter((s) => Number(s) >= 400);

describe('the OpenAPI document', () => {
  it('validates as OpenAPI 3.1: structure, references, operationIds, 2xx responses (Redocly)', async () => {
    expect(operations.length).toBeGreaterThan(150);
    const config = await createConfig({
      rules: {
        struct: 'error',
        'no-unresolved-refs': 'error',
        'operation-operationId': 'error',
        'operation-operationId-unique': 'error',
        'operation-operationId-url-safe': 'error',
        'operation-2xx-response': 'error',
        'path-parameters-defined': 'error',
        'no-identical-paths': 'error',
      },
    });
    const document = makeDocumentFromString(JSON.stringify(doc), '/openapi.json');
    const problems = await lintDocument({ document, config: config.styleguide, externalRefResolver: new BaseResolver() });
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(errors).toEqual([]);
  });

  it('gives every operation a unique, readable camelCase operationId', () => {
    const ids = operations.map((o) => o.op.operationId);
    for (const o of operations) expect(o.op.operationId, name(o)).toMatch(/^[a-z][a-zA-Z0-9]+$/);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(doc.paths['/api/crm/contacts']!.get.operationId).toBe('listContacts');
    expect(doc.paths['/api/crm/contacts/{id}']!.patch.operationId).toBe('updateContact');
  });

  it('documents every operation with a 2xx that has a body schema, or a 204 without one', () => {
    for (const o of operations) {
      const success = Object.keys(o.op.responses).filter((s) => /^2\d\d$/.test(s));
      expect(success, name(o)).not.toEqual([]);
      for (const s of success) {
        const res = response(o.op, s);
        if (s === '204') expect(res.content, `${name(o)} ${s}`).toBeUndefined();
        else
          expect(
            Object.values(res.content ?? {}).some((m: any) => m.schema && Object.keys(m.schema).length),
            `${name(o)} ${s}`,
          ).toBe(true);
      }
    }
  });

  it('documents every error response with the one Error body, listing the codes of its status', () => {
    const error = doc.components.schemas!.Error;
    expect(error.properties.error.required).toEqual(['code', 'message']);
    expect(doc.components.schemas!.ErrorCode.enum).toEqual(Object.keys(errorCatalog));
    for (const o of operations) {
      expect(errorStatuses(o.op), name(o)).toContain('500');
      for (const status of errorStatuses(o.op)) {
        const schema = response(o.op, status)?.content?.['application/json']?.schema;
        expect(schema?.allOf?.[0], `${name(o)} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
        const listed = codes(o.op, status);
        expect(listed.length, `${name(o)} ${status}`).toBeGreaterThan(0);
        for (const code of listed) expect(errorCatalog[code as keyof typeof errorCatalog], `${name(o)} ${status} ${code}`).toBe(Number(status));
      }
    }
  });

  it('documents what the HTTP edge answers: 401 off public routes, 403 for roles, 400 on input, 404 on a record path', () => {
    expect(server.app.apiRoutes.length).toBe(operations.length);
    for (const r of server.app.apiRoutes) {
      const o = operations.find((x) => x.method === r.method && x.route === r.url);
      expect(o, `${r.method} ${r.url}`).toBeDefined();
      const at = `${r.method} ${r.url}`;
      if (r.auth === 'public') expect(codes(o!.op, '401'), at).not.toContain('UNAUTHENTICATED');
      else expect(codes(o!.op, '401'), at).toContain('UNAUTHENTICATED');
      if (r.auth === 'admin' || r.auth === 'owner' || r.auth === 'operator') expect(codes(o!.op, '403'), at).toContain('FORBIDDEN');
      if (o!.op.parameters?.length || o!.op.requestBody) expect(codes(o!.op, '400'), at).toContain('VALIDATION_FAILED');
      if (r.url.includes('/:')) expect(codes(o!.op, '404'), at).toContain('NOT_FOUND');
      if (r.method !== 'GET') expect(codes(o!.op, '403'), at).toContain('CROSS_ORIGIN_REQUEST');
    }
    // The gates: billing routes off in self-hosted mode, writes to a paused portal.
    expect(codes(doc.paths['/api/billing/invoices']!.get, '404')).toContain('BILLING_DISABLED');
    expect(codes(doc.paths['/api/crm/contacts']!.post, '423')).toEqual(['PORTAL_PAUSED']);
    expect(doc.paths['/api/billing/subscription']!.post.responses['423']).toBeUndefined();
    expect(codes(doc.paths['/api/public/{portalSlug}/booking/{slug}/book']!.post, '423')).toEqual(['PORTAL_PAUSED']);
    // Public writes that name their portal by a secret: the manage link, the invitation.
    expect(codes(doc.paths['/api/public/bookings/{token}/cancel']!.post, '423')).toEqual(['PORTAL_PAUSED']);
    expect(codes(doc.paths['/api/invites/accept']!.post, '423')).toEqual(['PORTAL_PAUSED']);
  });

  it("documents the codes of each route's use cases", () => {
    expect(codes(doc.paths['/api/billing/payment-method']!.post, '402')).toEqual(['CARD_DECLINED']);
    expect(codes(doc.paths['/api/billing/payment-method']!.post, '409')).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(codes(doc.paths['/api/automations']!.post, '402')).toEqual(['PLAN_FEATURE_REQUIRED']);
    expect(codes(doc.paths['/api/auth/login']!.post, '429')).toEqual(['RATE_LIMITED']);
    expect(response(doc.paths['/api/auth/login']!.post, '429').headers['Retry-After']).toBeDefined();
    expect(codes(doc.paths['/api/crm/pipelines/{id}']!.delete, '409')).toEqual(['PIPELINE_HAS_DEALS', 'PIPELINE_IS_DEFAULT']);
    expect(codes(doc.paths['/api/users/invites']!.post, '402')).toEqual(['PLAN_SEAT_LIMIT']);
    expect(codes(doc.paths['/api/auth/signup']!.post, '403')).toContain('SIGNUP_CLOSED');
  });

  it('documents the codes the routes really answer with', async () => {
    const owner = await signupPortal(server);
    const member = await addUser(server, owner.client);
    const calls: [client: typeof owner.client, method: string, path: string, route: string, body?: unknown][] = [
      [server.client(), 'GET', '/api/crm/contacts', '/api/crm/contacts'],
      [owner.client, 'GET', '/api/crm/contacts/nope', '/api/crm/contacts/{id}'],
      [owner.client, 'POST', '/api/crm/contacts', '/api/crm/contacts', { firstName: 42 }],
      [owner.client, 'POST', '/api/tasks', '/api/tasks', { title: 'A task', projectId: 'nope' }],
      [member.client, 'GET', '/api/audit', '/api/audit'],
      [owner.client, 'POST', '/api/auth/login', '/api/auth/login', { portalSlug: owner.portal.slug, email: 'nobody@example.test', password: 'wrong password' }],
      [owner.client, 'DELETE', `/api/crm/pipelines/nope`, '/api/crm/pipelines/{id}'],
      [owner.client, 'POST', '/api/drive/files', '/api/drive/files', { not: 'multipart' }],
      [owner.client, 'GET', '/api/billing/invoices/nope', '/api/billing/invoices/{id}'],
    ];
    for (const [client, method, path, route, body] of calls) {
      const res = await client.request(method, path, body);
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
      expect(codes(doc.paths[route]![method.toLowerCase()], String(res.status)), `${method} ${path} answered ${res.status} ${res.body.error?.code}`).toContain(
        res.body.error.code,
      );
    }
  });

  it('documents the five uploads as multipart/form-data with their binary file fields', () => {
    const uploads: [path: string, files: string[]][] = [
      ['/api/drive/files', ['file']],
      ['/api/imports', ['file']],
      ['/api/imports/csv', ['file']],
      ['/api/imports/bitrix24', ['companies', 'contacts', 'leads', 'deals', 'tasks', 'calendar']],
      ['/api/calendars/{id}/import', ['file']],
    ];
    for (const [path, files] of uploads) {
      const form = doc.paths[path]!.post.requestBody?.content?.['multipart/form-data']?.schema;
      expect(form?.type, path).toBe('object');
      for (const f of files) expect(form.properties[f], `${path} ${f}`).toMatchObject({ type: 'string', format: 'binary' });
    }
    expect(doc.paths['/api/imports/csv']!.post.requestBody.content['multipart/form-data'].schema.required).toEqual(['entity', 'file']);
    expect(doc.paths['/api/calendars/{id}/import']!.post.requestBody.content['text/calendar']).toBeDefined();
    // Any other multipart body must have a file too.
    for (const o of operations) {
      const form = o.op.requestBody?.content?.['multipart/form-data']?.schema;
      if (form)
        expect(
          Object.values(form.properties).some((p: any) => p.format === 'binary'),
          name(o),
        ).toBe(true);
    }
  });

  it('documents downloads with their media types', () => {
    const media = (path: string, status = '200') => Object.keys(response(doc.paths[path]!.get, status).content);
    expect(media('/api/exports/{id}/download')).toEqual(['application/zip']);
    expect(media('/api/operator/portals/{id}/exports/{exportId}/download')).toEqual(['application/zip']);
    expect(media('/api/drive/files/{id}/content')).toEqual(['application/octet-stream']);
    expect(media('/api/drive/files/{id}/content', '206')).toEqual(['application/octet-stream']);
    expect(media('/api/public/calendars/feed/{token}')).toEqual(['text/calendar']);
    expect(media('/api/billing/invoices/{id}/html')).toEqual(['text/html']);
  });

  it(`is the one committed in ${DOCUMENT_FILE}, with its types in ${TYPES_FILE} (node --import tsx scripts/openapi.ts)`, async () => {
    expect(staleFiles(await generateFiles())).toEqual([]);
  });
});
