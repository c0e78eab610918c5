import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import { PASSWORD } from '../../test/factories.js';
import { runHousekeeping } from '../../server/housekeeping.js';
import { operatorClient } from '../operators/operators.testkit.js';
import { findTraces, rowsOfPortal } from './deletion.testkit.js';
import type { TestClient } from '../../test/client.js';
import { mailsTo, paidPortal, startLifecycleServer, type PaidPortal } from './lifecycle.testkit.js';

/**
 * Portal erasure keeps the portal's invoices for the legal period (issue 19, ADR 0025):
 * in an archive only operators read, with what was printed on them and nothing else;
 * the receipt says so; the daily housekeeping purges them when the period ends.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startLifecycleServer();
});
afterAll(async () => {
  await server?.close();
});

/** A paid portal that changed plan once (two invoices), with an admin and a member. */
async function billedPortal(): Promise<PaidPortal> {
  const p = await paidPortal(server, { plan: 'team', admins: 1, members: 1 });
  const up = await p.client.post('/api/billing/subscription', { planId: 'business', interval: 'monthly' });
  expect(up.status, up.text).toBe(200);
  return p;
}

async function erase(p: PaidPortal): Promise<string> {
  const res = await p.client.post('/api/portal/delete', { password: PASSWORD, confirmSlug: p.portal.slug });
  expect(res.status, res.text).toBe(202);
  await server.runJobs();
  return res.body.reference;
}

interface Invoice {
  id: string;
  number: string;
  kind: string;
  issuedAt: string;
  total: number;
  currency: string;
  lines: unknown[];
}

async function invoicesOf(client: TestClient): Promise<Invoice[]> {
  const res = await client.get('/api/billing/invoices?limit=200');
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

const receiptOf = async (p: PaidPortal) => (await mailsTo(server, p.owner.email)).find((m) => m.subject.includes('deleted'))!;

describe('invoices of an erased portal', () => {
  it('are kept for the operator exactly as issued, with the billing details printed on them and nothing else', async () => {
    const p = await billedPortal();
    const invoices = await invoicesOf(p.client);
    expect(invoices.map((i) => i.kind).sort()).toEqual(['proration', 'subscription']);
    const documents = new Map<string, string>();
    for (const inv of invoices) documents.set(inv.id, (await p.client.get(`/api/billing/invoices/${inv.id}/html`)).text);

    const reference = await erase(p);

    const op = await operatorClient(server);
    const list = await op.get(`/api/operator/invoice-archive?portalId=${p.portal.id}`);
    expect(list.status, list.text).toBe(200);
    expect(list.body.items.map((i: any) => i.number).sort()).toEqual(invoices.map((i) => i.number).sort());
    const year = new Date(invoices[0]!.issuedAt).getUTCFullYear();
    for (const inv of invoices) {
      const kept = list.body.items.find((i: any) => i.id === inv.id);
      expect(kept).toMatchObject({
        portalId: p.portal.id,
        number: inv.number,
        kind: inv.kind,
        issuedAt: inv.issuedAt,
        total: inv.total,
        currency: inv.currency,
        taxTotal: 0,
        lines: inv.lines,
        seller: { name: 'SchedulingKit' },
        buyer: { name: p.portal.name, slug: p.portal.slug },
        deletionReference: reference,
        // Ten years (the default) from the end of the year of issue.
        retainUntil: `${year + 11}-01-01T00:00:00.000Z`,
      });
      const doc = await op.get(`/api/operator/invoice-archive/${inv.id}/document`);
      expect(doc.status).toBe(200);
      expect(doc.headers.get('content-type')).toContain('text/html');
      expect(doc.headers.get('content-disposition')).toBe(`inline; filename="${inv.number}.html"`);
      expect(doc.text).toBe(documents.get(inv.id));
    }

    // Nothing of the people: no user's name, address or id is in the archive.
    const people = [p.owner.email, p.owner.id, p.owner.name, ...[...p.admins, ...p.members].flatMap((u) => [u.email, u.id, u.name])];
    expect((await findTraces(server, people, { allowed: (table) => table !== 'invoice_archive' })).filter((t) => t.where === 'invoice_archive')).toEqual([]);

    // Every access is in the operator audit.
    const audit = (await op.get('/api/operator/audit?limit=50')).body.items.map((e: any) => e.action);
    expect(audit.filter((a: string) => a === 'operator.archived_invoice_downloaded')).toHaveLength(invoices.length);
    expect(audit).toContain('operator.invoice_archive_listed');

    // The receipt says what is kept, how many, until when and why.
    const receipt = await receiptOf(p);
    expect(receipt.text).toContain(`Invoices kept: ${invoices.length}`);
    expect(receipt.text).toContain(`Accounting law requires the seller to keep every invoice it issued for 10 years`);
    expect(receipt.text).toContain(`until ${year + 10}-12-31 at the latest`);
    expect(receipt.text).toContain('only operators can read');
  });

  it('are for operators only: a portal user gets 403, a visitor 401, an unknown invoice 404', async () => {
    const p = await billedPortal();
    const [inv] = await invoicesOf(p.client);
    const other = await paidPortal(server);
    await erase(p);
    for (const [c, status] of [
      [other.client, 403],
      [server.client(), 401],
    ] as const) {
      expect((await c.get('/api/operator/invoice-archive')).status).toBe(status);
      expect((await c.get(`/api/operator/invoice-archive/${inv!.id}/document`)).status).toBe(status);
    }
    const op = await operatorClient(server);
    const missing = await op.get('/api/operator/invoice-archive/no-such-invoice/document');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });

  it('are archived once, also when the erase runs again', async () => {
    const p = await billedPortal();
    const count = (await invoicesOf(p.client)).length;
    const reference = await erase(p);
    const d = await server.deps.db.selectFrom('portal_deletions').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
    // As if the job had died after its last step and were run again.
    await server.deps.db.updateTable('portal_deletions').set({ status: 'erasing', target_portal_id: p.portal.id }).where('id', '=', d.id).execute();
    await server.deps.jobs.enqueue(server.deps.db, 'lifecycle.erase_portal', { deletionId: d.id });
    await server.runJobs();
    expect(await rowsOfPortal(server, p.portal.id)).toEqual({ invoice_archive: count });
  });

  it('are not kept with INVOICE_RETENTION_YEARS=0: nothing of the portal remains and the receipt says so', async () => {
    const p = await billedPortal();
    const config = server.deps.config as { INVOICE_RETENTION_YEARS: number };
    config.INVOICE_RETENTION_YEARS = 0;
    try {
      await erase(p);
    } finally {
      config.INVOICE_RETENTION_YEARS = 10;
    }
    expect(await rowsOfPortal(server, p.portal.id)).toEqual({});
    expect(await findTraces(server, [p.portal.id])).toEqual([]);
    const receipt = await receiptOf(p);
    expect(receipt.text).toContain('Invoices kept: 0');
    expect(receipt.text).toContain('no users, records, files, invoices or logs');
  });

  // Last: it moves the server's clock eleven years on.
  it('are purged by the daily housekeeping once their retention ends, each purge in the operator audit', async () => {
    const p = await billedPortal();
    const numbers = (await invoicesOf(p.client)).map((i) => i.number).sort();
    await erase(p);
    const archived = () => server.deps.db.selectFrom('invoice_archive').select(['number', 'retain_until']).where('portal_id', '=', p.portal.id).execute();
    const until = new Date((await archived())[0]!.retain_until).getTime();

    server.clock.advance(until - server.clock.now().getTime() - 60_000);
    await runHousekeeping(server.deps);
    expect((await archived()).map((r) => r.number).sort()).toEqual(numbers);

    server.clock.advance(60_000);
    await runHousekeeping(server.deps);
    expect(await archived()).toEqual([]);
    await runHousekeeping(server.deps); // again: nothing more to do

    const op = await operatorClient(server);
    const purged = (await op.get('/api/operator/audit?action=invoice_archive.purged&limit=50')).body.items.filter(
      (e: any) => e.details.portalId === p.portal.id,
    );
    expect(purged).toHaveLength(1);
    expect(purged[0]).toMatchObject({ operator: null, details: { invoices: numbers, retentionYears: 10 } });
  });
});
