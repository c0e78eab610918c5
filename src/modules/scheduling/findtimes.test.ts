import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import { addUser, type Team } from '../../test/factories.js';
import { event, setHours, startSchedulingServer, teamWithPeople } from './scheduling.testkit.js';

let server: TestServer;
let team: Team;
let anna: Awaited<ReturnType<typeof teamWithPeople>>['anna'];
let bob: Awaited<ReturnType<typeof teamWithPeople>>['bob'];
beforeAll(async () => {
  server = await startSchedulingServer();
  ({ team, anna, bob } = await teamWithPeople(server));
  await setHours(anna.client, 'Europe/Berlin');
  await setHours(bob.client, 'America/New_York');
  // Bob's daily stand-up at 09:00 New York time, every weekday, for weeks.
  await event(bob.client, {
    title: 'Stand-up',
    start: '2031-03-03T09:00',
    end: '2031-03-03T10:00',
    timeZone: 'America/New_York',
    rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
  });
});
afterAll(async () => {
  await server?.close();
});

type Suggestion = {
  start: string;
  end: string;
  score: number;
  reasons: string[];
  localTimes: { name: string; start: string; timeZone: string }[];
  optionalAvailable: string[];
};
async function find(body: Record<string, unknown>) {
  const res = await team.owner.post('/api/scheduling/find-times', { durationMinutes: 30, limit: 50, ...body });
  expect(res.status, res.text).toBe(200);
  return res.body as { suggestions: Suggestion[]; considered: number; notes: string[] };
}
const utcTime = (iso: string) => iso.slice(11, 16);

describe('find a time (SCH-2)', () => {
  it('finds 30 minutes for Anna in Berlin and Bob in New York inside both working days and around Bob’s stand-up', async () => {
    // The week of 3 March: New York is UTC−5, Berlin UTC+1: common hours 14:00–16:00 UTC, stand-up 14:00–15:00 UTC.
    const r = await find({ attendeeIds: [anna.user.id, bob.user.id], from: '2031-03-03T00:00:00Z', to: '2031-03-08T00:00:00Z' });
    expect(r.suggestions.length).toBeGreaterThan(0);
    expect(r.considered).toBe(10);
    for (const s of r.suggestions) expect(['15:00', '15:30']).toContain(utcTime(s.start));
  });

  it('follows New York’s clock across its DST change: the stand-up moves to 13:00 UTC, the common hours to 13:00–16:00', async () => {
    const r = await find({ attendeeIds: [anna.user.id, bob.user.id], from: '2031-03-10T00:00:00Z', to: '2031-03-15T00:00:00Z' });
    const times = new Set(r.suggestions.map((s) => utcTime(s.start)));
    expect([...times].sort()).toEqual(['14:00', '14:30', '15:00', '15:30']);
    expect(r.considered).toBe(20);
  });

  it('never offers a time over an event, and ranks with reasons in words', async () => {
    await event(anna.client, { title: 'Dentist', start: '2031-03-11T15:00', end: '2031-03-11T16:00', timeZone: 'Europe/Berlin' });
    const r = await find({ attendeeIds: [anna.user.id, bob.user.id], from: '2031-03-10T00:00:00Z', to: '2031-03-15T00:00:00Z' });
    expect(r.suggestions.some((s) => s.start >= '2031-03-11T14:00' && s.start < '2031-03-11T15:00')).toBe(false);
    const scores = r.suggestions.map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const best = r.suggestions[0]!;
    expect(best.reasons.join(' | ')).toMatch(/for Anna \(Europe\/Berlin, .+\) and .+ for Bob \(America\/New_York, .+\)/);
    expect(best.localTimes.map((l) => l.timeZone)).toEqual(['Europe/Berlin', 'America/New_York']);
    expect(best.localTimes[0]!.start).toBe(utcTime(new Date(Date.parse(best.start) + 3_600_000).toISOString()));
  });

  it('prefers times when optional attendees can come, and says who can', async () => {
    const carol = await addUser(server, team.owner, { name: 'Carol Diaz' });
    await setHours(carol.client, 'America/New_York');
    // Common hours that Wednesday: 14:00–16:00 UTC; Carol is busy for the first of them.
    await event(carol.client, { title: 'Busy', start: '2031-03-12T10:00', end: '2031-03-12T11:00', timeZone: 'America/New_York' });
    const r = await find({
      attendeeIds: [anna.user.id, bob.user.id],
      optionalAttendeeIds: [carol.user.id],
      from: '2031-03-12T00:00:00Z',
      to: '2031-03-13T00:00:00Z',
    });
    const free = r.suggestions.filter((s) => s.optionalAvailable.includes(carol.user.id));
    const busy = r.suggestions.filter((s) => !s.optionalAvailable.includes(carol.user.id));
    expect(free.length).toBeGreaterThan(0);
    expect(busy.length).toBeGreaterThan(0);
    expect(Math.min(...free.map((s) => s.score))).toBeGreaterThan(Math.max(...busy.map((s) => s.score)));
    expect(free.map((s) => utcTime(s.start)).sort()).toEqual(['15:00', '15:30']);
    expect(free[0]!.reasons).toContain('Carol (optional) can join');
    expect(busy[0]!.reasons).toContain('Carol (optional) is not free');
  });

  it('keeps half-hour zones right: 09:00 in Kolkata is 03:30 UTC', async () => {
    const priya = await addUser(server, team.owner, { name: 'Priya Nair' });
    await setHours(priya.client, 'Asia/Kolkata');
    const r = await find({ attendeeIds: [priya.user.id, anna.user.id], from: '2031-03-04T00:00:00Z', to: '2031-03-05T00:00:00Z', durationMinutes: 60 });
    const starts = r.suggestions.map((s) => utcTime(s.start)).sort();
    // Kolkata 09:00–17:00 = 03:30–11:30 UTC; Berlin 08:00–16:00 UTC: together 08:00–11:30.
    expect(starts[0]).toBe('08:00');
    expect(starts.at(-1)).toBe('10:30');
    expect(r.suggestions.every((s) => s.localTimes[0]!.start.endsWith(':30') || s.localTimes[0]!.start.endsWith(':00'))).toBe(true);
  });

  it('assumes default hours for someone who saved none, and says so', async () => {
    const r = await find({ attendeeIds: [team.memberUser.id], from: '2031-03-04T00:00:00Z', to: '2031-03-05T00:00:00Z', timeZone: 'Asia/Tokyo' });
    expect(r.notes[0]).toMatch(/Mia Member has not saved working hours: Monday to Friday 09:00–17:00 \(Asia\/Tokyo\) assumed/);
    expect(utcTime(r.suggestions.map((s) => s.start).sort()[0]!)).toBe('00:00');
  });

  it('offers nothing in the past', async () => {
    const r = await find({ attendeeIds: [anna.user.id], from: '2031-03-01T00:00:00Z', to: '2031-03-04T00:00:00Z', limit: 50 });
    expect(r.suggestions.every((s) => s.start >= '2031-03-03T07:00:00.000Z')).toBe(true);
  });

  it('names the attendee that is not a user of the portal', async () => {
    const res = await team.owner.post('/api/scheduling/find-times', {
      attendeeIds: [anna.user.id, 'nobody'],
      durationMinutes: 30,
      from: '2031-03-04T00:00:00Z',
      to: '2031-03-05T00:00:00Z',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0].path).toBe('attendeeIds.1');
  });
});

describe('quick add (SCH-5)', () => {
  it('turns "30 min with Anna next Tuesday afternoon" into Anna, 30 minutes and Tuesday 12:00–17:00 in the caller’s zone', async () => {
    const res = await team.owner.post('/api/scheduling/parse', { text: '30 min with Anna next Tuesday afternoon', timeZone: 'Europe/Berlin' });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      title: null,
      durationMinutes: 30,
      attendeeIds: [anna.user.id],
      window: { from: '2031-03-11T11:00:00.000Z', to: '2031-03-11T16:00:00.000Z' },
      timeZone: 'Europe/Berlin',
    });
  });

  it('matches CRM contacts too, and lists names it could not match', async () => {
    const c = await team.owner.post('/api/crm/contacts', { firstName: 'Mira', lastName: 'Lopez', emails: [{ value: 'mira@example.test' }] });
    expect(c.status, c.text).toBe(201);
    const res = await team.owner.post('/api/scheduling/parse', { text: '1h call with Bob, Mira Lopez and Zed tomorrow morning', timeZone: 'America/New_York' });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      title: 'Call',
      durationMinutes: 60,
      attendeeIds: [bob.user.id],
      contacts: [{ id: c.body.id, name: 'Mira Lopez', kind: 'contact', email: 'mira@example.test' }],
      unmatchedNames: ['Zed'],
      window: { from: '2031-03-04T13:00:00.000Z', to: '2031-03-04T17:00:00.000Z' },
    });
  });
});
