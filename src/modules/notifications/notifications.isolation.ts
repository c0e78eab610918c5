import { expect } from 'vitest';
import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';

/** Cross-portal probes for every notifications route (walked by src/test/isolation.test.ts). */
export function notificationsIsolation(f: IsolationFixture): IsolationModule {
  const { a, b } = f;
  let aNotification = '';

  const aStillUnread = async () => {
    const res = await a.member.get('/api/notifications');
    expect(res.body.items.find((n: { id: string }) => n.id === aNotification)?.readAt).toBeNull();
  };

  return {
    async setup() {
      const task = await a.owner.post('/api/tasks', { title: 'A secret errand', assigneeId: a.memberUser.id });
      expect(task.status, task.text).toBe(201);
      const inbox = await a.member.get('/api/notifications?kind=task.assigned');
      aNotification = inbox.body.items.find((n: { url: string }) => n.url.endsWith(task.body.id)).id;
      await a.member.put('/api/me/notification-settings', { kinds: { mention: { inApp: false, email: 'off' } } });
      f.mark(aNotification, task.body.id, 'A secret');
    },
    probes: {
      'GET /api/notifications': async () => {
        for (const c of [b.owner, b.admin, b.member]) {
          const res = await c.get('/api/notifications?limit=200');
          expect(res.status).toBe(200);
          expect(res.body.items.some((n: { id: string }) => n.id === aNotification)).toBe(false);
          f.expectNoLeak(res);
        }
      },
      'POST /api/notifications/read': async () => {
        const res = await b.owner.post('/api/notifications/read', { ids: [aNotification] });
        expect(res.status).toBe(200);
        expect(res.body.marked).toBe(0);
        f.expectNoLeak(res);
        await b.member.post('/api/notifications/read', { all: true });
        await aStillUnread();
      },
      'GET /api/me/notification-settings': async () => {
        const res = await b.member.get('/api/me/notification-settings');
        expect(res.body.kinds.mention).toEqual({ inApp: true, email: 'instant' });
        f.expectNoLeak(res);
      },
      'PUT /api/me/notification-settings': async () => {
        const res = await b.member.put('/api/me/notification-settings', { kinds: { mention: { inApp: true, email: 'daily' } } });
        expect(res.status).toBe(200);
        expect((await a.member.get('/api/me/notification-settings')).body.kinds.mention).toEqual({ inApp: false, email: 'off' });
      },
    },
  };
}
