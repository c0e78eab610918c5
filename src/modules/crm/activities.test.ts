import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, signupPortal, type Team } from '../../test/factories.js';
import { fieldsOf, newActivity, newCompany, newContact, newDeal, newLead, pageAll } from './crm.testkit.js';

let server: TestServer;
let team: Team;
beforeAll(async () => {
  server = await startTestServer();
  team = await portalWithTeam(server);
});
afterAll(async () => {
  await server?.close();
});

describe('activities and notes (CRM-1)', () => {
  it('adds a note to a contact, dated now by default, and shows the timeline newest first', async () => {
    const c = team.member;
    const contact = await newContact(c, { firstName: 'Tim', lastName: 'Line' });
    const before = server.clock.now(team.portal.id).toISOString();
    const note = await newActivity(c, { recordType: 'contact', recordId: contact.id, body: 'Met at the fair.' });
    expect(note).toMatchObject({
      kind: 'note',
      subject: null,
      body: 'Met at the fair.',
      recordType: 'contact',
      recordId: contact.id,
      createdBy: team.memberUser.id,
    });
    expect(note.occurredAt >= before).toBe(true);
    const call = await newActivity(c, {
      kind: 'call',
      subject: 'Intro call',
      body: 'Wants a demo',
      recordType: 'contact',
      recordId: contact.id,
      occurredAt: '2030-01-15T10:00:00+01:00',
    });
    expect(call.occurredAt).toBe('2030-01-15T09:00:00.000Z');
    await newActivity(c, {
      kind: 'email',
      subject: 'Elsewhere',
      body: 'Not on this timeline',
      recordType: 'deal',
      recordId: (await newDeal(c, { title: 'Other record' })).id,
    });

    const timeline = await c.get(`/api/crm/activities?recordType=contact&recordId=${contact.id}`);
    expect(timeline.body.items.map((a: { id: string }) => a.id)).toEqual([call.id, note.id]);
    const calls = await c.get(`/api/crm/activities?recordType=contact&recordId=${contact.id}&kind=call`);
    expect(calls.body.items.map((a: { id: string }) => a.id)).toEqual([call.id]);
  });

  it('changes and deletes an activity', async () => {
    const c = team.member;
    const company = await newCompany(c, { name: 'Noted Co' });
    const a = await newActivity(c, { recordType: 'company', recordId: company.id, body: 'draft' });
    const patched = await c.patch(`/api/crm/activities/${a.id}`, { body: 'final', subject: 'Summary', kind: 'meeting' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ body: 'final', subject: 'Summary', kind: 'meeting', recordId: company.id });
    expect((await c.get(`/api/crm/activities/${a.id}`)).body).toEqual(patched.body);
    expect((await c.delete(`/api/crm/activities/${a.id}`)).status).toBe(204);
    expect((await c.get(`/api/crm/activities/${a.id}`)).status).toBe(404);
  });

  it('links to companies, contacts, leads and deals that exist in the portal, and to tasks and events', async () => {
    const c = team.member;
    const records = {
      company: (await newCompany(c, { name: 'Linked Co' })).id,
      contact: (await newContact(c, { firstName: 'Linked' })).id,
      lead: (await newLead(c, { title: 'Linked lead' })).id,
      deal: (await newDeal(c, { title: 'Linked deal' })).id,
      task: randomUUID(),
      event: randomUUID(),
    };
    for (const [recordType, recordId] of Object.entries(records)) await newActivity(c, { recordType, recordId, body: `on a ${recordType}` });
  });

  it("refuses another portal's record with INVALID_REFERENCE naming recordId", async () => {
    const other = await signupPortal(server);
    const theirs = await newContact(other.client, { firstName: 'Secret', lastName: 'Contact' });
    const res = await team.member.post('/api/crm/activities', { recordType: 'contact', recordId: theirs.id, body: 'sneaky' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_REFERENCE');
    expect(fieldsOf(res)).toEqual(['recordId']);
    expect((await other.client.get(`/api/crm/activities?recordType=contact&recordId=${theirs.id}`)).body.items).toEqual([]);
  });

  it('names bad input: an empty body, an unknown kind or record type, a bad instant, recordId without recordType', async () => {
    const res = await team.member.post('/api/crm/activities', { kind: 'fax', body: '', recordType: 'invoice', recordId: 'x', occurredAt: 'yesterday' });
    expect(res.status).toBe(400);
    expect(fieldsOf(res).sort()).toEqual(['body', 'kind', 'occurredAt', 'recordType']);
    const list = await team.member.get(`/api/crm/activities?recordId=${randomUUID()}`);
    expect(list.status).toBe(400);
    expect(fieldsOf(list)).toEqual(['recordType']);
  });

  it("clears a record's timeline when the record is deleted", async () => {
    const c = team.member;
    const lead = await newLead(c, { title: 'Short timeline' });
    await newActivity(c, { recordType: 'lead', recordId: lead.id, body: 'first touch' });
    await c.delete(`/api/crm/leads/${lead.id}`);
    expect((await c.get(`/api/crm/activities?recordType=lead&recordId=${lead.id}`)).body.items).toEqual([]);
  });

  it('pages through 25 activities 7 at a time, newest first, and searches their text', async () => {
    const p = await signupPortal(server);
    const contact = await newContact(p.client, { firstName: 'Busy' });
    for (let i = 0; i < 25; i++) {
      const day = String(i + 1).padStart(2, '0');
      await newActivity(p.client, { recordType: 'contact', recordId: contact.id, body: `Day ${day} – Grüße`, occurredAt: `2030-03-${day}T08:00:00Z` });
    }
    const { items } = await pageAll(p.client, `/api/crm/activities?recordType=contact&recordId=${contact.id}`, 7);
    expect(items.map((a) => a.body)).toEqual(Array.from({ length: 25 }, (_, i) => `Day ${String(25 - i).padStart(2, '0')} – Grüße`));
    expect((await p.client.get('/api/crm/activities?q=day%2007%20%E2%80%93%20GRUSSE')).body.items).toHaveLength(1);
  });
});
