import { expect } from 'vitest';
import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';
import type { TestResponse } from '../../test/client.js';

/** Cross-portal probes for every tasks route (walked by src/test/isolation.test.ts). */
export function tasksIsolation(f: IsolationFixture): IsolationModule {
  const { a, b } = f;
  const ids = { project: '', task: '', subtask: '', comment: '', contact: '' };
  let bTask = '';
  let bProject = '';

  const ok = async <T>(p: Promise<{ status: number; body: T; text: string }>, status = 201) => {
    const res = await p;
    expect(res.status, res.text).toBe(status);
    return res.body as any;
  };
  const expectInvalidReference = (res: TestResponse, path: string) => {
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.code).toBe('INVALID_REFERENCE');
    expect(res.body.error.details.fields[0].path).toBe(path);
    f.expectNoLeak(res);
  };
  const aTaskUnchanged = async () => {
    const res = await a.owner.get(`/api/tasks/${ids.task}`);
    expect(res.body).toMatchObject({ title: 'A secret task', status: 'todo', commentCount: 1, subtaskCount: 1 });
  };

  return {
    async setup() {
      const project = await ok(a.owner.post('/api/projects', { name: 'A secret project' }));
      const contact = await ok(a.owner.post('/api/crm/contacts', { firstName: 'Secret', lastName: 'Contact' }));
      const links = [{ type: 'contact', id: contact.id }];
      const task = await ok(a.owner.post('/api/tasks', { title: 'A secret task', projectId: project.id, assigneeId: a.memberUser.id, links }));
      const subtask = await ok(a.owner.post('/api/tasks', { title: 'A secret subtask', parentId: task.id }));
      const comment = await ok(a.member.post(`/api/tasks/${task.id}/comments`, { body: 'A secret comment' }));
      Object.assign(ids, { project: project.id, task: task.id, subtask: subtask.id, comment: comment.id, contact: contact.id });
      f.mark(project.id, task.id, subtask.id, comment.id, contact.id, 'A secret');
      bProject = (await ok(b.owner.post('/api/projects', { name: 'B project' }))).id;
      bTask = (await ok(b.owner.post('/api/tasks', { title: 'B task' }))).id;
    },
    probes: {
      'POST /api/projects': async () => {
        const res = await b.owner.post('/api/projects', { name: 'B made this' });
        expect(res.status).toBe(201);
        f.expectNoLeak(res);
        const listA = await a.owner.get('/api/projects?limit=200');
        expect(listA.body.items.map((p: { id: string }) => p.id)).not.toContain(res.body.id);
      },
      'GET /api/projects': async () => {
        const res = await b.owner.get('/api/projects?limit=200&q=secret');
        expect(res.status).toBe(200);
        expect(res.body.items).toEqual([]);
        f.expectNoLeak(await b.owner.get('/api/projects?limit=200'));
      },
      'GET /api/projects/:id': async () => f.expectNotFound(await b.owner.get(`/api/projects/${ids.project}`)),
      'PATCH /api/projects/:id': async () => {
        f.expectNotFound(await b.owner.patch(`/api/projects/${ids.project}`, { name: 'Taken over', status: 'archived' }));
        expect((await a.owner.get(`/api/projects/${ids.project}`)).body).toMatchObject({ name: 'A secret project', status: 'active' });
      },
      'DELETE /api/projects/:id': async () => {
        f.expectNotFound(await b.owner.delete(`/api/projects/${ids.project}?deleteTasks=true`));
        // B cannot pull A's tasks into its own project, nor push its tasks into A's.
        expectInvalidReference(await b.owner.delete(`/api/projects/${bProject}?moveTasksTo=${ids.project}`), 'moveTasksTo');
        expect((await a.owner.get(`/api/projects/${ids.project}`)).body.taskCount).toBe(1);
        await aTaskUnchanged();
      },
      'POST /api/tasks': async () => {
        expectInvalidReference(await b.owner.post('/api/tasks', { title: 'x', projectId: ids.project }), 'projectId');
        expectInvalidReference(await b.owner.post('/api/tasks', { title: 'x', parentId: ids.task }), 'parentId');
        expectInvalidReference(await b.owner.post('/api/tasks', { title: 'x', assigneeId: a.memberUser.id }), 'assigneeId');
        expectInvalidReference(await b.owner.post('/api/tasks', { title: 'x', links: [{ type: 'contact', id: ids.contact }] }), 'links.0.id');
        const res = await b.owner.post('/api/tasks', { title: 'B second task' });
        expect(res.status).toBe(201);
        f.expectNoLeak(res);
        await aTaskUnchanged();
      },
      'GET /api/tasks': async () => {
        for (const query of [
          '',
          '&q=secret',
          `&projectId=${ids.project}`,
          `&parentId=${ids.task}`,
          `&assigneeId=${a.memberUser.id}`,
          `&linkId=${ids.contact}`,
        ]) {
          const res = await b.owner.get(`/api/tasks?limit=200${query}`);
          expect(res.status).toBe(200);
          if (query) expect(res.body.items).toEqual([]);
          f.expectNoLeak(res);
        }
      },
      'GET /api/tasks/:id': async () => f.expectNotFound(await b.owner.get(`/api/tasks/${ids.task}`)),
      'PATCH /api/tasks/:id': async () => {
        f.expectNotFound(await b.owner.patch(`/api/tasks/${ids.task}`, { title: 'Taken over', status: 'done' }));
        // Nor can B hang its own task under A's, or into A's project.
        expectInvalidReference(await b.owner.patch(`/api/tasks/${bTask}`, { parentId: ids.task }), 'parentId');
        expectInvalidReference(await b.owner.patch(`/api/tasks/${bTask}`, { projectId: ids.project }), 'projectId');
        await aTaskUnchanged();
      },
      'DELETE /api/tasks/:id': async () => {
        f.expectNotFound(await b.owner.delete(`/api/tasks/${ids.task}?deleteSubtasks=true`));
        f.expectNotFound(await b.owner.delete(`/api/tasks/${ids.subtask}`));
        await aTaskUnchanged();
      },
      'GET /api/tasks/:id/comments': async () => f.expectNotFound(await b.owner.get(`/api/tasks/${ids.task}/comments`)),
      'POST /api/tasks/:id/comments': async () => {
        f.expectNotFound(await b.owner.post(`/api/tasks/${ids.task}/comments`, { body: 'B was here' }));
        await aTaskUnchanged();
      },
      'PATCH /api/tasks/:id/comments/:commentId': async () => {
        f.expectNotFound(await b.owner.patch(`/api/tasks/${ids.task}/comments/${ids.comment}`, { body: 'B was here' }));
        f.expectNotFound(await b.owner.patch(`/api/tasks/${bTask}/comments/${ids.comment}`, { body: 'B was here' }));
        expect((await a.owner.get(`/api/tasks/${ids.task}/comments`)).body.items[0].body).toBe('A secret comment');
      },
      'DELETE /api/tasks/:id/comments/:commentId': async () => {
        f.expectNotFound(await b.owner.delete(`/api/tasks/${ids.task}/comments/${ids.comment}`));
        f.expectNotFound(await b.owner.delete(`/api/tasks/${bTask}/comments/${ids.comment}`));
        await aTaskUnchanged();
      },
    },
  };
}
