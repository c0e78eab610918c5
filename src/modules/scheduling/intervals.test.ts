import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containing, overlapsAny, type Intervals } from './intervals.js';

/** Sorted, disjoint, non-empty intervals as the flat [start, end, start, end, …] list the module uses. */
const intervals = fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { maxLength: 20 }).map((points) => {
  const sorted = [...points].sort((x, y) => x - y);
  return sorted.slice(0, sorted.length - (sorted.length % 2)) as Intervals;
});
// Non-empty, as every slot is.
const span = fc.tuple(fc.integer({ min: -5, max: 205 }), fc.integer({ min: 1, max: 30 })).map(([s, d]) => [s, s + d] as const);

describe('interval lookups (binary search) agree with a scan of every interval', () => {
  it('containing: the interval that holds all of [s, e)', () => {
    fc.assert(
      fc.property(intervals, span, (a, [s, e]) => {
        let expected = -1;
        for (let i = 0; i < a.length; i += 2) if (a[i]! <= s && e <= a[i + 1]!) expected = i;
        return containing(a, s, e) === expected;
      }),
      { numRuns: 2000 },
    );
    expect(containing([0, 10, 20, 30], 20, 30)).toBe(2);
    expect(containing([0, 10, 20, 30], 5, 25)).toBe(-1);
  });

  it('overlapsAny: some interval shares a moment with [s, e)', () => {
    fc.assert(
      fc.property(intervals, span, (a, [s, e]) => {
        let expected = false;
        for (let i = 0; i < a.length; i += 2) if (a[i]! < e && s < a[i + 1]!) expected = true;
        return overlapsAny(a, s, e) === expected;
      }),
      { numRuns: 2000 },
    );
    expect(overlapsAny([0, 10, 20, 30], 10, 20)).toBe(false);
    expect(overlapsAny([0, 10, 20, 30], 9, 11)).toBe(true);
  });
});
