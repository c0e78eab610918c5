import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ancestryOf, completedAtAfter, dueSortKey, NO_DUE_SORT_KEY, positionBetween, priorityRank, toUtcInstant, wouldCreateCycle } from './tasks.domain.js';

const instant = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.998Z'), noInvalidDate: true }).map((d) => d.toISOString());

describe('due-date sort key', () => {
  it('keeps the order of due dates, and puts "no due date" after all of them', () => {
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const [ka, kb] = [dueSortKey(a), dueSortKey(b)];
        expect(ka < kb ? -1 : ka > kb ? 1 : 0).toBe(Math.sign(Date.parse(a) - Date.parse(b)));
        expect(dueSortKey(a) < NO_DUE_SORT_KEY).toBe(true);
      }),
    );
    expect(dueSortKey(null)).toBe(NO_DUE_SORT_KEY);
  });

  it('stores instants in one UTC form whatever offset they came with', () => {
    expect(toUtcInstant('2026-03-29T02:30:00+02:00')).toBe('2026-03-29T00:30:00.000Z');
    expect(toUtcInstant('2026-03-29T00:30:00Z')).toBe('2026-03-29T00:30:00.000Z');
    expect(() => toUtcInstant('soon')).toThrow(RangeError);
  });
});

describe('priority rank', () => {
  it('orders low < normal < high < urgent', () => {
    expect(['urgent', 'low', 'high', 'normal'].sort((a, b) => priorityRank(a as any) - priorityRank(b as any))).toEqual(['low', 'normal', 'high', 'urgent']);
  });
});

describe('completedAt', () => {
  const now = '2026-01-02T00:00:00.000Z';
  it('is set when a task becomes done, kept while it stays done, cleared when reopened', () => {
    expect(completedAtAfter(null, 'done', now)).toBe(now);
    expect(completedAtAfter(null, 'todo', now)).toBeNull();
    expect(completedAtAfter({ status: 'todo', completedAt: null }, 'done', now)).toBe(now);
    expect(completedAtAfter({ status: 'done', completedAt: '2025-12-01T00:00:00.000Z' }, 'done', now)).toBe('2025-12-01T00:00:00.000Z');
    expect(completedAtAfter({ status: 'done', completedAt: '2025-12-01T00:00:00.000Z' }, 'blocked', now)).toBeNull();
  });
});

describe('parent links', () => {
  it('never form a loop when every re-parenting goes through wouldCreateCycle', () => {
    // Random forests and random re-parenting attempts: accepted ones must keep every chain ending at a root.
    const ops = fc.array(fc.tuple(fc.nat(14), fc.option(fc.nat(14), { nil: null })), { maxLength: 60 });
    fc.assert(
      fc.property(ops, (moves) => {
        const parentOf = new Map<string, string | null>(Array.from({ length: 15 }, (_, i) => [`t${i}`, null]));
        for (const [task, parent] of moves) {
          const t = `t${task}`;
          const p = parent === null ? null : `t${parent}`;
          if (p && wouldCreateCycle(t, ancestryOf(p, parentOf))) continue;
          parentOf.set(t, p);
        }
        for (const id of parentOf.keys()) {
          const chain = ancestryOf(id, parentOf);
          expect(parentOf.get(chain.at(-1)!)).toBeNull();
        }
      }),
    );
  });

  it('refuses a task as its own parent and as a child of its descendant', () => {
    const parentOf = new Map([
      ['a', null],
      ['b', 'a'],
      ['c', 'b'],
    ]);
    expect(wouldCreateCycle('a', ancestryOf('a', parentOf))).toBe(true);
    expect(wouldCreateCycle('a', ancestryOf('c', parentOf))).toBe(true);
    expect(wouldCreateCycle('c', ancestryOf('a', parentOf))).toBe(false);
  });

  it('walks a corrupted loop without hanging', () => {
    expect(
      ancestryOf(
        'x',
        new Map([
          ['x', 'y'],
          ['y', 'x'],
        ]),
      ),
    ).toEqual(['x', 'y']);
  });
});

describe('board positions', () => {
  it('places a card between its neighbours, or beyond the end it was dropped at', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 2, max: 1e6 }), (before, gap) => {
        const p = positionBetween(before, before + gap);
        expect(p).toBeGreaterThan(before);
        expect(p).toBeLessThan(before + gap);
        expect(positionBetween(before, null)).toBeGreaterThan(before);
        expect(positionBetween(null, before)).toBeLessThan(before);
      }),
    );
    expect(positionBetween(null, null)).toBe(0);
  });
});
