import { autoSchedule, placementOrder, type Placement, type TaskToPlace } from './autoschedule.js';
import { containing, normalize, subtract, type Intervals } from './intervals.js';

/**
 * Re-placement, pure (SCH-4, ADR 0024): after the user's calendar or a task
 * changed, which auto-scheduled blocks stay, which go, which shrink and where
 * new ones go. The smallest change that makes the plan fit again:
 *
 * - a block that started, or that the user pinned, is never touched;
 * - a block whose task is done, gone, reassigned or without an estimate goes;
 * - a block that still lies in free time before its task's deadline stays
 *   where it is; one that does not is displaced, and its minutes (plus what the
 *   task's estimate grew by since it was planned) are placed again, earliest
 *   first, highest priority first, whole or not at all;
 * - when a task's estimate shrank, its last blocks shrink or go;
 * - when a task's displaced minutes fit nowhere, its blocks stay where they were.
 *
 * All times are epoch minutes.
 */

export interface PlannedBlock {
  id: string;
  taskId: string;
  start: number;
  end: number;
  pinned: boolean;
  /** The task's estimate when the block was planned (null: not known, blocks from before re-placement). */
  plannedEstimate: number | null;
}

export interface ReplanInput {
  /** The user's blocks that end after `from`. */
  blocks: readonly PlannedBlock[];
  /** The user's open tasks with an estimate, as they are now. */
  tasks: readonly TaskToPlace[];
  /** Working time minus busy time (the blocks themselves not counted as busy), within [from, to). */
  free: Intervals;
  from: number;
  to: number;
  minChunk: number;
}

export interface Replan {
  remove: string[];
  resize: { id: string; end: number }[];
  add: Placement[];
  /** Tasks that needed time and got none (their displaced blocks stayed). */
  unplaced: string[];
}

export function replan(input: ReplanInput): Replan {
  const { from, to, minChunk } = input;
  const tasks = new Map(input.tasks.map((t) => [t.id, t]));
  const fixed = input.blocks.filter((b) => b.pinned || b.start < from);
  let free = subtract(normalize([...input.free]), normalize(fixed.flatMap((b) => [b.start, b.end])));
  const remove = new Set<string>();
  const resize = new Map<string, number>();
  const kept = new Map<string, PlannedBlock[]>();
  const displaced = new Map<string, PlannedBlock[]>();
  const need = new Map<string, number>();

  const movable = input.blocks.filter((b) => !b.pinned && b.start >= from).sort((a, b) => a.start - b.start || a.end - b.end);
  for (const b of movable) {
    const task = tasks.get(b.taskId);
    if (!task) {
      remove.add(b.id);
      continue;
    }
    const fits = containing(free, b.start, b.end) >= 0 && (task.due === null || b.end <= task.due);
    if (fits) {
      free = subtract(free, [b.start, b.end]);
      kept.set(b.taskId, [...(kept.get(b.taskId) ?? []), b]);
    } else {
      remove.add(b.id);
      displaced.set(b.taskId, [...(displaced.get(b.taskId) ?? []), b]);
      need.set(b.taskId, (need.get(b.taskId) ?? 0) + (b.end - b.start));
    }
  }

  // What each task's estimate grew or shrank by since its blocks were planned.
  for (const [taskId, task] of tasks) {
    const planned = input.blocks.find((b) => b.taskId === taskId && b.plannedEstimate !== null)?.plannedEstimate;
    if (planned === undefined || planned === null || planned === task.minutes) continue;
    let delta = task.minutes - planned + (need.get(taskId) ?? 0);
    if (delta >= 0) {
      need.set(taskId, delta);
      continue;
    }
    need.delete(taskId);
    // Shrink the task's last kept blocks by what is too much.
    for (const b of (kept.get(taskId) ?? []).slice().reverse()) {
      if (delta >= 0) break;
      const length = b.end - b.start;
      if (length <= -delta) {
        remove.add(b.id);
        free = normalize([...free, b.start, b.end]);
        delta += length;
      } else {
        resize.set(b.id, b.end + delta);
        free = normalize([...free, b.end + delta, b.end]);
        delta = 0;
      }
    }
  }

  const add: Placement[] = [];
  const unplaced: string[] = [];
  const wanting = [...need].filter(([, m]) => m > 0).map(([id, minutes]) => ({ ...tasks.get(id)!, minutes }));
  for (const task of wanting.sort(placementOrder)) {
    const r = autoSchedule([task], free, { from, to, minChunk });
    if (r.placements.length) {
      add.push(...r.placements);
      free = subtract(free, normalize(r.placements.flatMap((p) => [p.start, p.end])));
      continue;
    }
    unplaced.push(task.id);
    // Nowhere better: its displaced blocks stay where they were.
    for (const b of displaced.get(task.id) ?? []) {
      remove.delete(b.id);
      free = subtract(free, [b.start, b.end]);
    }
  }
  add.sort((a, b) => a.start - b.start);
  return { remove: [...remove], resize: [...resize].map(([id, end]) => ({ id, end })), add, unplaced };
}
