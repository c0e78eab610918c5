import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, type Team } from '../../test/factories.js';
import { allPages, expectFieldError, newProject, newTask, titlesOf } from './tasks.testkit.js';

let server: TestServer;
let team: Team;
let p1: { id: string };
let p2: { id: string };
let parent: { id: string };

/** Titles of every task the owner sees at `query` (all pages). */
const titles = async (query: string) => titlesOf(await allPages(team.owner, `/api/tasks?sort=title&${query}`, 200)).sort();

beforeAll(async () => {
  server = await startTestServer();
  team = await portalWithTeam(server);
  p1 = await newProject(team.owner, { name: 'Website' });
  p2 = await newProject(team.owner, { name: 'Office' });
  parent = await newTask(team.owner, { title: 'Move office', projectId: p2.id });
  await newTask(team.owner, { title: 'Groß order of paper', projectId: p2.id, parentId: parent.id, status: 'todo', assigneeId: team.ownerUser.id });
  await newTask(team.owner, {
    title: 'Call José about the lease',
    projectId: p2.id,
    parentId: parent.id,
    status: 'in_progress',
    dueAt: '2026-04-01T00:00:00Z',
  });
  await newTask(team.owner, {
    title: 'New landing page',
    projectId: p1.id,
    status: 'blocked',
    assigneeId: team.memberUser.id,
    dueAt: '2026-03-31T23:59:59.999Z',
  });
  await newTask(team.owner, { title: 'Fix 50% off banner', projectId: p1.id, status: 'done', assigneeId: team.memberUser.id, dueAt: '2026-04-15T12:00:00Z' });
  await newTask(team.owner, { title: 'Loose end', status: 'todo', dueAt: '2026-05-01T00:00:00Z', assigneeId: team.adminUser.id });
});
afterAll(async () => {
  await server?.close();
});

describe('task list filters (TSK-1)', () => {
  it('lists every task of the portal without filters', async () => {
    expect(await titles('')).toEqual([
      'Call José about the lease',
      'Fix 50% off banner',
      'Groß order of paper',
      'Loose end',
      'Move office',
      'New landing page',
    ]);
  });

  it('finds "Groß" when searching "gross", "GROSS" or "groß"', async () => {
    for (const q of ['gross', 'GROSS', 'groß', 'Gro']) expect(await titles(`q=${encodeURIComponent(q)}`)).toEqual(['Groß order of paper']);
  });

  it('finds "José" when searching "jose", and treats % literally', async () => {
    expect(await titles('q=jose')).toEqual(['Call José about the lease']);
    expect(await titles(`q=${encodeURIComponent('50%')}`)).toEqual(['Fix 50% off banner']);
    expect(await titles(`q=${encodeURIComponent('%')}`)).toEqual(['Fix 50% off banner']);
    expect(await titles('q=nothing-like-this')).toEqual([]);
  });

  it('filters by project, or by no project', async () => {
    expect(await titles(`projectId=${p1.id}`)).toEqual(['Fix 50% off banner', 'New landing page']);
    expect(await titles('projectId=none')).toEqual(['Loose end']);
  });

  it('filters by assignee: a user, "me" for the caller, or "none"', async () => {
    expect(await titles(`assigneeId=${team.memberUser.id}`)).toEqual(['Fix 50% off banner', 'New landing page']);
    expect(await titles('assigneeId=me')).toEqual(['Groß order of paper']);
    const mine = await allPages(team.member, '/api/tasks?assigneeId=me', 50);
    expect(titlesOf(mine).sort()).toEqual(['Fix 50% off banner', 'New landing page']);
    expect(await titles('assigneeId=none')).toEqual(['Call José about the lease', 'Move office']);
  });

  it('filters by one status or several, comma-separated', async () => {
    expect(await titles('status=todo')).toEqual(['Groß order of paper', 'Loose end', 'Move office']);
    expect(await titles('status=blocked,done')).toEqual(['Fix 50% off banner', 'New landing page']);
    expect(await titles('status=in_progress,%20done')).toEqual(['Call José about the lease', 'Fix 50% off banner']);
  });

  it('refuses an unknown status naming the status parameter', async () => {
    expectFieldError(await team.owner.get('/api/tasks?status=todo,later'), 'VALIDATION_FAILED', 'status');
  });

  it('filters by due range: from inclusive, to exclusive, in any offset; no due date never matches', async () => {
    expect(await titles(`dueFrom=${encodeURIComponent('2026-04-01T00:00:00Z')}`)).toEqual(['Call José about the lease', 'Fix 50% off banner', 'Loose end']);
    expect(await titles(`dueTo=${encodeURIComponent('2026-04-01T00:00:00Z')}`)).toEqual(['New landing page']);
    const from = encodeURIComponent('2026-04-01T02:00:00+02:00');
    const to = encodeURIComponent('2026-05-01T00:00:00Z');
    expect(await titles(`dueFrom=${from}&dueTo=${to}`)).toEqual(['Call José about the lease', 'Fix 50% off banner']);
    expectFieldError(await team.owner.get('/api/tasks?dueFrom=tomorrow'), 'VALIDATION_FAILED', 'dueFrom');
  });

  it('filters by parent: the subtasks of a task, or top-level tasks with "none"', async () => {
    expect(await titles(`parentId=${parent.id}`)).toEqual(['Call José about the lease', 'Groß order of paper']);
    expect(await titles('parentId=none')).toEqual(['Fix 50% off banner', 'Loose end', 'Move office', 'New landing page']);
  });

  it('combines filters', async () => {
    expect(await titles(`projectId=${p2.id}&status=todo&q=paper`)).toEqual(['Groß order of paper']);
    expect(await titles(`projectId=${p1.id}&assigneeId=none`)).toEqual([]);
  });

  it('filters by linked CRM record: by type and id, by type alone, or by id alone', async () => {
    const contact = await team.owner.post('/api/crm/contacts', { firstName: 'Anna', lastName: 'Schmidt' });
    expect(contact.status, contact.text).toBe(201);
    const company = await team.owner.post('/api/crm/companies', { name: 'Schmidt GmbH' });
    expect(company.status, company.text).toBe(201);
    await newTask(team.owner, { title: 'Linked to Anna', links: [{ type: 'contact', id: contact.body.id }] });
    await newTask(team.owner, {
      title: 'Linked to both',
      links: [
        { type: 'contact', id: contact.body.id },
        { type: 'company', id: company.body.id },
      ],
    });
    await newTask(team.owner, { title: 'Linked to the company', links: [{ type: 'company', id: company.body.id }] });
    expect(await titles(`linkType=contact&linkId=${contact.body.id}`)).toEqual(['Linked to Anna', 'Linked to both']);
    expect(await titles('linkType=company')).toEqual(['Linked to both', 'Linked to the company']);
    expect(await titles(`linkId=${company.body.id}`)).toEqual(['Linked to both', 'Linked to the company']);
    expect(await titles(`linkType=deal&linkId=${company.body.id}`)).toEqual([]);
    expectFieldError(await team.owner.get('/api/tasks?linkType=invoice'), 'VALIDATION_FAILED', 'linkType');
    // Only the linked tasks: the earlier ones carry no links.
    expect((await allPages(team.owner, '/api/tasks?q=landing', 10))[0].links).toEqual([]);
  });

  it('refuses an unknown sort naming the sort parameter, and a cursor from another sort', async () => {
    expectFieldError(await team.owner.get('/api/tasks?sort=color'), 'VALIDATION_FAILED', 'sort');
    const first = await team.owner.get('/api/tasks?sort=title&limit=2');
    expectFieldError(await team.owner.get(`/api/tasks?sort=priority&limit=2&cursor=${first.body.nextCursor}`), 'VALIDATION_FAILED', 'cursor');
  });
});
