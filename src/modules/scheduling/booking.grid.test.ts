import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import type { TestClient } from '../../test/client.js';
import type { Team } from '../../test/factories.js';
import { setHours, startSchedulingServer, teamWithPeople, upgrade } from './scheduling.testkit.js';

/**
 * The slot grid follows the guest's wall clock (issue 16 item 6): a host in
 * Kathmandu (UTC+05:45) works 09:00–17:00 there, which is 03:15–11:15 UTC, but a
 * guest in Berlin or St. John's sees starts on their own hour and half hour.
 */

let server: TestServer;
let team: Team;
let anna: Awaited<ReturnType<typeof teamWithPeople>>['anna'];
let bob: Awaited<ReturnType<typeof teamWithPeople>>['bob'];
let guest: TestClient;
const everyDay = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '09:00', end: '17:00' }));

beforeAll(async () => {
  server = await startSchedulingServer();
  ({ team, anna, bob } = await teamWithPeople(server));
  await setHours(anna.client, 'Asia/Kathmandu', everyDay);
  await setHours(bob.client, 'Asia/Kolkata', everyDay);
  guest = server.client();
  const page = { durationMinutes: 30, minimumNoticeMinutes: 0 };
  for (const p of [
    { slug: 'nepal', title: 'Nepal call', ...page },
    { slug: 'nepal-hourly', title: 'Nepal hourly', slotStepMinutes: 60, ...page },
  ])
    expect((await anna.client.post('/api/booking-pages', p)).status).toBe(201);
  await upgrade(team.owner);
  for (const p of [
    { slug: 'rr', title: 'Round robin', mode: 'round_robin', slotStepMinutes: 60, hostIds: [anna.user.id, bob.user.id], ...page },
    { slug: 'both', title: 'Both of us', mode: 'collective', hostIds: [anna.user.id, bob.user.id], ...page },
  ]) {
    const res = await team.owner.post('/api/booking-pages', p);
    expect(res.status, res.text).toBe(201);
  }
});
afterAll(async () => {
  await server?.close();
});

const pub = (slug: string) => `/api/public/${team.portal.slug}/booking/${slug}`;
const day = (date: string) => `from=${date}T00:00:00Z&to=${date}T23:59:00Z`;

async function slots(path: string, query: string) {
  const res = await guest.get(`${path}?${query}`);
  expect(res.status, res.text).toBe(200);
  return { zone: res.body.timeZone as string, starts: res.body.slots.map((s: { start: string }) => s.start) as string[] };
}

/** "HH:MM" on the wall clock of `zone`. */
const wall = (iso: string, zone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
const utc = (date: string, times: string[]) => times.map((t) => `${date}T${t}:00.000Z`);

describe('slot grid in the guest’s zone', () => {
  it('gives a Berlin guest :00 and :30 starts from a host in Kathmandu (+05:45); without a zone, the host’s grid', async () => {
    const berlin = await slots(`${pub('nepal')}/slots`, `${day('2031-03-05')}&timeZone=Europe/Berlin`);
    expect(berlin.zone).toBe('Europe/Berlin');
    // 03:15–11:15 UTC is 04:15–12:15 in Berlin: 04:30 … 11:30 Berlin.
    expect(berlin.starts.map((s) => wall(s, 'Europe/Berlin'))).toEqual([
      '04:30',
      '05:00',
      '05:30',
      '06:00',
      '06:30',
      '07:00',
      '07:30',
      '08:00',
      '08:30',
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
    ]);
    const host = await slots(`${pub('nepal')}/slots`, day('2031-03-05'));
    expect(host.zone).toBe('Asia/Kathmandu');
    expect(host.starts[0]).toBe('2031-03-05T03:15:00.000Z');
    expect(host.starts.every((s) => /:(00|30)$/.test(wall(s, 'Asia/Kathmandu')))).toBe(true);
  });

  it('counts the page’s step from the guest’s midnight: hourly starts for St. John’s (−03:30) fall on :30 UTC', async () => {
    const stJohns = await slots(`${pub('nepal-hourly')}/slots`, `${day('2031-03-05')}&timeZone=America/St_Johns`);
    expect(stJohns.starts).toEqual(utc('2031-03-05', ['03:30', '04:30', '05:30', '06:30', '07:30', '08:30', '09:30', '10:30']));
    expect(stJohns.starts.map((s) => wall(s, 'America/St_Johns'))).toEqual(['00:00', '01:00', '02:00', '03:00', '04:00', '05:00', '06:00', '07:00']);
    const berlin = await slots(`${pub('nepal-hourly')}/slots`, `${day('2031-03-05')}&timeZone=Europe/Berlin`);
    expect(berlin.starts).toEqual(utc('2031-03-05', ['04:00', '05:00', '06:00', '07:00', '08:00', '09:00', '10:00']));
  });

  it('stays on the guest’s hour across their DST change (St. John’s springs forward on 9 March 2031 at 02:00)', async () => {
    const sunday = await slots(`${pub('nepal-hourly')}/slots`, `${day('2031-03-09')}&timeZone=America/St_Johns`);
    // 03:15–11:15 UTC; 02:00 NST (05:30 UTC) becomes 03:00 NDT: 02:00 does not exist that day.
    expect(sunday.starts.map((s) => wall(s, 'America/St_Johns'))).toEqual(['00:00', '01:00', '03:00', '04:00', '05:00', '06:00', '07:00', '08:00']);
    expect(sunday.starts).toEqual(utc('2031-03-09', ['03:30', '04:30', '05:30', '06:30', '07:30', '08:30', '09:30', '10:30']));
  });

  it('aligns round-robin and collective pages to the guest too', async () => {
    // Anna (Kathmandu) 03:15–11:15 UTC, Bob (Kolkata) 03:30–11:30 UTC; hourly for a Berlin guest: every whole Berlin hour either can take.
    const rr = await slots(`${pub('rr')}/slots`, `${day('2031-03-05')}&timeZone=Europe/Berlin`);
    expect(rr.starts).toEqual(utc('2031-03-05', ['04:00', '05:00', '06:00', '07:00', '08:00', '09:00', '10:00', '11:00']));
    const both = await slots(`${pub('both')}/slots`, `${day('2031-03-05')}&timeZone=Europe/Berlin`);
    expect(both.starts[0]).toBe('2031-03-05T03:30:00.000Z');
    expect(both.starts.at(-1)).toBe('2031-03-05T10:30:00.000Z');
    expect(both.starts.every((s) => /:(00|30)$/.test(wall(s, 'Europe/Berlin')))).toBe(true);
    const res = await guest.post(`${pub('rr')}/book`, { start: '2031-03-05T11:00:00Z', name: 'Rob', email: 'rob@guest.test', timeZone: 'Europe/Berlin' });
    expect(res.status, res.text).toBe(201);
    expect(res.body.hosts).toEqual([{ name: 'Bob Stone' }]); // only Bob works until 11:30 UTC
  });

  it('books a start on the guest’s grid, and refuses one off it (409)', async () => {
    const who = { name: 'Greta', email: 'greta@guest.test' };
    const off = await guest.post(`${pub('nepal')}/book`, { start: '2031-03-06T03:15:00Z', ...who, timeZone: 'Europe/Berlin' });
    expect(off.status).toBe(409);
    expect(off.body.error.code).toBe('SLOT_TAKEN');
    const ok = await guest.post(`${pub('nepal')}/book`, { start: '2031-03-06T04:00:00Z', ...who, timeZone: 'Europe/Berlin' });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body.guestTimeZone).toBe('Europe/Berlin');
  });

  it('reschedules on the guest’s grid: the zone the slots were asked in, else the zone they booked in', async () => {
    const made = await guest.post(`${pub('nepal-hourly')}/book`, {
      start: '2031-03-07T05:00:00Z',
      name: 'Nils',
      email: 'nils@guest.test',
      timeZone: 'Europe/Berlin',
    });
    expect(made.status, made.text).toBe(201);
    const token = made.body.manageUrl.split('/').at(-1);
    const options = await slots(`/api/public/bookings/${token}/slots`, `${day('2031-03-07')}&timeZone=America/St_Johns`);
    expect(options.starts).toContain('2031-03-07T06:30:00.000Z');
    expect(options.starts.every((s) => s.endsWith(':30:00.000Z'))).toBe(true);
    const moved = await guest.post(`/api/public/bookings/${token}/reschedule`, { start: '2031-03-07T06:30:00Z', timeZone: 'America/St_Johns' });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.start).toBe('2031-03-07T06:30:00.000Z');
    // No zone named: the Berlin grid the guest booked in, where 08:30 UTC is not a start but 08:00 is.
    expect((await guest.post(`/api/public/bookings/${token}/reschedule`, { start: '2031-03-07T08:30:00Z' })).status).toBe(409);
    const back = await guest.post(`/api/public/bookings/${token}/reschedule`, { start: '2031-03-07T08:00:00Z' });
    expect(back.status, back.text).toBe(200);
  });

  it('refuses a zone that is not an IANA name', async () => {
    const res = await guest.get(`${pub('nepal')}/slots?${day('2031-03-05')}&timeZone=Mars/Olympus`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const move = await guest.post(`/api/public/bookings/nonexistent-token-123/reschedule`, { start: '2031-03-07T08:00:00Z', timeZone: 'Mars/Olympus' });
    expect(move.status).toBe(400);
  });
});
