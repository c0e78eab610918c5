import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { formatRRule, parseRRule, RRuleError } from './rrule.js';
import { WINDOWS_ZONES, windowsToIana } from './windows-zones.js';
import { normalizeTimeZone } from './localtime.js';

describe('RRULE values', () => {
  it('reads the parts a calendar uses and writes them back in one canonical order', () => {
    expect(formatRRule(parseRRule('RRULE:byday=MO,WE;freq=weekly;interval=2;until=20261231T235959Z'))).toBe(
      'FREQ=WEEKLY;INTERVAL=2;UNTIL=20261231T235959Z;BYDAY=MO,WE',
    );
    expect(parseRRule('FREQ=MONTHLY;BYDAY=-1FR;BYSETPOS=1').byDay).toEqual(['-1FR']);
    expect(parseRRule('FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-1').byMonthDay).toEqual([-1]);
  });

  it.each([
    ['', 'empty'],
    ['BYDAY=MO', 'FREQ is required'],
    ['FREQ=HOURLY', 'not supported'],
    ['FREQ=WEEKLY;BYDAY=XX', 'BYDAY'],
    ['FREQ=WEEKLY;BYDAY=2MO', 'MONTHLY or YEARLY'],
    ['FREQ=DAILY;COUNT=0', 'COUNT'],
    ['FREQ=DAILY;COUNT=abc', 'COUNT'],
    ['FREQ=DAILY;INTERVAL=-2', 'INTERVAL'],
    ['FREQ=DAILY;UNTIL=2026', 'UNTIL'],
    ['FREQ=DAILY;UNTIL=20260230', 'not a real date'],
    ['FREQ=DAILY;COUNT=2;UNTIL=20261231', 'COUNT and UNTIL'],
    ['FREQ=WEEKLY;BYMONTHDAY=3', 'BYMONTHDAY'],
    ['FREQ=DAILY;FREQ=WEEKLY', 'twice'],
    ['FREQ=DAILY;COLOR=RED', 'unknown'],
    ['FREQ=MONTHLY;BYSETPOS=1', 'BYSETPOS'],
  ])('refuses %j (%s)', (value, message) => {
    expect(() => parseRRule(value)).toThrow(RRuleError);
    expect(() => parseRRule(value)).toThrow(new RegExp(message, 'i'));
  });

  it('round-trips every rule it accepts', () => {
    const rule = fc.record({
      freq: fc.constantFrom('DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'),
      interval: fc.integer({ min: 1, max: 50 }),
      count: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
      byDay: fc.option(fc.uniqueArray(fc.constantFrom('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'), { minLength: 1 }), { nil: undefined }),
      byMonth: fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(rule, (r) => {
        const parts = [`FREQ=${r.freq}`, `INTERVAL=${r.interval}`];
        if (r.count) parts.push(`COUNT=${r.count}`);
        if (r.byDay) parts.push(`BYDAY=${r.byDay.join(',')}`);
        if (r.byMonth) parts.push(`BYMONTH=${r.byMonth.join(',')}`);
        const once = formatRRule(parseRRule(parts.reverse().join(';')));
        expect(formatRRule(parseRRule(once))).toBe(once);
      }),
    );
  });
});

describe('Windows time zone names', () => {
  it('maps every name to a zone this runtime knows', () => {
    const unknown = Object.entries(WINDOWS_ZONES).filter(([, iana]) => !normalizeTimeZone(iana));
    expect(unknown).toEqual([]);
  });

  it.each([
    ['W. Europe Standard Time', 'Europe/Berlin'],
    ['Eastern Standard Time', 'America/New_York'],
    ['Pacific Standard Time', 'America/Los_Angeles'],
    ['India Standard Time', 'Asia/Kolkata'],
    ['AUS Eastern Standard Time', 'Australia/Sydney'],
    ['GMT Standard Time', 'Europe/London'],
    ['tokyo standard time', 'Asia/Tokyo'],
  ])('reads %s as %s', (windows, iana) => {
    expect(windowsToIana(windows)).toBe(iana);
  });

  it('maps to zones with the offsets the Windows name promises in January', () => {
    const jan = Temporal.PlainDateTime.from('2026-01-15T12:00');
    const offset = (zone: string) => jan.toZonedDateTime(zone).offset;
    expect(offset(windowsToIana('W. Europe Standard Time')!)).toBe('+01:00');
    expect(offset(windowsToIana('India Standard Time')!)).toBe('+05:30');
    expect(offset(windowsToIana('AUS Eastern Standard Time')!)).toBe('+11:00');
    expect(offset(windowsToIana('Eastern Standard Time')!)).toBe('-05:00');
  });
});
