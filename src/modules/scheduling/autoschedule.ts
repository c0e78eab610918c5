import type { Intervals } from './intervals.js';

/**
 * Auto-scheduling, pure: tasks with estimates go into free time, highest
 * priority first, then earliest deadline. Each task takes the earliest free
 * time that ends before its deadline, split into chunks of at least
 * `minChunk` minutes when one free stretch is not long enough (only a task's
 * last chunk may be shorter, to finish it). A task is placed
 * whole or not at all, and when it is not, the result says why.
 */

export interface TaskToPlace {
  id: string;
  /** 0 (low) … 3 (urgent). */
  priority: number;
  /** Deadline (epoch minutes) or null. */
  due: number | null;
  /** Minutes of work to place. */
  minutes: number;
}

export type UnplacedReason = 'overdue' | 'deadline' | 'no_time';

export interface Placement {
  taskId: string;
  start: number;
  end: number;
}

export interface Unplaced {
  taskId: string;
  reason: UnplacedReason;
  /** Usable free minutes there were for it (before its deadline, or in the window). */
  availableMinutes: number;
}

export interface AutoScheduleResult {
  placements: Placement[];
  unplaced: Unplaced[];
}

export interface AutoScheduleOptions {
  /** Window (epoch minutes): nothing is placed outside it. */
  from: number;
  to: number;
  /** Shortest chunk worth working in (a task shorter than this goes in one piece). */
  minChunk: number;
}

/** Priority high to low, then the earliest deadline (none last), then id for a stable order. */
export function placementOrder(a: TaskToPlace, b: TaskToPlace): number {
  return b.priority - a.priority || (a.due ?? Infinity) - (b.due ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The chunks a task would take from `free` (earliest first, ending by `limit`),
 * or null when they do not add up to the task. `free` is not changed.
 */
function takeChunks(free: Intervals, minutes: number, limit: number, minChunk: number): { chunks: number[]; usable: number } | null {
  const chunks: number[] = [];
  let remaining = minutes;
  let usable = 0;
  for (let i = 0; i < free.length && remaining > 0; i += 2) {
    const s = free[i]!;
    if (s >= limit) break;
    const e = Math.min(free[i + 1]!, limit);
    const length = e - s;
    if (length < Math.min(minChunk, remaining)) continue;
    usable += length;
    const take = Math.min(remaining, length);
    chunks.push(s, s + take);
    remaining -= take;
  }
  return remaining > 0 ? null : { chunks, usable };
}

/** Removes [s, e) from a normal list (it lies inside one interval). */
function cut(free: Intervals, s: number, e: number): void {
  for (let i = 0; i < free.length; i += 2) {
    if (free[i]! <= s && e <= free[i + 1]!) {
      const left = [free[i]!, s];
      const right = [e, free[i + 1]!];
      const keep: number[] = [];
      if (left[1]! > left[0]!) keep.push(...left);
      if (right[1]! > right[0]!) keep.push(...right);
      free.splice(i, 2, ...keep);
      return;
    }
  }
}

function usableBefore(free: Intervals, limit: number, minChunk: number, minutes: number): number {
  let sum = 0;
  for (let i = 0; i < free.length && free[i]! < limit; i += 2) {
    const length = Math.min(free[i + 1]!, limit) - free[i]!;
    if (length >= Math.min(minChunk, minutes)) sum += length;
  }
  return sum;
}

export function autoSchedule(tasks: readonly TaskToPlace[], freeTime: Intervals, opts: AutoScheduleOptions): AutoScheduleResult {
  const free: Intervals = [];
  for (let i = 0; i < freeTime.length; i += 2) {
    const s = Math.max(freeTime[i]!, opts.from);
    const e = Math.min(freeTime[i + 1]!, opts.to);
    if (s < e) free.push(s, e);
  }
  const placements: Placement[] = [];
  const unplaced: Unplaced[] = [];
  for (const task of [...tasks].sort(placementOrder)) {
    if (task.minutes <= 0) continue;
    if (task.due !== null && task.due <= opts.from) {
      unplaced.push({ taskId: task.id, reason: 'overdue', availableMinutes: 0 });
      continue;
    }
    const limit = Math.min(task.due ?? opts.to, opts.to);
    const taken = takeChunks(free, task.minutes, limit, opts.minChunk);
    if (!taken) {
      const byDeadline = task.due !== null && task.due < opts.to;
      unplaced.push({ taskId: task.id, reason: byDeadline ? 'deadline' : 'no_time', availableMinutes: usableBefore(free, limit, opts.minChunk, task.minutes) });
      continue;
    }
    for (let i = 0; i < taken.chunks.length; i += 2) {
      const s = taken.chunks[i]!;
      const e = taken.chunks[i + 1]!;
      cut(free, s, e);
      placements.push({ taskId: task.id, start: s, end: e });
    }
  }
  placements.sort((a, b) => a.start - b.start);
  return { placements, unplaced };
}
