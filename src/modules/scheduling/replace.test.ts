import { describe, expect, it } from 'vitest';
import { replan, type PlannedBlock } from './replace.js';

// Minutes from a Monday 00:00; working time 09:00–17:00 (540–1020) on one day.
const DAY = [540, 1020];
const block = (id: string, taskId: string, start: number, end: number, more: Partial<PlannedBlock> = {}): PlannedBlock => ({
  id,
  taskId,
  start,
  end,
  pinned: false,
  plannedEstimate: null,
  ...more,
});
const task = (id: string, minutes: number, more: { priority?: number; due?: number | null } = {}) => ({ id, minutes, priority: 1, due: null, ...more });
const opts = { from: 480, to: 1440, minChunk: 30 };

describe('re-placement, pure (ADR 0024)', () => {
  it('keeps every block that still fits, and changes nothing', () => {
    const r = replan({ ...opts, blocks: [block('a', 't', 540, 600), block('b', 'u', 600, 660)], tasks: [task('t', 60), task('u', 60)], free: DAY });
    expect(r).toEqual({ remove: [], resize: [], add: [], unplaced: [] });
  });

  it('moves only the block a meeting now covers, to the earliest free time, leaving its sibling alone', () => {
    // A meeting at 10:00–11:00 (600–660) lands on block b.
    const free = [540, 600, 660, 1020];
    const r = replan({ ...opts, blocks: [block('a', 't', 540, 600), block('b', 't', 600, 660)], tasks: [task('t', 120)], free });
    expect(r.remove).toEqual(['b']);
    expect(r.add).toEqual([{ taskId: 't', start: 660, end: 720 }]);
  });

  it('re-places a block that now ends after its task’s deadline before it', () => {
    const r = replan({ ...opts, blocks: [block('a', 't', 900, 960)], tasks: [task('t', 60, { due: 700 })], free: DAY });
    expect(r.remove).toEqual(['a']);
    expect(r.add).toEqual([{ taskId: 't', start: 540, end: 600 }]);
  });

  it('never touches pinned or started blocks, and keeps their time out of others’ way', () => {
    const free = [540, 1020];
    const r = replan({
      ...opts,
      from: 570,
      blocks: [block('started', 't', 540, 600), block('pin', 'u', 600, 660, { pinned: true }), block('c', 'v', 620, 680)],
      tasks: [task('t', 60), task('u', 60), task('v', 60)],
      free,
    });
    expect(r.remove).toEqual(['c']);
    expect(r.add).toEqual([{ taskId: 'v', start: 660, end: 720 }]);
  });

  it('removes the blocks of tasks that are done or gone', () => {
    const r = replan({ ...opts, blocks: [block('a', 'done', 540, 600)], tasks: [], free: DAY });
    expect(r).toEqual({ remove: ['a'], resize: [], add: [], unplaced: [] });
  });

  it('adds what an estimate grew by and shrinks the last block when it shrank', () => {
    const grown = replan({ ...opts, blocks: [block('a', 't', 540, 600, { plannedEstimate: 60 })], tasks: [task('t', 90)], free: DAY });
    expect(grown.add).toEqual([{ taskId: 't', start: 600, end: 630 }]);
    const shrunk = replan({
      ...opts,
      blocks: [block('a', 't', 540, 600, { plannedEstimate: 120 }), block('b', 't', 700, 760, { plannedEstimate: 120 })],
      tasks: [task('t', 90)],
      free: DAY,
    });
    expect(shrunk).toEqual({ remove: [], resize: [{ id: 'b', end: 730 }], add: [], unplaced: [] });
  });

  it('leaves displaced blocks where they were when no free time is left before the deadline', () => {
    const r = replan({ ...opts, blocks: [block('a', 't', 540, 600)], tasks: [task('t', 60, { due: 600 })], free: [600, 1020] });
    expect(r).toEqual({ remove: [], resize: [], add: [], unplaced: ['t'] });
  });
});
