import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { addUser, portalWithTeam, type Team } from '../../test/factories.js';
import type { TestClient } from '../../test/client.js';
import { expectFieldError, newTask } from './tasks.testkit.js';

let server: TestServer;
let team: Team;
let colleague: TestClient;
beforeAll(async () => {
  server = await startTestServer();
  team = await portalWithTeam(server);
  colleague = (await addUser(server, team.owner, { name: 'Carl Colleague' })).client;
});
afterAll(async () => {
  await server?.close();
});

async function comment(client: TestClient, taskId: string, body: string) {
  const res = await client.post(`/api/tasks/${taskId}/comments`, { body });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string };
}

describe('task comments (TSK-1)', () => {
  it('adds comments and lists them oldest first with their authors; the task counts them', async () => {
    const task = await newTask(team.owner);
    const first = await comment(team.member, task.id, ' First! ');
    server.clock.advance(1000, team.portal.id);
    await comment(team.owner, task.id, 'Second');
    const res = await team.admin.get(`/api/tasks/${task.id}/comments`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: { body: string }) => c.body)).toEqual(['First!', 'Second']);
    expect(res.body.items[0]).toMatchObject({ id: first.id, taskId: task.id, author: { id: team.memberUser.id, name: 'Mia Member' } });
    expect((await team.owner.get(`/api/tasks/${task.id}`)).body.commentCount).toBe(2);
  });

  it('refuses an empty comment naming body', async () => {
    const task = await newTask(team.owner);
    expectFieldError(await team.owner.post(`/api/tasks/${task.id}/comments`, { body: '   ' }), 'VALIDATION_FAILED', 'body');
  });

  it('lets the author edit and delete their comment', async () => {
    const task = await newTask(team.owner);
    const c = await comment(team.member, task.id, 'Typo');
    server.clock.advance(1000, team.portal.id);
    const edited = await team.member.patch(`/api/tasks/${task.id}/comments/${c.id}`, { body: 'Fixed' });
    expect(edited.status).toBe(200);
    expect(edited.body.body).toBe('Fixed');
    expect(edited.body.updatedAt > edited.body.createdAt).toBe(true);
    expect((await team.member.delete(`/api/tasks/${task.id}/comments/${c.id}`)).status).toBe(204);
    expect((await team.member.get(`/api/tasks/${task.id}/comments`)).body.items).toEqual([]);
  });

  it("refuses another member's edit or delete with 403 FORBIDDEN naming the admins", async () => {
    const task = await newTask(team.owner);
    const c = await comment(team.member, task.id, 'Mine');
    for (const res of [
      await colleague.patch(`/api/tasks/${task.id}/comments/${c.id}`, { body: 'Hijacked' }),
      await colleague.delete(`/api/tasks/${task.id}/comments/${c.id}`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect(res.body.error.message).toContain('author or an admin');
      expect(res.body.error.details.admins.map((a: { name: string }) => a.name).sort()).toEqual(['Adam Admin', 'Olivia Owner']);
    }
    expect((await team.member.get(`/api/tasks/${task.id}/comments`)).body.items[0].body).toBe('Mine');
  });

  it("lets an admin and the owner edit and delete anyone's comment; deletes are audited", async () => {
    const task = await newTask(team.owner);
    const c = await comment(team.member, task.id, 'Rude words');
    expect((await team.admin.patch(`/api/tasks/${task.id}/comments/${c.id}`, { body: '[removed]' })).body.body).toBe('[removed]');
    expect((await team.owner.delete(`/api/tasks/${task.id}/comments/${c.id}`)).status).toBe(204);
    const audit = await team.owner.get('/api/audit?action=tasks.comment_deleted');
    expect(audit.body.items.find((e: { targetId: string }) => e.targetId === c.id)).toMatchObject({
      actor: { id: team.ownerUser.id },
      details: { taskId: task.id, authorId: team.memberUser.id },
    });
  });

  it('answers 404 for a missing task, a missing comment, or a comment of another task', async () => {
    const task = await newTask(team.owner);
    const elsewhere = await newTask(team.owner);
    const c = await comment(team.owner, task.id, 'Here');
    expect((await team.owner.get('/api/tasks/nope/comments')).status).toBe(404);
    expect((await team.owner.post('/api/tasks/nope/comments', { body: 'x' })).status).toBe(404);
    expect((await team.owner.patch(`/api/tasks/${task.id}/comments/nope`, { body: 'x' })).status).toBe(404);
    expect((await team.owner.patch(`/api/tasks/${elsewhere.id}/comments/${c.id}`, { body: 'x' })).status).toBe(404);
    expect((await team.owner.delete(`/api/tasks/${elsewhere.id}/comments/${c.id}`)).status).toBe(404);
  });
});
