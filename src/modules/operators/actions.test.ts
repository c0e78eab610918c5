import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import type { TestClient } from '../../test/client.js';
import { PASSWORD } from '../../test/factories.js';
import { startBillingServer } from '../billing/billing.testkit.js';
import { upload } from '../drive/drive.testkit.js';
import { findTraces } from '../lifecycle/deletion.testkit.js';
import { paidPortal } from '../lifecycle/lifecycle.testkit.js';
import { consolePortal, operatorClient } from './operators.testkit.js';

/** Operators reach a portal's data only through an export they start, which its admins see (LIF-7); deletion is the owner's erasure. */

let server: TestServer;
let op: TestClient;
let oscar: { id: string; name: string; email: string };
beforeAll(async () => {
  server = await startBillingServer();
  op = await operatorClient(server, 'oscar@provider.test');
  const me = (await op.get('/api/operator/me')).body;
  oscar = { id: me.id, name: me.name, email: me.email };
});

/** Downloads an export as the operator, with `reason` as the query parameter when given. */
function download(url: string, reason?: string) {
  const query = reason === undefined ? '' : `?reason=${encodeURIComponent(reason)}`;
  return fetch(server.url + url + query, { headers: { cookie: op.operatorCookie! } });
}
afterAll(async () => {
  await server?.close();
});

let seq = 0;

/** A paid portal with a contact and a file whose names appear nowhere else. */
async function portalWithRecords() {
  const p = await paidPortal(server, { plan: 'team', members: 1 });
  const name = `Zebulon${++seq}`;
  const email = `zq${seq}@secret.example`;
  const contact = await p.client.post('/api/crm/contacts', { firstName: name, lastName: 'Quixote-Marchetti', emails: [{ value: email, type: 'work' }] });
  expect(contact.status, contact.text).toBe(201);
  await upload(p.client, `${name.toLowerCase()}-plans.txt`, `${name} Quixote-Marchetti private plans`);
  return { ...p, secrets: { name, email, file: `${name.toLowerCase()}-plans` } };
}

describe('counts and billing only', () => {
  it("never shows a portal's records in the console, only how many there are", async () => {
    const p = await portalWithRecords();
    const detail = await op.get(`/api/operator/portals/${p.portal.id}`);
    expect(detail.status, detail.text).toBe(200);
    expect(detail.body.records).toBeGreaterThan(3);
    expect(detail.body.users).toEqual({ active: 2, total: 2 });
    expect(detail.body.billingEvents.map((e: { type: string }) => e.type)).toContain('subscription.started');
    const everything = [
      detail.text,
      (await op.get('/api/operator/portals?limit=200')).text,
      (await op.get('/api/operator/overview')).text,
      (await op.get('/api/operator/audit?limit=200')).text,
      (await op.get('/api/operator/cancellations')).text,
    ].join('\n');
    for (const secret of [p.secrets.name, 'Quixote', p.secrets.email, p.secrets.file, p.members[0]!.email]) expect(everything).not.toContain(secret);
  });
});

describe('export', () => {
  it("is started with a reason that the portal's admins see in their audit log, and downloads as a ZIP", async () => {
    const p = await portalWithRecords();
    const noReason = await op.post(`/api/operator/portals/${p.portal.id}/exports`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.fields[0].path).toBe('reason');

    const started = await op.post(`/api/operator/portals/${p.portal.id}/exports`, { reason: 'Customer asked for a copy, ticket 4711' });
    expect(started.status, started.text).toBe(201);
    expect(started.body).toMatchObject({ status: 'queued', downloadUrl: null });

    const audit = (await p.client.get('/api/audit?limit=50')).body.items;
    const entry = audit.find((e: { action: string }) => e.action === 'operator.export_started');
    expect(entry).toMatchObject({
      actorType: 'operator',
      actor: { id: oscar.id, name: 'Oscar Operator', email: 'oscar@provider.test' },
      targetId: started.body.id,
      details: { operator: oscar, reason: 'Customer asked for a copy, ticket 4711' },
    });
    expect(audit.find((e: { action: string }) => e.action === 'portability.export_requested')).toMatchObject({ actorType: 'operator', actor: oscar });

    await server.runJobs();
    const done = await op.get(`/api/operator/portals/${p.portal.id}/exports/${started.body.id}`);
    expect(done.body).toMatchObject({ status: 'done', downloadUrl: `/api/operator/portals/${p.portal.id}/exports/${started.body.id}/download` });
    const zip = await download(done.body.downloadUrl, 'Sending the copy the customer asked for, ticket 4711');
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const bytes = Buffer.from(await zip.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(bytes.length).toBe(done.body.bytes);

    // The download too is in the portal's audit log, naming the operator and the reason, and in the operators'.
    expect((await p.client.get('/api/audit?limit=50')).body.items.find((e: { action: string }) => e.action === 'portability.export_downloaded')).toMatchObject({
      actorType: 'operator',
      actor: oscar,
      targetId: started.body.id,
      details: { operator: oscar, reason: 'Sending the copy the customer asked for, ticket 4711' },
    });
    const log = (await op.get(`/api/operator/audit?portalId=${p.portal.id}`)).body.items;
    expect(log.slice(0, 2).map((e: { action: string }) => e.action)).toEqual(['operator.export_downloaded', 'operator.export_started']);
    expect(log[0].details).toMatchObject({ exportId: started.body.id, reason: 'Sending the copy the customer asked for, ticket 4711' });
    expect((await consolePortal(op, p.portal.id)).exports[0]).toMatchObject({ id: started.body.id, status: 'done' });
  });

  it("downloads only with a reason, also an export the portal's admin started, and the admin sees who and why", async () => {
    const p = await portalWithRecords();
    const mine = await p.client.post('/api/exports');
    expect(mine.status, mine.text).toBe(201);
    await server.runJobs();
    const listed = (await consolePortal(op, p.portal.id)).exports.find((x: { id: string }) => x.id === mine.body.id);
    expect(listed).toMatchObject({ status: 'done', downloadUrl: `/api/operator/portals/${p.portal.id}/exports/${mine.body.id}/download` });

    for (const reason of [undefined, '', '  ']) {
      const refused = await download(listed.downloadUrl, reason);
      expect(refused.status).toBe(400);
      const body = await refused.json();
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.details.fields[0]).toMatchObject({ path: 'reason', in: 'querystring' });
    }
    const before = (await p.client.get('/api/audit?limit=50&action=portability.export_downloaded')).body.items;
    expect(before).toEqual([]);

    const zip = await download(listed.downloadUrl, 'Support case 88: the admin cannot open their export');
    expect(zip.status).toBe(200);
    expect(
      Buffer.from(await zip.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    const after = (await p.client.get('/api/audit?limit=50&action=portability.export_downloaded')).body.items;
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      actorType: 'operator',
      actor: oscar,
      targetId: mine.body.id,
      details: { operator: oscar, reason: 'Support case 88: the admin cannot open their export' },
    });
  });

  it("refuses an export of another portal's id", async () => {
    const p = await portalWithRecords();
    const q = await paidPortal(server, { plan: 'team' });
    const started = await op.post(`/api/operator/portals/${p.portal.id}/exports`, { reason: 'audit' });
    const res = await op.get(`/api/operator/portals/${q.portal.id}/exports/${started.body.id}`);
    expect(res.status).toBe(404);
  });
});

describe('deleting a portal', () => {
  it("erases it as its owner's deletion would, mails the receipt to the owner, and keeps the operators' record", async () => {
    const p = await portalWithRecords();
    const wrong = await op.post(`/api/operator/portals/${p.portal.id}/delete`, { confirmSlug: 'not-the-slug' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.fields[0].path).toBe('confirmSlug');
    expect((await p.client.get('/api/me')).status).toBe(200);

    const res = await op.post(`/api/operator/portals/${p.portal.id}/delete`, { confirmSlug: p.portal.slug, reason: 'Abuse report 99' });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({ reference: expect.stringMatching(/^DEL-/), status: 'erasing' });
    // At once: the portal answers no more.
    expect((await p.client.get('/api/me')).status).toBe(401);
    expect((await server.client().post('/api/auth/login', { portalSlug: p.portal.slug, email: p.owner.email, password: PASSWORD })).status).toBe(401);
    expect((await op.get(`/api/operator/portals/${p.portal.id}`)).status).toBe(404);

    await server.runJobs();
    const deletion = await server.deps.db.selectFrom('portal_deletions').selectAll().where('reference', '=', res.body.reference).executeTakeFirstOrThrow();
    expect(deletion).toMatchObject({ status: 'completed', target_portal_id: null });
    const receipt = await server.deps.db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('to_address', '=', p.owner.email)
      .where('text_body', 'like', `%${res.body.reference}%`)
      .execute();
    expect(receipt).toHaveLength(1);
    // Nothing of the portal is left, but the deletion's record and the operators' log of it,
    // and its invoices in the operators' archive (ADR 0025), keyed by the portal's id.
    const traces = await findTraces(server, [`${p.secrets.name} Quixote`, p.secrets.email], {
      searchTerms: [p.secrets.name],
      allowed: (table) => table === 'operator_audit' || table === 'portal_deletions',
    });
    expect(traces).toEqual([]);
    const idTraces = await findTraces(server, [p.portal.id], { allowed: (table) => ['operator_audit', 'portal_deletions', 'invoice_archive'].includes(table) });
    expect(idTraces).toEqual([]);
    const log = (await op.get(`/api/operator/audit?portalId=${p.portal.id}`)).body.items;
    expect(log[0]).toMatchObject({
      action: 'operator.portal_deleted',
      portal: { slug: p.portal.slug },
      details: { reference: res.body.reference, reason: 'Abuse report 99' },
    });
  });
});
