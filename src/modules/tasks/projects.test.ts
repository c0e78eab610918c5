import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, type Team } from '../../test/factories.js';
import { allPages, expectFieldError, idsOf, newProject, newTask } from './tasks.testkit.js';

let server: TestServer;
let team: Team;
let other: Team;
beforeAll(async () => {
  server = await startTestServer();
  team = await portalWithTeam(server);
  other = await portalWithTeam(server);
});
afterAll(async () => {
  await server?.close();
});

const auditFor = async (action: string, targetId: string) =>
  (await team.owner.get(`/api/audit?action=${action}`)).body.items.find((e: { targetId: string }) => e.targetId === targetId);

describe('projects (TSK-1)', () => {
  it('creates an active project by default and counts its tasks', async () => {
    const res = await team.member.post('/api/projects', { name: ' Website relaunch ', color: '#3b82f6' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Website relaunch',
      description: null,
      status: 'active',
      color: '#3b82f6',
      taskCount: 0,
      openTaskCount: 0,
      createdBy: team.memberUser.id,
    });
    await newTask(team.member, { projectId: res.body.id });
    await newTask(team.member, { projectId: res.body.id, status: 'done' });
    expect((await team.member.get(`/api/projects/${res.body.id}`)).body).toMatchObject({ taskCount: 2, openTaskCount: 1 });
    expect(await auditFor('tasks.project_created', res.body.id)).toBeTruthy();
  });

  it.each([
    [{}, 'name'],
    [{ name: '  ' }, 'name'],
    [{ name: 'P', status: 'closed' }, 'status'],
    [{ name: 'P', color: 'blue' }, 'color'],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    expectFieldError(await team.owner.post('/api/projects', body), 'VALIDATION_FAILED', field);
  });

  it('renames, archives and restores a project; archiving is audited', async () => {
    const p = await newProject(team.owner, { name: 'Old name', description: 'D' });
    const renamed = await team.owner.patch(`/api/projects/${p.id}`, { name: 'New name', description: null });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'New name', description: null, status: 'active' });
    expect((await team.owner.patch(`/api/projects/${p.id}`, { status: 'archived' })).body.status).toBe('archived');
    expect(await auditFor('tasks.project_archived', p.id)).toBeTruthy();
    expect((await team.owner.patch(`/api/projects/${p.id}`, { status: 'active' })).body.status).toBe('active');
    expect((await team.owner.patch('/api/projects/nope', { name: 'x' })).status).toBe(404);
    expect((await team.owner.get('/api/projects/nope')).status).toBe(404);
  });

  it('lists projects searchable without case or accents, filtered by status, sorted, paged', async () => {
    const sep = await portalWithTeam(server);
    const names = ['Zürich office', 'alpha', 'Beta', 'Müller account', 'gamma', 'Delta', 'epsilon'];
    const made = [];
    for (const name of names) {
      server.clock.advance(1000, sep.portal.id);
      made.push(await newProject(sep.owner, { name, status: name === 'gamma' ? 'archived' : 'active' }));
    }
    const byName = await allPages(sep.owner, '/api/projects?sort=name', 3);
    expect(byName.map((p) => p.name)).toEqual(['alpha', 'Beta', 'Delta', 'epsilon', 'gamma', 'Müller account', 'Zürich office']);
    const newestFirst = await allPages(sep.owner, '/api/projects?sort=-createdAt', 2);
    expect(idsOf(newestFirst)).toEqual(idsOf(made).reverse());
    const search = await sep.owner.get('/api/projects?q=MULLER');
    expect(search.body.items.map((p: { name: string }) => p.name)).toEqual(['Müller account']);
    expect((await sep.owner.get('/api/projects?q=zurich')).body.items).toHaveLength(1);
    const archived = await sep.owner.get('/api/projects?status=archived');
    expect(archived.body.items.map((p: { name: string }) => p.name)).toEqual(['gamma']);
  });
});

describe('deleting a project', () => {
  it('deletes an empty project and writes the audit log', async () => {
    const p = await newProject(team.owner);
    expect((await team.owner.delete(`/api/projects/${p.id}`)).status).toBe(204);
    expect((await team.owner.get(`/api/projects/${p.id}`)).status).toBe(404);
    expect(await auditFor('tasks.project_deleted', p.id)).toMatchObject({ actor: { id: team.ownerUser.id } });
  });

  it('refuses to delete a project with tasks: 409 PROJECT_HAS_TASKS', async () => {
    const p = await newProject(team.owner);
    await newTask(team.owner, { projectId: p.id });
    const res = await team.owner.delete(`/api/projects/${p.id}`);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'PROJECT_HAS_TASKS', details: { taskCount: 1 } });
    expect((await team.owner.get(`/api/projects/${p.id}`)).status).toBe(200);
  });

  it('moves the tasks to another project with ?moveTasksTo', async () => {
    const from = await newProject(team.owner, { name: 'From' });
    const to = await newProject(team.owner, { name: 'To' });
    const t1 = await newTask(team.owner, { projectId: from.id });
    const t2 = await newTask(team.owner, { projectId: from.id });
    expect((await team.owner.delete(`/api/projects/${from.id}?moveTasksTo=${to.id}`)).status).toBe(204);
    for (const t of [t1, t2]) expect((await team.owner.get(`/api/tasks/${t.id}`)).body.projectId).toBe(to.id);
    expect((await team.owner.get(`/api/projects/${to.id}`)).body.taskCount).toBe(2);
    expect((await auditFor('tasks.project_deleted', from.id)).details).toMatchObject({ movedTasksTo: to.id, taskCount: 2 });
  });

  it("refuses to move tasks to the same, a missing or another portal's project, naming moveTasksTo", async () => {
    const p = await newProject(team.owner);
    await newTask(team.owner, { projectId: p.id });
    const theirs = await newProject(other.owner);
    for (const target of [p.id, 'nope', theirs.id]) {
      expectFieldError(await team.owner.delete(`/api/projects/${p.id}?moveTasksTo=${target}`), 'INVALID_REFERENCE', 'moveTasksTo');
    }
    expect((await other.owner.get(`/api/projects/${theirs.id}`)).body.taskCount).toBe(0);
  });

  it('deletes the tasks and their comments with ?deleteTasks=true; subtasks elsewhere keep living, without a parent', async () => {
    const p = await newProject(team.owner);
    const keep = await newProject(team.owner);
    const doomed = await newTask(team.owner, { projectId: p.id });
    await team.owner.post(`/api/tasks/${doomed.id}/comments`, { body: 'bye' });
    const survivor = await newTask(team.owner, { projectId: keep.id, parentId: doomed.id });
    expect((await team.owner.delete(`/api/projects/${p.id}?deleteTasks=true`)).status).toBe(204);
    expect((await team.owner.get(`/api/tasks/${doomed.id}`)).status).toBe(404);
    expect((await team.owner.get(`/api/tasks/${doomed.id}/comments`)).status).toBe(404);
    expect((await team.owner.get(`/api/tasks/${survivor.id}`)).body).toMatchObject({ projectId: keep.id, parentId: null });
    expect((await auditFor('tasks.project_deleted', p.id)).details).toMatchObject({ deletedTasks: 1 });
  });
});
