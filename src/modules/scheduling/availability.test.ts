import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import type { Team } from '../../test/factories.js';
import { event, setHours, startSchedulingServer, teamWithPeople, weekdays } from './scheduling.testkit.js';

let server: TestServer;
let team: Team;
let anna: Awaited<ReturnType<typeof teamWithPeople>>['anna'];
beforeAll(async () => {
  server = await startSchedulingServer();
  ({ team, anna } = await teamWithPeople(server));
});
afterAll(async () => {
  await server?.close();
});

describe('availability (SCH-1)', () => {
  it('says Monday to Friday 09:00–17:00 applies until you save your own, in the zone you ask for', async () => {
    const res = await anna.client.get('/api/me/availability?timeZone=Europe/Berlin');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ isDefault: true, timeZone: 'Europe/Berlin', weekly: weekdays('09:00', '17:00'), overrides: [] });
    expect(res.body.note).toContain('Monday to Friday, 09:00–17:00');
  });

  it('saves a zone, weekly ranges and date overrides, and gives them back sorted', async () => {
    const body = {
      timeZone: 'america/new_york',
      weekly: [
        { day: 2, start: '13:00', end: '17:00' },
        { day: 2, start: '08:30', end: '12:00' },
        { day: 1, start: '09:00', end: '24:00' },
      ],
      overrides: [
        { date: '2031-03-12', ranges: [{ start: '10:00', end: '11:00' }] },
        { date: '2031-03-11', unavailable: true },
      ],
    };
    const res = await anna.client.put('/api/me/availability', body);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      isDefault: false,
      note: null,
      timeZone: 'America/New_York',
      weekly: [
        { day: 1, start: '09:00', end: '24:00' },
        { day: 2, start: '08:30', end: '12:00' },
        { day: 2, start: '13:00', end: '17:00' },
      ],
      overrides: [
        { date: '2031-03-11', ranges: [], unavailable: true },
        { date: '2031-03-12', ranges: [{ start: '10:00', end: '11:00' }], unavailable: false },
      ],
    });
    expect((await anna.client.get('/api/me/availability')).body.timeZone).toBe('America/New_York');
  });

  it.each([
    [{ timeZone: 'Mars/Olympus', weekly: [] }, 'timeZone'],
    [{ timeZone: 'UTC', weekly: [{ day: 8, start: '09:00', end: '10:00' }] }, 'weekly.0.day'],
    [{ timeZone: 'UTC', weekly: [{ day: 1, start: '9am', end: '10:00' }] }, 'weekly.0.start'],
    [{ timeZone: 'UTC', weekly: [{ day: 1, start: '10:00', end: '09:00' }] }, 'weekly.0.end'],
    [
      {
        timeZone: 'UTC',
        weekly: [
          { day: 1, start: '09:00', end: '12:00' },
          { day: 1, start: '11:00', end: '13:00' },
        ],
      },
      'weekly.1.start',
    ],
    [{ timeZone: 'UTC', weekly: [], overrides: [{ date: '2031-02-30', unavailable: true }] }, 'overrides.0.date'],
    [{ timeZone: 'UTC', weekly: [], overrides: [{ date: '2031-03-05' }] }, 'overrides.0.ranges'],
  ])('refuses %j naming %s', async (body, field) => {
    const res = await anna.client.put('/api/me/availability', body);
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.fields[0].path).toBe(field);
  });

  it('lets admins read a colleague’s working hours and busy times, but not what the events are', async () => {
    await setHours(anna.client, 'Europe/Berlin');
    await event(anna.client, { title: 'Secret salary talk', start: '2031-03-04T10:00', end: '2031-03-04T11:00', timeZone: 'Europe/Berlin' });
    const res = await team.admin.get(`/api/users/${anna.user.id}/free-busy?from=2031-03-04T00:00:00Z&to=2031-03-05T00:00:00Z`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      userId: anna.user.id,
      timeZone: 'Europe/Berlin',
      isDefaultHours: false,
      workingHours: [{ start: '2031-03-04T08:00:00.000Z', end: '2031-03-04T16:00:00.000Z' }],
      busy: [{ start: '2031-03-04T09:00:00.000Z', end: '2031-03-04T10:00:00.000Z' }],
    });
    expect(res.text).not.toContain('Secret');
  });

  it('refuses free/busy to members, and answers 404 for a user of another portal', async () => {
    const member = await team.member.get(`/api/users/${anna.user.id}/free-busy?from=2031-03-04T00:00:00Z&to=2031-03-05T00:00:00Z`);
    expect(member.status).toBe(403);
    const missing = await team.admin.get('/api/users/00000000-0000-0000-0000-000000000000/free-busy?from=2031-03-04T00:00:00Z&to=2031-03-05T00:00:00Z');
    expect(missing.status).toBe(404);
  });
});
