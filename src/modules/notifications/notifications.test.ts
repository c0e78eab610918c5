import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, signupPortal, type Team } from '../../test/factories.js';
import { exportEverything, readCsvFile, unzip, upload } from '../portability/portability.testkit.js';
import type { TestClient } from '../../test/client.js';
import { systemContext, type PortalContext } from '../../kernel/context.js';
import { notify, type NotificationDraft } from '../../kernel/notify.js';

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
// Tests share one team (signing up people is the slow part): each starts with empty inboxes and default settings.
beforeEach(async () => {
  await server.deps.db.deleteFrom('notifications').where('portal_id', '=', team.portal.id).execute();
  await server.deps.db.deleteFrom('notification_settings').where('portal_id', '=', team.portal.id).execute();
});

/** Notifies as a module would, in a transaction of its own, as the system or as a user. */
async function send(t: Team, drafts: NotificationDraft[], actorUserId?: string): Promise<void> {
  const base = systemContext(server.deps, t.portal.id);
  const ctx: PortalContext = actorUserId ? { ...base, actor: { type: 'user', userId: actorUserId, role: 'member' } } : base;
  await server.deps.db.transaction().execute((trx) => notify(ctx, trx, drafts));
}

const draft = (userId: string, title: string, extra: Partial<NotificationDraft> = {}): NotificationDraft => ({
  userId,
  kind: 'task.commented',
  title,
  body: `Body of ${title}`,
  url: '/app/tasks/x',
  ...extra,
});

const inbox = async (c: TestClient, query = '') => {
  const res = await c.get(`/api/notifications${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as {
    items: { id: string; kind: string; title: string; body: string; url: string; createdAt: string; readAt: string | null }[];
    nextCursor: string | null;
    unreadCount: number;
  };
};

describe('the inbox (PLT-10)', () => {
  it('lists a user’s notifications newest first, pages them, filters by unread and kind, and counts the unread', async () => {
    const t = team;
    for (let i = 1; i <= 5; i++) {
      await send(t, [draft(t.memberUser.id, `Comment ${i}`)]);
      server.clock.advance(1000, t.portal.id);
    }
    await send(t, [draft(t.memberUser.id, 'Assigned', { kind: 'task.assigned' })]);

    const first = await inbox(t.member, '?limit=4');
    expect(first.items.map((n) => n.title)).toEqual(['Assigned', 'Comment 5', 'Comment 4', 'Comment 3']);
    expect(first.items[0]).toEqual({
      id: expect.any(String),
      kind: 'task.assigned',
      title: 'Assigned',
      body: 'Body of Assigned',
      url: '/app/tasks/x',
      createdAt: expect.any(String),
      readAt: null,
    });
    expect(first.unreadCount).toBe(6);
    const second = await inbox(t.member, `?limit=4&cursor=${first.nextCursor}`);
    expect(second.items.map((n) => n.title)).toEqual(['Comment 2', 'Comment 1']);
    expect(second.nextCursor).toBeNull();

    expect((await inbox(t.member, '?kind=task.assigned')).items.map((n) => n.title)).toEqual(['Assigned']);

    const read = await t.member.post('/api/notifications/read', { ids: [first.items[1]!.id, first.items[2]!.id] });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ marked: 2, unreadCount: 4 });
    const unread = await inbox(t.member, '?unread=1');
    expect(unread.items.map((n) => n.title)).toEqual(['Assigned', 'Comment 3', 'Comment 2', 'Comment 1']);
    expect((await inbox(t.member)).items.find((n) => n.title === 'Comment 5')!.readAt).not.toBeNull();

    expect((await t.member.post('/api/notifications/read', { all: true })).body).toEqual({ marked: 4, unreadCount: 0 });
    expect((await inbox(t.member, '?unread=1')).items).toEqual([]);
    // Someone else's inbox is untouched.
    expect((await inbox(t.admin)).items).toEqual([]);
  });

  it('refuses a bad request with a stable code', async () => {
    expect((await team.member.post('/api/notifications/read', {})).body.error.code).toBe('VALIDATION_FAILED');
    expect((await team.member.get('/api/notifications?kind=nonsense')).status).toBe(400);
    expect((await team.member.get('/api/notifications?cursor=garbage')).body.error.code).toBe('VALIDATION_FAILED');
  });

  it('marks only the caller’s own notifications read: ids of others are ignored', async () => {
    await send(team, [draft(team.adminUser.id, 'For the admin')]);
    const adminItem = (await inbox(team.admin)).items.find((n) => n.title === 'For the admin')!;
    const res = await team.member.post('/api/notifications/read', { ids: [adminItem.id] });
    expect(res.status).toBe(200);
    expect(res.body.marked).toBe(0);
    expect((await inbox(team.admin)).items.find((n) => n.id === adminItem.id)!.readAt).toBeNull();
    // Another portal's user cannot mark it either, nor see it.
    expect((await other.admin.post('/api/notifications/read', { ids: [adminItem.id] })).body.marked).toBe(0);
    expect((await inbox(other.admin)).items.some((n) => n.id === adminItem.id)).toBe(false);
    expect((await inbox(team.admin)).items.find((n) => n.id === adminItem.id)!.readAt).toBeNull();
  });

  it('needs a signed-in user', async () => {
    expect((await server.client().get('/api/notifications')).status).toBe(401);
  });
});

describe('who is notified', () => {
  it('never tells people about their own action, nor users of another portal or deactivated ones', async () => {
    const t = await portalWithTeam(server);
    await send(t, [draft(t.memberUser.id, 'By myself'), draft(t.adminUser.id, 'To the admin')], t.memberUser.id);
    expect((await inbox(t.member)).items).toEqual([]);
    expect((await inbox(t.admin)).items.map((n) => n.title)).toEqual(['To the admin']);

    // A user id of another portal is nobody here.
    await send(t, [draft(other.memberUser.id, 'Across portals')]);
    expect((await inbox(other.member)).items.some((n) => n.title === 'Across portals')).toBe(false);

    expect((await t.owner.post(`/api/users/${t.memberUser.id}/deactivate`)).status).toBeLessThan(300);
    await send(t, [draft(t.memberUser.id, 'To a deactivated user')]);
    const rows = await server.deps.db.selectFrom('notifications').select('title').where('user_id', '=', t.memberUser.id).execute();
    expect(rows).toEqual([]);
  });

  it('notifies exactly once per dedupe key, however often the cause runs', async () => {
    const t = team;
    const d = draft(t.memberUser.id, 'Reminder', { kind: 'event.reminder', dedupeKey: 'event.reminder:e1:2026-01-01T09:00:00Z:10' });
    await send(t, [d]);
    await send(t, [d, d]);
    await Promise.all([send(t, [d]), send(t, [d])]);
    const list = await inbox(t.member);
    expect(list.items.map((n) => n.title)).toEqual(['Reminder']);
    expect(list.unreadCount).toBe(1);
    // Another recipient with the same key gets theirs.
    await send(t, [{ ...d, userId: t.adminUser.id }]);
    expect((await inbox(t.admin)).items.map((n) => n.title)).toEqual(['Reminder']);
  });

  it('tells only admins and owners about billing, and hides it again from someone no longer admin', async () => {
    const t = await portalWithTeam(server);
    const bill = (userId: string) =>
      draft(userId, 'Payment failed', { kind: 'billing', subject: { entity: 'invoice', id: 'inv-1' }, url: '/app/settings/billing' });
    await send(t, [bill(t.memberUser.id), bill(t.adminUser.id), bill(t.ownerUser.id)]);
    expect((await inbox(t.member)).items).toEqual([]);
    expect((await inbox(t.owner)).items.map((n) => n.title)).toEqual(['Payment failed']);
    expect((await inbox(t.admin)).unreadCount).toBe(1);

    expect((await t.owner.patch(`/api/users/${t.adminUser.id}`, { role: 'member' })).status).toBe(200);
    const after = await inbox(t.admin);
    expect(after.items).toEqual([]);
    expect(after.unreadCount).toBe(0);
  });

  it('tells about an event only those who see its calendar, and only while they do', async () => {
    const t = team;
    const personal = await t.owner.post('/api/calendars', { name: 'Olivia private', kind: 'personal' });
    const shared = await t.owner.post('/api/calendars', { name: 'Team', kind: 'shared' });
    expect(shared.status).toBe(201);
    const about = (calendarId: string, title: string, userId: string) =>
      draft(userId, title, { kind: 'event.invited', subject: { entity: 'event', id: `ev-${title}`, calendarId }, url: '/app/calendar' });
    await send(t, [about(personal.body.id, 'Private meeting', t.memberUser.id), about(shared.body.id, 'Team meeting', t.memberUser.id)]);
    expect((await inbox(t.member)).items.map((n) => n.title)).toEqual(['Team meeting']);

    // The calendar goes: the notification about its event goes from the inbox and the count.
    expect((await t.owner.delete(`/api/calendars/${shared.body.id}`)).status).toBe(204);
    const after = await inbox(t.member);
    expect(after.items).toEqual([]);
    expect(after.unreadCount).toBe(0);
  });
});

describe('settings per kind', () => {
  it('starts from the defaults, changes only the kinds given, and refuses an unknown kind', async () => {
    const t = team;
    const initial = await t.member.get('/api/me/notification-settings');
    expect(initial.status).toBe(200);
    expect(initial.body.kinds['task.assigned']).toEqual({ inApp: true, email: 'instant' });
    expect(initial.body.kinds['task.commented']).toEqual({ inApp: true, email: 'daily' });
    expect(Object.keys(initial.body.kinds)).toHaveLength(14);

    const put = await t.member.put('/api/me/notification-settings', { kinds: { 'task.commented': { inApp: false, email: 'off' } } });
    expect(put.status).toBe(200);
    expect(put.body.kinds['task.commented']).toEqual({ inApp: false, email: 'off' });
    expect(put.body.kinds['task.assigned']).toEqual({ inApp: true, email: 'instant' });
    const again = await t.member.put('/api/me/notification-settings', { kinds: { mention: { inApp: true, email: 'daily' } } });
    expect(again.body.kinds['task.commented']).toEqual({ inApp: false, email: 'off' });
    expect((await t.member.get('/api/me/notification-settings')).body.kinds.mention).toEqual({ inApp: true, email: 'daily' });
    // Another user keeps the defaults.
    expect((await t.admin.get('/api/me/notification-settings')).body.kinds['task.commented']).toEqual({ inApp: true, email: 'daily' });

    const unknown = await t.member.put('/api/me/notification-settings', { kinds: { 'task.exploded': { inApp: true, email: 'off' } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('VALIDATION_FAILED');
    const badChoice = await t.member.put('/api/me/notification-settings', { kinds: { mention: { inApp: true, email: 'hourly' } } });
    expect(badChoice.status).toBe(400);

    // A kind turned off in the app is not in the inbox.
    await send(t, [draft(t.memberUser.id, 'Silenced comment'), draft(t.memberUser.id, 'Assigned', { kind: 'task.assigned' })]);
    expect((await inbox(t.member)).items.map((n) => n.title)).toEqual(['Assigned']);
  });
});

describe('assignments told from record events', () => {
  it('tells the assignee of a new task and the new assignee when it changes, never the one who assigns themself', async () => {
    const t = team;
    const task = await t.admin.post('/api/tasks', { title: 'Print the flyers', assigneeId: t.memberUser.id });
    expect(task.status).toBe(201);
    const [n] = (await inbox(t.member)).items;
    expect(n).toMatchObject({ kind: 'task.assigned', title: 'Adam Admin assigned you the task "Print the flyers"', url: `/app/tasks/${task.body.id}` });

    expect((await t.member.patch(`/api/tasks/${task.body.id}`, { assigneeId: t.ownerUser.id })).status).toBe(200);
    expect((await inbox(t.owner)).items.map((x) => x.title)).toEqual(['Mia Member assigned you the task "Print the flyers"']);
    // An edit that leaves the assignee alone tells nobody again.
    await t.member.patch(`/api/tasks/${task.body.id}`, { title: 'Print the new flyers' });
    expect((await inbox(t.owner)).items).toHaveLength(1);
    // Taking a task oneself tells nobody.
    await t.admin.patch(`/api/tasks/${task.body.id}`, { assigneeId: t.adminUser.id });
    expect((await inbox(t.admin)).items).toEqual([]);
  });

  it('tells a deal’s new owner, with a link to the deal', async () => {
    const t = team;
    const deal = await t.admin.post('/api/crm/deals', { title: 'Big printer order', amount: 120000 });
    expect(deal.status, JSON.stringify(deal.body)).toBe(201);
    expect((await inbox(t.member)).items).toEqual([]);
    expect((await t.admin.patch(`/api/crm/deals/${deal.body.id}`, { ownerId: t.memberUser.id })).status).toBe(200);
    const [n] = (await inbox(t.member)).items;
    expect(n).toMatchObject({ kind: 'record.assigned', title: 'Adam Admin assigned you the deal "Big printer order"', url: `/app/crm/deals/${deal.body.id}` });

    const contact = await t.owner.post('/api/crm/contacts', { firstName: 'Ada', lastName: 'Lovelace', ownerId: t.memberUser.id });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    expect((await inbox(t.member)).items[0]).toMatchObject({
      title: 'Olivia Owner assigned you the contact "Ada Lovelace"',
      url: `/app/crm/contacts/${contact.body.id}`,
    });
  });
});

describe('export and import (POR)', () => {
  it('exports each user’s settings and imports them for the same person; notifications stay out', async () => {
    await team.member.put('/api/me/notification-settings', { kinds: { mention: { inApp: false, email: 'daily' } } });
    await send(team, [draft(team.memberUser.id, 'Not exported')]);
    const { zip } = await exportEverything(server, team.owner);
    const entries = await unzip(zip);
    expect([...entries.keys()].some((k) => k.startsWith('notifications'))).toBe(false);
    const rows = readCsvFile(entries, 'notification_settings.csv');
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.kinds!)).toEqual({ mention: { inApp: false, email: 'daily' } });

    const target = await signupPortal(server, { email: team.ownerUser.email });
    const started = await upload(target.client, '/api/imports', 'export.zip', zip);
    expect(started.status, started.text).toBe(201);
    await server.runJobs();
    expect((await target.client.get(`/api/imports/${started.body.id}`)).body.status).toBe('done');
    const users = (await target.client.get('/api/users')).body.items as { id: string; email: string }[];
    const member = users.find((u) => u.email === team.memberUser.email)!;
    const saved = await server.deps.db
      .selectFrom('notification_settings')
      .select('kinds')
      .where('portal_id', '=', target.portal.id)
      .where('user_id', '=', member.id)
      .executeTakeFirst();
    expect(JSON.parse(saved!.kinds)).toEqual({ mention: { inApp: false, email: 'daily' } });
  });
});
