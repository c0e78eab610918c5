import { describe, expect, it } from 'vitest';
import { matchNames, parsePhrase, type Person } from './parse.js';

// Thursday 5 March 2026, 10:00 in Berlin.
const NOW = Date.parse('2026-03-05T09:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const parse = (text: string, zone = 'Europe/Berlin') => {
  const r = parsePhrase(text, NOW, zone);
  return { ...r, from: iso(r.window.from), to: iso(r.window.to) };
};

describe('quick add: reading phrases', () => {
  it('reads "30 min with Mia next Tuesday afternoon" as 30 minutes with Mia, Tuesday 12:00–17:00 Berlin', () => {
    const r = parse('30 min with Mia next Tuesday afternoon');
    expect(r).toMatchObject({ durationMinutes: 30, names: ['Mia'], title: null, from: '2026-03-10T11:00:00.000Z', to: '2026-03-10T16:00:00.000Z' });
  });

  it('combines the two results chrono gives for "next Tuesday afternoon for 30 minutes"', () => {
    const r = parse('next Tuesday afternoon for 30 minutes');
    expect(r).toMatchObject({ durationMinutes: 30, from: '2026-03-10T11:00:00.000Z', to: '2026-03-10T16:00:00.000Z' });
  });

  it('reads "1h call with Anna and Bob tomorrow morning" as a 60-minute call, 08:00–12:00', () => {
    const r = parse('1h call with Anna and Bob tomorrow morning');
    expect(r).toMatchObject({ title: 'Call', durationMinutes: 60, names: ['Anna', 'Bob'], from: '2026-03-06T07:00:00.000Z', to: '2026-03-06T11:00:00.000Z' });
  });

  it('takes an exact time as the start, and the duration as the length', () => {
    const r = parse('Budget review with Anna on Friday at 14:30 for 45 minutes');
    expect(r).toMatchObject({ title: 'Budget review', durationMinutes: 45, names: ['Anna'], from: '2026-03-06T13:30:00.000Z', to: '2026-03-06T14:15:00.000Z' });
  });

  it('reads the morning in the given zone, not the server’s', () => {
    const r = parse('Standup tomorrow morning', 'Asia/Kolkata');
    expect(r).toMatchObject({ title: 'Standup', from: '2026-03-06T02:30:00.000Z', to: '2026-03-06T06:30:00.000Z' });
  });

  it('understands "next week" as Monday to Sunday of next week', () => {
    const r = parse('Planning with Anna, Bob & Carol next week for an hour and a half');
    expect(r).toMatchObject({
      title: 'Planning',
      durationMinutes: 90,
      names: ['Anna', 'Bob', 'Carol'],
      from: '2026-03-08T23:00:00.000Z',
      to: '2026-03-15T23:00:00.000Z',
    });
  });

  it('reads hour-and-minute durations and "half an hour"', () => {
    expect(parse('Workshop 1h30 on Monday').durationMinutes).toBe(90);
    expect(parse('Sync for half an hour tomorrow').durationMinutes).toBe(30);
    expect(parse('Review 2 hours tomorrow').durationMinutes).toBe(120);
    expect(parse('Coffee 15min').durationMinutes).toBe(15);
  });

  it('defaults to 30 minutes in the coming week when it finds neither length nor date', () => {
    const r = parse('Catch up with Mia');
    expect(r).toMatchObject({ title: 'Catch up', durationMinutes: 30, names: ['Mia'], from: iso(NOW), to: '2026-03-12T09:00:00.000Z' });
  });

  it('moves "afternoon" alone to tomorrow once today’s is over', () => {
    const late = parsePhrase('Call afternoon', Date.parse('2026-03-05T17:00:00Z'), 'Europe/Berlin');
    expect(iso(late.window.from)).toBe('2026-03-06T11:00:00.000Z');
  });
});

describe('quick add: matching names', () => {
  const people: Person[] = [
    { id: 'u1', name: 'Mia Member', kind: 'user' },
    { id: 'u2', name: 'Anna Schmidt', kind: 'user' },
    { id: 'c1', name: 'Anna Lopez', kind: 'contact' },
    { id: 'c2', name: 'Bob Brown', kind: 'contact' },
    { id: 'u3', name: 'José Álvarez', kind: 'user' },
  ];

  it('matches first names, prefers users over contacts, and ignores accents', () => {
    expect(matchNames(['Mia', 'Anna', 'Bob', 'jose'], people).map((m) => m.matches.map((p) => p.id))).toEqual([['u1'], ['u2'], ['c2'], ['u3']]);
  });

  it('matches a full name exactly and leaves unknown names unmatched', () => {
    expect(matchNames(['Anna Lopez', 'Zed'], people).map((m) => m.matches.map((p) => p.id))).toEqual([['c1'], []]);
  });
});
