import { describe, expect, it } from 'vitest';
import { nextDigestAt } from './digest-time.js';

describe('the daily digest time', () => {
  it('is 08:00 the same day before eight, the next day after', () => {
    expect(nextDigestAt(new Date('2026-03-10T07:59:00Z'), 'UTC').toISOString()).toBe('2026-03-10T08:00:00.000Z');
    expect(nextDigestAt(new Date('2026-03-10T08:00:00Z'), 'UTC').toISOString()).toBe('2026-03-11T08:00:00.000Z');
  });

  it('is 08:00 in the zone, also across a change to summer time', () => {
    expect(nextDigestAt(new Date('2026-03-10T12:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2026-03-11T07:00:00.000Z');
    // Berlin moves to summer time on 29 March 2026: 08:00 is 06:00 UTC from then on.
    expect(nextDigestAt(new Date('2026-03-28T12:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2026-03-29T06:00:00.000Z');
    expect(nextDigestAt(new Date('2026-03-10T20:00:00Z'), 'America/New_York').toISOString()).toBe('2026-03-11T12:00:00.000Z');
    // Tokyo is already at 05:00 on the 11th: its 08:00 comes three hours later.
    expect(nextDigestAt(new Date('2026-03-10T20:00:00Z'), 'Asia/Tokyo').toISOString()).toBe('2026-03-10T23:00:00.000Z');
  });
});
