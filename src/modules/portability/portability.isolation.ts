import { expect } from 'vitest';
import type { TestResponse } from '../../test/client.js';
import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';
import { unzip, upload } from './portability.testkit.js';

/** Cross-portal probes for every portability route (walked by src/test/isolation.test.ts). */
export function portabilityIsolation(f: IsolationFixture): IsolationModule {
  const { a, b, server } = f;
  const ids = { export: '', import: '' };
  let exportOfB = '';

  /** Every file of B's export as text (made during setup, when A is full of records and B has only its team). */
  const exportText = async () => {
    const started = await b.owner.post('/api/exports');
    expect(started.status, started.text).toBe(201);
    await server.runJobs();
    const res = await fetch(`${server.url}/api/exports/${started.body.id}/download`, { headers: { cookie: b.owner.cookie! } });
    expect(res.status).toBe(200);
    const entries = await unzip(Buffer.from(await res.arrayBuffer()));
    return [...entries].map(([path, buf]) => `${path}\n${buf.toString('utf8')}`).join('\n');
  };

  return {
    async setup() {
      const exp = await a.owner.post('/api/exports');
      expect(exp.status, exp.text).toBe(201);
      await server.runJobs();
      const imp = await upload(a.owner, '/api/imports/csv', 'a.csv', 'Name\nIsolated Import Company\n', { entity: 'companies' });
      expect(imp.status, imp.text).toBe(201);
      ids.export = exp.body.id;
      ids.import = imp.body.id;
      f.mark(ids.export, ids.import, 'Isolated Import Company');
      exportOfB = await exportText();
    },
    probes: {
      // B's export holds nothing of A's, in any of its files.
      'POST /api/exports': async () => {
        expect(exportOfB).toContain('users.csv');
        f.expectNoLeak({ status: 200, body: null, headers: new Headers(), text: exportOfB } as TestResponse);
        f.expectNoLeak(await b.owner.post('/api/exports'));
      },
      'GET /api/exports': async () => {
        const res = await b.owner.get('/api/exports');
        expect(res.status).toBe(200);
        f.expectNoLeak(res);
      },
      'GET /api/exports/:id': async () => f.expectNotFound(await b.owner.get(`/api/exports/${ids.export}`)),
      'GET /api/exports/:id/download': async () => f.expectNotFound(await b.owner.get(`/api/exports/${ids.export}/download`)),
      'POST /api/imports': async () => {
        // B is not empty (its team and records): refused, without a word about A.
        const res = await upload(b.owner, '/api/imports', 'x.zip', 'not a zip');
        expect(res.status).toBeGreaterThanOrEqual(400);
        f.expectNoLeak(res);
      },
      'GET /api/imports': async () => {
        const res = await b.owner.get('/api/imports');
        expect(res.status).toBe(200);
        f.expectNoLeak(res);
      },
      'GET /api/imports/csv/fields': async () => f.expectNoLeak(await b.owner.get('/api/imports/csv/fields')),
      'GET /api/imports/:id': async () => f.expectNotFound(await b.owner.get(`/api/imports/${ids.import}`)),
      'POST /api/imports/csv': async () => {
        // Names of A's records resolve to nothing in B: the company named is made anew in B, A's stays as it was.
        const res = await upload(b.owner, '/api/imports/csv', 'b.csv', 'Name,Company\nBea Bimport,Isolated Widgets AG\n', { entity: 'contacts' });
        expect(res.status, res.text).toBe(201);
        f.expectNoLeak(res);
        const contact = (await b.owner.get('/api/crm/contacts?q=bimport')).body.items[0];
        expect((await b.owner.get(`/api/crm/companies/${contact.companyId}`)).status).toBe(200);
        f.expectNotFound(await a.owner.get(`/api/crm/contacts/${contact.id}`));
      },
      'POST /api/imports/bitrix24': async () => {
        const form = new FormData();
        form.append(
          'deals',
          new Blob([new TextEncoder().encode('"Deal Name";"Contact";"Company";\n"B deal";"Ingrid Isolda";"Isolated Widgets AG";\n')]),
          'deals.csv',
        );
        const res = await b.owner.post('/api/imports/bitrix24', form);
        expect(res.status, res.text).toBe(201);
        // The report repeats B's own file (A's names as B typed them) but links to nothing of A's.
        expect(res.text).not.toContain(a.portal.id);
        const deal = (await b.owner.get('/api/crm/deals?q=b%20deal')).body.items[0];
        expect(deal.contactId).toBeNull();
        expect((await b.owner.get(`/api/crm/companies/${deal.companyId}`)).status).toBe(200);
      },
    },
  };
}
