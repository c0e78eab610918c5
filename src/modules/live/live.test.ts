import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { addUser, portalWithTeam, signupPortal, type Team } from '../../test/factories.js';
import { systemContext } from '../../kernel/context.js';
import { publishLive } from '../../kernel/live.js';
import { openStream, type SseMessage } from './live.testkit.js';

let server: TestServer & { pgSchema?: string };
let team: Team;

beforeAll(async () => {
  // A short heartbeat: a signed-out or deactivated user's stream ends within a fraction of a second.
  server = await startTestServer({ env: { LIVE_HEARTBEAT_MS: '200' } });
  team = await portalWithTeam(server);
});
afterAll(async () => server?.close());

const isChange = (entity: string, id: string, action?: string) => (e: SseMessage) =>
  e.event === 'change' && e.data.entity === entity && e.data.id === id && (!action || e.data.action === action);
const event = (calendarId: string, title: string) => ({ calendarId, title, start: '2027-03-09T09:00', end: '2027-03-09T10:00', timeZone: 'Europe/Berlin' });

async function contact(client: Team['owner'], firstName: string): Promise<string> {
  const res = await client.post('/api/crm/contacts', { firstName, lastName: 'Live' });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe('live stream (PLT-11)', () => {
  it('tells a colleague of a change within 2 s, event by event through compression and the security headers', async () => {
    const stream = await openStream(team.member);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.headers.get('content-encoding')).toBeNull();
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
    expect(stream.headers.get('content-security-policy')).toContain("default-src 'self'");
    const ready = await stream.next((e) => e.event === 'ready');
    expect(Number(ready.id)).toBeGreaterThanOrEqual(0);

    const startedAt = Date.now();
    const id = await contact(team.owner, 'Carla');
    const created = await stream.next(isChange('contact', id));
    expect(Date.now() - startedAt).toBeLessThan(2000);
    expect(created.data).toEqual({ entity: 'contact', id, action: 'created' });
    expect(Number(created.id)).toBeGreaterThan(Number(ready.id));

    const deal = await team.owner.post('/api/crm/deals', { title: 'Live deal', amount: 1000, currency: 'EUR' });
    await stream.next(isChange('deal', deal.body.id, 'created'));
    expect((await team.owner.patch(`/api/crm/deals/${deal.body.id}`, { title: 'Live deal, renamed' })).status).toBe(200);
    await stream.next(isChange('deal', deal.body.id, 'updated'));
    expect((await team.owner.delete(`/api/crm/deals/${deal.body.id}`)).status).toBe(204);
    await stream.next(isChange('deal', deal.body.id, 'deleted'));
    stream.close();
  });

  it('tells of projects and tasks: created, moved on the board, deleted', async () => {
    const stream = await openStream(team.member);
    await stream.next((e) => e.event === 'ready');
    const project = await team.owner.post('/api/projects', { name: 'Launch' });
    expect(project.status).toBe(201);
    await stream.next(isChange('project', project.body.id, 'created'));
    const task = await team.owner.post('/api/tasks', { title: 'Write copy', projectId: project.body.id });
    expect(task.status).toBe(201);
    await stream.next(isChange('task', task.body.id, 'created'));
    // Only its place on the board: no record event, still a change for everyone's board.
    expect((await team.owner.patch(`/api/tasks/${task.body.id}`, { position: 12345 })).status).toBe(200);
    await stream.next(isChange('task', task.body.id, 'updated'));
    expect((await team.owner.delete(`/api/tasks/${task.body.id}`)).status).toBe(204);
    await stream.next(isChange('task', task.body.id, 'deleted'));
    stream.close();
  });

  it("never sends a change to another portal's users", async () => {
    const other = await signupPortal(server);
    const stream = await openStream(other.client);
    await stream.next((e) => e.event === 'ready');
    const secret = await contact(team.owner, 'Secret');
    const theirs = await contact(other.client, 'Theirs');
    // Events arrive in order: their own change comes, the other portal's never came before it.
    await stream.next(isChange('contact', theirs));
    expect(stream.events.some((e) => e.data.id === secret)).toBe(false);
    stream.close();
  });

  it("sends a personal calendar's event changes to its owner only, a shared calendar's to everyone", async () => {
    const memberStream = await openStream(team.member);
    const adminStream = await openStream(team.admin);
    await Promise.all([memberStream.next((e) => e.event === 'ready'), adminStream.next((e) => e.event === 'ready')]);
    const personal = await team.admin.post('/api/calendars', { name: 'Private', kind: 'personal' });
    const shared = await team.admin.post('/api/calendars', { name: 'Team', kind: 'shared' });
    const hidden = await team.admin.post('/api/events', event(personal.body.id, 'Doctor'));
    const open = await team.admin.post('/api/events', event(shared.body.id, 'Stand-up'));
    expect([hidden.status, open.status]).toEqual([201, 201]);

    expect((await adminStream.next(isChange('event', hidden.body.id, 'created'))).data.calendarId).toBe(personal.body.id);
    await adminStream.next(isChange('event', open.body.id, 'created'));
    await memberStream.next(isChange('event', open.body.id, 'created'));
    expect(memberStream.events.some((e) => e.data.id === hidden.body.id)).toBe(false);

    // Moved from the personal calendar to the shared one: now everyone is told; then deleted.
    expect((await team.admin.patch(`/api/events/${hidden.body.id}`, { calendarId: shared.body.id })).status).toBe(200);
    await memberStream.next(isChange('event', hidden.body.id, 'updated'));
    expect((await team.admin.delete(`/api/events/${hidden.body.id}`)).status).toBe(204);
    await memberStream.next(isChange('event', hidden.body.id, 'deleted'));
    memberStream.close();
    adminStream.close();
  });

  it('sends the changes of an event in a personal calendar to its user attendees too, and to no other colleague', async () => {
    const memberStream = await openStream(team.member);
    const ownerStream = await openStream(team.owner);
    await Promise.all([memberStream.next((e) => e.event === 'ready'), ownerStream.next((e) => e.event === 'ready')]);
    const personal = await team.admin.post('/api/calendars', { name: 'Private 1:1', kind: 'personal' });
    const meeting = await team.admin.post('/api/events', { ...event(personal.body.id, 'One to one'), attendees: [{ userId: team.memberUser.id }] });
    expect(meeting.status).toBe(201);
    await memberStream.next(isChange('event', meeting.body.id, 'created'));
    expect((await team.admin.patch(`/api/events/${meeting.body.id}`, { title: 'One to one (moved)' })).status).toBe(200);
    await memberStream.next(isChange('event', meeting.body.id, 'updated'));
    expect((await team.admin.delete(`/api/events/${meeting.body.id}`)).status).toBe(204);
    await memberStream.next(isChange('event', meeting.body.id, 'deleted'));
    // A colleague who is not invited: a later change arrives, this event's never did.
    const later = await contact(team.owner, 'After');
    await ownerStream.next(isChange('contact', later));
    expect(ownerStream.events.some((e) => e.data.id === meeting.body.id)).toBe(false);
    memberStream.close();
    ownerStream.close();
  });

  it('sends a notification to its user alone', async () => {
    const memberStream = await openStream(team.member);
    const ownerStream = await openStream(team.owner);
    await Promise.all([memberStream.next((e) => e.event === 'ready'), ownerStream.next((e) => e.event === 'ready')]);
    const notification = {
      id: 'n-1',
      kind: 'task.assigned',
      title: 'Call Carla',
      body: 'Olivia assigned you a task',
      url: '/app/tasks/t-1',
      createdAt: new Date().toISOString(),
      readAt: null,
    };
    const ctx = systemContext(server.deps, team.portal.id);
    await server.deps.db.transaction().execute((trx) => publishLive(ctx, trx, { type: 'notification', userId: team.memberUser.id, notification }));
    expect((await memberStream.next((e) => e.event === 'notification')).data).toEqual(notification);
    const marker = await contact(team.admin, 'Marker');
    await ownerStream.next(isChange('contact', marker));
    expect(ownerStream.events.some((e) => e.event === 'notification')).toBe(false);
    memberStream.close();
    ownerStream.close();
  });

  it('publishes nothing for a change that rolls back', async () => {
    const stream = await openStream(team.member);
    await stream.next((e) => e.event === 'ready');
    const ctx = systemContext(server.deps, team.portal.id);
    await expect(
      server.deps.db.transaction().execute(async (trx) => {
        await publishLive(ctx, trx, { type: 'change', change: { entity: 'contact', id: 'rolled-back', action: 'created' } });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const marker = await contact(team.owner, 'After');
    await stream.next(isChange('contact', marker));
    expect(stream.events.some((e) => e.data.id === 'rolled-back')).toBe(false);
    stream.close();
  });

  it('resumes after Last-Event-ID with exactly the missed events, and says reset when it cannot', async () => {
    const first = await openStream(team.member);
    const a = await contact(team.owner, 'Before');
    const last = await first.next(isChange('contact', a));
    first.close();

    const personal = await team.admin.post('/api/calendars', { name: 'Mine', kind: 'personal' });
    const missed1 = await contact(team.owner, 'Missed-1');
    await team.admin.post('/api/events', event(personal.body.id, 'Not for the member'));
    const missed2 = await contact(team.admin, 'Missed-2');

    const resumed = await openStream(team.member, { lastEventId: last.id! });
    const ready = await resumed.next((e) => e.event === 'ready');
    const before = resumed.events.slice(0, resumed.events.indexOf(ready));
    expect(before.map((e) => e.data.id)).toEqual([missed1, missed2]);
    expect(Number(before[0]!.id)).toBeGreaterThan(Number(last.id));
    const after = await contact(team.owner, 'After-resume');
    await resumed.next(isChange('contact', after));
    expect(resumed.events.filter((e) => e.data.id === missed1)).toHaveLength(1);
    resumed.close();

    const future = await openStream(team.member, { lastEventId: '999999999' });
    const reset = await future.next();
    expect(reset.event).toBe('reset');
    future.close();
  });

  it('ends the stream when the user signs out or is deactivated, and lets nobody open one without signing in', async () => {
    expect((await server.client().get('/api/stream')).status).toBe(401);

    const extra = await addUser(server, team.owner);
    const signedOut = await openStream(extra.client);
    await signedOut.next((e) => e.event === 'ready');
    expect((await extra.client.post('/api/auth/logout')).status).toBe(204);
    await signedOut.ended;

    const other = await addUser(server, team.owner);
    const deactivated = await openStream(other.client);
    await deactivated.next((e) => e.event === 'ready');
    expect((await team.owner.post(`/api/users/${other.user.id}/deactivate`)).status).toBe(200);
    await deactivated.ended;
  });

  it('works with an API token', async () => {
    const created = await team.member.post('/api/tokens', { name: 'live' });
    expect(created.status).toBe(201);
    const stream = await openStream(team.member.withToken(created.body.token));
    expect(stream.status).toBe(200);
    const id = await contact(team.owner, 'Token');
    await stream.next(isChange('contact', id));
    stream.close();
  });

  it.skipIf(!process.env.DATABASE_URL)('delivers a change made through one process to a stream held on another (PostgreSQL)', async () => {
    const second = await startTestServer({ reuse: { dataDir: server.dataDir, pgSchema: server.pgSchema }, keepData: true });
    try {
      const member = second.client();
      member.cookie = team.member.cookie;
      const stream = await openStream(member);
      await stream.next((e) => e.event === 'ready');
      const startedAt = Date.now();
      const id = await contact(team.owner, 'Across');
      await stream.next(isChange('contact', id));
      expect(Date.now() - startedAt).toBeLessThan(2000);
      stream.close();
    } finally {
      await second.close();
    }
  });
});
