import { describe, expect, it } from 'vitest';
import { rankSuggestions, timeOfDayComfort, type RankedPerson } from './scoring.js';
import { zoneOffsets } from './zones.js';

// Monday 2 February 2026, in minutes since the epoch.
const DAY = Date.parse('2026-02-02T00:00:00Z') / 60_000;
const at = (hhmm: string) => DAY + Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const person = (id: string, name: string, timeZone: string, free: number[]): RankedPerson => ({
  id,
  name,
  timeZone,
  zone: zoneOffsets(timeZone, DAY, DAY + 1440),
  free,
});
const rank = (starts: number[], required: RankedPerson[], optional: RankedPerson[] = [], duration = 30, limit = 10) =>
  rankSuggestions({ starts, duration, required, optional, from: DAY, to: DAY + 1440, limit });

describe('scoring: explainable ranking', () => {
  it('prefers mid-morning to early, lunch and late, and says so', () => {
    expect(timeOfDayComfort(10 * 60, 10 * 60 + 30)).toEqual({ value: 1, label: 'mid-morning' });
    expect(timeOfDayComfort(8 * 60, 8 * 60 + 30).label).toBe('early');
    expect(timeOfDayComfort(12 * 60 + 15, 12 * 60 + 45).label).toBe('over lunch');
    expect(timeOfDayComfort(17 * 60 + 45, 18 * 60 + 15).label).toBe('late');
  });

  it('ranks a time that suits both Berlin and New York above one that is early in New York', () => {
    // 15:00 UTC = 16:00 Berlin, 10:00 New York; 13:00 UTC = 14:00 Berlin, 08:00 New York.
    const anna = person('a', 'Anna Berg', 'Europe/Berlin', [at('08:00'), at('17:00')]);
    const bob = person('b', 'Bob Stone', 'America/New_York', [at('13:00'), at('22:00')]);
    const [best, worse] = rank([at('13:00'), at('15:00')], [anna, bob]);
    expect(best!.start).toBe(at('15:00'));
    expect(best!.reasons[0]).toBe('16:00 for Anna (Europe/Berlin, late afternoon) and 10:00 for Bob (America/New_York, mid-morning)');
    expect(worse!.reasons[0]).toContain('08:00 for Bob (America/New_York, early)');
    expect(best!.localTimes).toEqual([
      { userId: 'a', name: 'Anna Berg', timeZone: 'Europe/Berlin', date: '2026-02-02', start: '16:00', end: '16:30' },
      { userId: 'b', name: 'Bob Stone', timeZone: 'America/New_York', date: '2026-02-02', start: '10:00', end: '10:30' },
    ]);
  });

  it('penalises leaving a sliver of free time too short to use, and names whose', () => {
    const anna = person('a', 'Anna Berg', 'UTC', [at('10:00'), at('11:00'), at('14:00'), at('16:00')]);
    const [snug, sliver] = rank([at('14:00'), at('10:15')], [anna]);
    expect(snug!.start).toBe(at('14:00'));
    expect(snug!.reasons).toContain('Fits snugly beside other commitments, keeping free time in one piece');
    expect(sliver!.reasons).toContain('Leaves Anna a 15-minute gap too short to use');
    expect(sliver!.parts.fragmentation).toBeLessThan(snug!.parts.fragmentation);
  });

  it('counts optional attendees who can come, and says who', () => {
    const anna = person('a', 'Anna Berg', 'UTC', [at('09:00'), at('17:00')]);
    const carol = person('c', 'Carol Diaz', 'UTC', [at('14:00'), at('15:00')]);
    const [best] = rank([at('10:00'), at('14:00')], [anna], [carol]);
    expect(best!.start).toBe(at('14:00'));
    expect(best!.optionalAvailable).toEqual(['c']);
    expect(best!.reasons).toContain('Carol (optional) can join');
  });

  it('offers distinct times first, sorted by score, then fills up with overlapping ones', () => {
    const anna = person('a', 'Anna Berg', 'UTC', [at('09:00'), at('17:00')]);
    const starts = Array.from({ length: 16 }, (_, i) => at('09:00') + i * 30);
    const top = rank(starts, [anna], [], 60, 4);
    const scores = top.map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (let i = 0; i < top.length; i++)
      for (let j = i + 1; j < top.length; j++) expect(top[i]!.start + 60 <= top[j]!.start || top[j]!.start + 60 <= top[i]!.start).toBe(true);
    expect(rank(starts, [anna], [], 60, 16)).toHaveLength(16);
  });
});
