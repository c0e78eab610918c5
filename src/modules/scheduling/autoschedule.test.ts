import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { autoSchedule, placementOrder, type TaskToPlace } from './autoschedule.js';
import { normalize, subtract, type Intervals } from './intervals.js';

const H = 60;
const day = (d: number, fromH: number, toH: number) => [d * 1440 + fromH * H, d * 1440 + toH * H];
const task = (id: string, minutes: number, priority = 1, due: number | null = null): TaskToPlace => ({ id, minutes, priority, due });
const opts = { from: 0, to: 7 * 1440, minChunk: 30 };

describe('auto-scheduling: examples', () => {
  it('places the urgent task first, in the earliest free time', () => {
    const free = [...day(0, 9, 12)];
    const r = autoSchedule([task('low', 60, 0), task('urgent', 60, 3)], free, opts);
    expect(r.placements).toEqual([
      { taskId: 'urgent', start: 9 * H, end: 10 * H },
      { taskId: 'low', start: 10 * H, end: 11 * H },
    ]);
  });

  it('orders tasks of equal priority by deadline', () => {
    const r = autoSchedule([task('later', 60, 1, 5 * 1440), task('sooner', 60, 1, 2 * 1440)], [...day(0, 9, 11)], opts);
    expect(r.placements.map((p) => p.taskId)).toEqual(['sooner', 'later']);
  });

  it('splits a task into chunks around meetings', () => {
    const free = [...day(0, 9, 10), ...day(0, 11, 12), ...day(1, 9, 10)];
    const r = autoSchedule([task('report', 150)], free, opts);
    expect(r.placements).toEqual([
      { taskId: 'report', start: 9 * H, end: 10 * H },
      { taskId: 'report', start: 11 * H, end: 12 * H },
      { taskId: 'report', start: 1440 + 9 * H, end: 1440 + 9.5 * H },
    ]);
  });

  it('skips free slivers shorter than the minimum chunk', () => {
    const free = [9 * H, 9 * H + 20, 10 * H, 12 * H];
    const r = autoSchedule([task('t', 60)], free, opts);
    expect(r.placements).toEqual([{ taskId: 't', start: 10 * H, end: 11 * H }]);
  });

  it('says when a deadline cannot be met, and places nothing of that task', () => {
    const free = [...day(0, 9, 10), ...day(1, 9, 17)];
    const r = autoSchedule([task('t', 120, 1, 1440)], free, opts);
    expect(r.placements).toEqual([]);
    expect(r.unplaced).toEqual([{ taskId: 't', reason: 'deadline', availableMinutes: 60 }]);
  });

  it('reports overdue tasks and tasks that do not fit the window', () => {
    const r = autoSchedule([task('late', 30, 1, -10), task('huge', 10_000)], [...day(0, 9, 17)], opts);
    expect(r.unplaced).toEqual([
      { taskId: 'late', reason: 'overdue', availableMinutes: 0 },
      { taskId: 'huge', reason: 'no_time', availableMinutes: 480 },
    ]);
  });
});

// --- Invariants -----------------------------------------------------------------------------------

const freeArb = fc
  .array(fc.record({ d: fc.integer({ min: 0, max: 13 }), start: fc.integer({ min: 0, max: 95 }), len: fc.integer({ min: 1, max: 40 }) }), { maxLength: 40 })
  .map((xs) => normalize(xs.flatMap((x) => [x.d * 1440 + x.start * 15, x.d * 1440 + x.start * 15 + x.len * 5])));
const tasksArb = fc.uniqueArray(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 6 }),
    priority: fc.integer({ min: 0, max: 3 }),
    due: fc.option(fc.integer({ min: -1440, max: 16 * 1440 }), { nil: null }),
    minutes: fc.integer({ min: 5, max: 600 }),
  }),
  { selector: (t) => t.id, maxLength: 25 },
);
const windowArb = fc.record({ from: fc.integer({ min: 0, max: 3 * 1440 }), days: fc.integer({ min: 1, max: 14 }), minChunk: fc.constantFrom(15, 30, 60) });

const bigPiecesBefore = (free: Intervals, limit: number, minChunk: number) => {
  let sum = 0;
  for (let i = 0; i < free.length && free[i]! < limit; i += 2) {
    const len = Math.min(free[i + 1]!, limit) - free[i]!;
    if (len >= minChunk) sum += len;
  }
  return sum;
};

describe('auto-scheduling: invariants', () => {
  it('never overlaps, stays inside free time and the window, and meets every deadline of what it places', () => {
    fc.assert(
      fc.property(freeArb, tasksArb, windowArb, (free, tasks, w) => {
        const o = { from: w.from, to: w.from + w.days * 1440, minChunk: w.minChunk };
        const { placements, unplaced } = autoSchedule(tasks, free, o);
        const sorted = [...placements].sort((a, b) => a.start - b.start);
        for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.start).toBeGreaterThanOrEqual(sorted[i - 1]!.end);
        for (const p of placements) {
          expect(subtract([p.start, p.end], free)).toEqual([]);
          expect(p.start).toBeGreaterThanOrEqual(o.from);
          expect(p.end).toBeLessThanOrEqual(o.to);
          const t = tasks.find((x) => x.id === p.taskId)!;
          if (t.due !== null) expect(p.end).toBeLessThanOrEqual(t.due);
        }
        for (const t of tasks) {
          const mine = placements.filter((p) => p.taskId === t.id).sort((a, b) => a.start - b.start);
          const placed = mine.reduce((a, p) => a + (p.end - p.start), 0);
          const missing = unplaced.some((u) => u.taskId === t.id);
          expect(missing ? placed === 0 : placed === t.minutes).toBe(true);
          // Only the last chunk of a task may be shorter than the minimum.
          mine.slice(0, -1).forEach((p) => expect(p.end - p.start).toBeGreaterThanOrEqual(o.minChunk));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('leaves a task out only when the time left by higher-ranked tasks cannot hold it before its deadline', () => {
    fc.assert(
      fc.property(freeArb, tasksArb, windowArb, (free, tasks, w) => {
        const o = { from: w.from, to: w.from + w.days * 1440, minChunk: w.minChunk };
        const { placements, unplaced } = autoSchedule(tasks, free, o);
        const order = [...tasks].sort(placementOrder);
        for (const u of unplaced) {
          const t = tasks.find((x) => x.id === u.taskId)!;
          if (u.reason === 'overdue') {
            expect(t.due).not.toBeNull();
            expect(t.due!).toBeLessThanOrEqual(o.from);
            continue;
          }
          const ahead = new Set(order.slice(0, order.indexOf(t)).map((x) => x.id));
          const taken = normalize(placements.filter((p) => ahead.has(p.taskId)).flatMap((p) => [p.start, p.end]));
          const left = subtract(free, taken);
          const clipped = subtract(left, [Number.MIN_SAFE_INTEGER, o.from]);
          const limit = Math.min(t.due ?? o.to, o.to);
          expect(bigPiecesBefore(clipped, limit, Math.min(o.minChunk, t.minutes))).toBeLessThan(t.minutes);
          expect(u.reason).toBe(t.due !== null && t.due < o.to ? 'deadline' : 'no_time');
        }
      }),
      { numRuns: 300 },
    );
  });
});
