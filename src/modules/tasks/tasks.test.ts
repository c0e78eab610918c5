import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { addUser, portalWithTeam, type Team } from '../../test/factories.js';
import { expectFieldError, newProject, newTask } from './tasks.testkit.js';
import { getTask, listOpenTasksWithEstimates } from './tasks.service.js';
import { seedTasksDemo } from '../../cli/demo/tasks.demo.js';
import type { PortalContext } from '../../kernel/context.js';

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

describe('creating a task (TSK-1)', () => {
  it('creates a task with defaults: todo, normal priority, nobody assigned', async () => {
    const res = await team.member.post('/api/tasks', { title: '  Call the printer  ' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'Call the printer',
      description: null,
      status: 'todo',
      priority: 'normal',
      assigneeId: null,
      dueAt: null,
      estimateMinutes: null,
      parentId: null,
      projectId: null,
      links: [],
      completedAt: null,
      subtaskCount: 0,
      commentCount: 0,
      createdBy: team.memberUser.id,
    });
    expect(res.body.createdAt).toBe(res.body.updatedAt);
    expect((await team.owner.get(`/api/tasks/${res.body.id}`)).body).toEqual(res.body);
  });

  it('keeps every field it was given, with the due date in UTC', async () => {
    const project = await newProject(team.owner, { name: 'Launch' });
    const parent = await newTask(team.owner, { title: 'Parent' });
    const res = await team.owner.post('/api/tasks', {
      title: 'Write the press release',
      description: 'Two pages',
      status: 'in_progress',
      priority: 'urgent',
      assigneeId: team.memberUser.id,
      dueAt: '2026-03-01T10:00:00+01:00',
      estimateMinutes: 90,
      parentId: parent.id,
      projectId: project.id,
      position: 5,
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      description: 'Two pages',
      status: 'in_progress',
      priority: 'urgent',
      assigneeId: team.memberUser.id,
      dueAt: '2026-03-01T09:00:00.000Z',
      estimateMinutes: 90,
      parentId: parent.id,
      projectId: project.id,
      position: 5,
    });
    expect((await team.owner.get(`/api/tasks/${parent.id}`)).body.subtaskCount).toBe(1);
  });

  it('puts a new task at the end of its board column', async () => {
    const first = await newTask(team.owner, { status: 'blocked', position: 100 });
    const second = await newTask(team.owner, { status: 'blocked' });
    expect(second.position).toBeGreaterThan(first.position);
  });

  it.each([
    [{}, 'title'],
    [{ title: '   ' }, 'title'],
    [{ title: 'x'.repeat(501) }, 'title'],
    [{ title: 'T', status: 'waiting' }, 'status'],
    [{ title: 'T', priority: 'critical' }, 'priority'],
    [{ title: 'T', estimateMinutes: 0 }, 'estimateMinutes'],
    [{ title: 'T', estimateMinutes: 100_001 }, 'estimateMinutes'],
    [{ title: 'T', estimateMinutes: 1.5 }, 'estimateMinutes'],
    [{ title: 'T', dueAt: 'next Tuesday' }, 'dueAt'],
    [{ title: 'T', dueAt: '2026-03-01' }, 'dueAt'],
    [{ title: 'T', links: [{ type: 'invoice', id: 'x' }] }, 'links.0.type'],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    expectFieldError(await team.owner.post('/api/tasks', body), 'VALIDATION_FAILED', field);
  });

  it('accepts estimates at both ends of 1..100000 minutes', async () => {
    expect((await newTask(team.owner, { estimateMinutes: 1 })).estimateMinutes).toBe(1);
    expect((await newTask(team.owner, { estimateMinutes: 100_000 })).estimateMinutes).toBe(100_000);
  });
});

describe('references must be records of the same portal', () => {
  it('refuses an assignee who is not a user of the portal, naming assigneeId', async () => {
    expectFieldError(await team.owner.post('/api/tasks', { title: 'T', assigneeId: 'nobody' }), 'INVALID_REFERENCE', 'assigneeId');
    expectFieldError(await team.owner.post('/api/tasks', { title: 'T', assigneeId: other.memberUser.id }), 'INVALID_REFERENCE', 'assigneeId');
  });

  it('refuses a deactivated user as new assignee, but keeps tasks already theirs', async () => {
    const leaver = await addUser(server, team.owner);
    const task = await newTask(team.owner, { assigneeId: leaver.user.id });
    expect((await team.owner.post(`/api/users/${leaver.user.id}/deactivate`)).status).toBe(200);
    expectFieldError(await team.owner.post('/api/tasks', { title: 'T', assigneeId: leaver.user.id }), 'INVALID_REFERENCE', 'assigneeId');
    const res = await team.owner.patch(`/api/tasks/${task.id}`, { title: 'Still theirs', assigneeId: leaver.user.id });
    expect(res.status, res.text).toBe(200);
    expect(res.body.assigneeId).toBe(leaver.user.id);
  });

  it("refuses another portal's project and parent task", async () => {
    const theirProject = await newProject(other.owner);
    const theirTask = await newTask(other.owner);
    expectFieldError(await team.owner.post('/api/tasks', { title: 'T', projectId: theirProject.id }), 'INVALID_REFERENCE', 'projectId');
    expectFieldError(await team.owner.post('/api/tasks', { title: 'T', parentId: theirTask.id }), 'INVALID_REFERENCE', 'parentId');
    const mine = await newTask(team.owner);
    expectFieldError(await team.owner.patch(`/api/tasks/${mine.id}`, { projectId: theirProject.id }), 'INVALID_REFERENCE', 'projectId');
    expectFieldError(await team.owner.patch(`/api/tasks/${mine.id}`, { parentId: theirTask.id }), 'INVALID_REFERENCE', 'parentId');
    expectFieldError(await team.owner.patch(`/api/tasks/${mine.id}`, { assigneeId: other.ownerUser.id }), 'INVALID_REFERENCE', 'assigneeId');
    expect((await team.owner.get(`/api/tasks/${mine.id}`)).body).toMatchObject({ projectId: null, parentId: null, assigneeId: null });
  });

  it('links a task to CRM records, refuses unknown or foreign ones naming the link, and replaces links on change', async () => {
    const contact = await team.owner.post('/api/crm/contacts', { firstName: 'Anna', lastName: 'Schmidt' });
    expect(contact.status, contact.text).toBe(201);
    const theirs = await other.owner.post('/api/crm/contacts', { firstName: 'Eve', lastName: 'Other' });
    expect(theirs.status, theirs.text).toBe(201);
    const task = await newTask(team.owner, { links: [{ type: 'contact', id: contact.body.id }] });
    expect(task.links).toEqual([{ type: 'contact', id: contact.body.id }]);
    expectFieldError(
      await team.owner.post('/api/tasks', { title: 'T', links: [{ type: 'contact', id: 'no-such-contact' }] }),
      'INVALID_REFERENCE',
      'links.0.id',
    );
    const foreign = [
      { type: 'contact', id: contact.body.id },
      { type: 'contact', id: theirs.body.id },
    ];
    expectFieldError(await team.owner.post('/api/tasks', { title: 'T', links: foreign }), 'INVALID_REFERENCE', 'links.1.id');
    // A contact's id is not a deal's.
    expectFieldError(await team.owner.patch(`/api/tasks/${task.id}`, { links: [{ type: 'deal', id: contact.body.id }] }), 'INVALID_REFERENCE', 'links.0.id');
    expect((await team.owner.get(`/api/tasks/${task.id}`)).body.links).toEqual([{ type: 'contact', id: contact.body.id }]);
    expect((await team.owner.patch(`/api/tasks/${task.id}`, { links: [] })).body.links).toEqual([]);
  });
});

describe('changing a task', () => {
  it('changes only the fields sent, and null clears a field', async () => {
    const task = await newTask(team.owner, { description: 'Old', dueAt: '2026-05-01T08:00:00Z', assigneeId: team.adminUser.id, estimateMinutes: 30 });
    server.clock.advance(1000, team.portal.id);
    const res = await team.owner.patch(`/api/tasks/${task.id}`, { title: 'New title', dueAt: null, assigneeId: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: 'New title', description: 'Old', dueAt: null, assigneeId: null, estimateMinutes: 30 });
    expect(res.body.updatedAt > task.updatedAt).toBe(true);
    expect(res.body.createdAt).toBe(task.createdAt);
  });

  it('sets completedAt when the task becomes done and clears it when reopened', async () => {
    const task = await newTask(team.owner);
    const done = await team.owner.patch(`/api/tasks/${task.id}`, { status: 'done' });
    expect(done.body.completedAt).toBe(done.body.updatedAt);
    server.clock.advance(60_000, team.portal.id);
    const edited = await team.owner.patch(`/api/tasks/${task.id}`, { status: 'done', title: 'Renamed while done' });
    expect(edited.body.completedAt).toBe(done.body.completedAt);
    const reopened = await team.owner.patch(`/api/tasks/${task.id}`, { status: 'in_progress' });
    expect(reopened.body.completedAt).toBeNull();
    const createdDone = await newTask(team.owner, { status: 'done' });
    expect(createdDone.completedAt).toBe(createdDone.createdAt);
  });

  it('refuses a parent that would make a loop with 400 TASK_CYCLE, at any depth', async () => {
    const a = await newTask(team.owner, { title: 'A' });
    const b = await newTask(team.owner, { title: 'B', parentId: a.id });
    const c = await newTask(team.owner, { title: 'C', parentId: b.id });
    let deepest = c;
    for (let i = 0; i < 12; i++) deepest = await newTask(team.owner, { title: `D${i}`, parentId: deepest.id });
    for (const parent of [a, c, deepest]) {
      const res = await team.owner.patch(`/api/tasks/${a.id}`, { parentId: parent.id });
      expect(res.status, res.text).toBe(400);
      expect(res.body.error.code).toBe('TASK_CYCLE');
      expect(res.body.error.details.fields[0].path).toBe('parentId');
    }
    expect((await team.owner.get(`/api/tasks/${a.id}`)).body.parentId).toBeNull();
    // Moving a subtree elsewhere is fine.
    const d = await newTask(team.owner, { title: 'D' });
    expect((await team.owner.patch(`/api/tasks/${b.id}`, { parentId: d.id })).body.parentId).toBe(d.id);
    expect((await team.owner.patch(`/api/tasks/${b.id}`, { parentId: null })).body.parentId).toBeNull();
  });

  it('answers 404 for a task that does not exist', async () => {
    expect((await team.owner.get('/api/tasks/nope')).status).toBe(404);
    expect((await team.owner.patch('/api/tasks/nope', { title: 'x' })).status).toBe(404);
    expect((await team.owner.delete('/api/tasks/nope')).status).toBe(404);
  });

  it('lets any member change a task, whoever created it', async () => {
    const task = await newTask(team.owner);
    expect((await team.member.patch(`/api/tasks/${task.id}`, { priority: 'high' })).body.priority).toBe('high');
  });
});

describe('deleting a task', () => {
  it('deletes a task without subtasks and writes the audit log', async () => {
    const task = await newTask(team.member, { title: 'Throw away' });
    await team.member.post(`/api/tasks/${task.id}/comments`, { body: 'gone soon' });
    expect((await team.member.delete(`/api/tasks/${task.id}`)).status).toBe(204);
    expect((await team.member.get(`/api/tasks/${task.id}`)).status).toBe(404);
    const audit = await team.owner.get('/api/audit?action=tasks.task_deleted');
    expect(audit.body.items.find((e: { targetId: string }) => e.targetId === task.id)).toMatchObject({ actor: { id: team.memberUser.id } });
  });

  it('refuses to delete a task with subtasks (409 TASK_HAS_SUBTASKS) unless deleteSubtasks=true, which removes the whole subtree', async () => {
    const root = await newTask(team.owner, { title: 'Root' });
    const child = await newTask(team.owner, { title: 'Child', parentId: root.id });
    const grandchild = await newTask(team.owner, { title: 'Grandchild', parentId: child.id });
    const bystander = await newTask(team.owner, { title: 'Bystander' });
    const refused = await team.owner.delete(`/api/tasks/${root.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'TASK_HAS_SUBTASKS', details: { subtaskCount: 2 } });
    expect((await team.owner.get(`/api/tasks/${root.id}`)).status).toBe(200);

    expect((await team.owner.delete(`/api/tasks/${root.id}?deleteSubtasks=true`)).status).toBe(204);
    for (const t of [root, child, grandchild]) expect((await team.owner.get(`/api/tasks/${t.id}`)).status).toBe(404);
    expect((await team.owner.get(`/api/tasks/${bystander.id}`)).status).toBe(200);
    const audit = await team.owner.get('/api/audit?action=tasks.task_deleted');
    expect(audit.body.items.find((e: { targetId: string }) => e.targetId === root.id).details).toMatchObject({ deletedSubtasks: 2 });
  });
});

describe('for other modules (auto-scheduling)', () => {
  const ctxOf = (t: Team): PortalContext => ({ deps: server.deps, portalId: t.portal.id, actor: { type: 'system' }, ip: null, userAgent: null });

  it("lists a user's open tasks that have an estimate, most urgent first, then by due date", async () => {
    const sched = await portalWithTeam(server);
    const who = sched.memberUser.id;
    const mk = (body: Record<string, unknown>) => newTask(sched.owner, { assigneeId: who, estimateMinutes: 30, ...body });
    const normalLater = await mk({ title: 'normal later', dueAt: '2026-06-02T00:00:00Z' });
    const normalSooner = await mk({ title: 'normal sooner', dueAt: '2026-06-01T00:00:00Z' });
    const normalUndated = await mk({ title: 'normal undated' });
    const urgent = await mk({ title: 'urgent', priority: 'urgent' });
    await mk({ title: 'done', status: 'done', priority: 'urgent' });
    await mk({ title: 'no estimate', estimateMinutes: null });
    await mk({ title: 'someone else', assigneeId: sched.adminUser.id });
    const open = await listOpenTasksWithEstimates(ctxOf(sched), who);
    expect(open.map((t) => t.id)).toEqual([urgent.id, normalSooner.id, normalLater.id, normalUndated.id]);
    expect(open[0]).toMatchObject({ estimateMinutes: 30, assigneeId: who });
    expect(await listOpenTasksWithEstimates(ctxOf(other), who)).toEqual([]);
  });

  it("gets one task of the context's portal, and not another portal's", async () => {
    const task = await newTask(team.owner, { title: 'Fetch me' });
    expect((await getTask(ctxOf(team), task.id)).title).toBe('Fetch me');
    await expect(getTask(ctxOf(other), task.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('demo data (skit demo)', () => {
  it('fills a portal with projects, tasks in every status, subtasks and comments, once', async () => {
    const demo = await portalWithTeam(server);
    const ctx: PortalContext = {
      deps: server.deps,
      portalId: demo.portal.id,
      actor: { type: 'user', userId: demo.ownerUser.id, role: 'owner' },
      ip: null,
      userAgent: null,
    };
    await seedTasksDemo(ctx);
    await seedTasksDemo(ctx);
    const projects = (await demo.member.get('/api/projects')).body.items;
    expect(projects.map((p: { status: string }) => p.status).sort()).toEqual(['active', 'active', 'active', 'archived']);
    const tasks = (await demo.member.get('/api/tasks?limit=200')).body.items;
    expect(tasks.length).toBeGreaterThanOrEqual(20);
    expect(new Set(tasks.map((t: { status: string }) => t.status))).toEqual(new Set(['todo', 'in_progress', 'blocked', 'done']));
    expect(new Set(tasks.map((t: { assigneeId: string }) => t.assigneeId)).size).toBeGreaterThanOrEqual(3);
    expect(tasks.some((t: { parentId: string | null }) => t.parentId)).toBe(true);
    expect(tasks.some((t: { commentCount: number }) => t.commentCount > 0)).toBe(true);
    expect(
      tasks.filter((t: { status: string; completedAt: string | null }) => t.status === 'done').every((t: { completedAt: string | null }) => t.completedAt),
    ).toBe(true);
  });
});
