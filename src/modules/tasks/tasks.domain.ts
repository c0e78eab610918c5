import type { TaskPriority, TaskStatus } from '../../db/tables/tasks.js';

/** Pure rules of projects and tasks: no I/O, unit- and property-tested in tasks.domain.test.ts. */

export const TASK_STATUSES = ['todo', 'in_progress', 'blocked', 'done'] as const satisfies readonly TaskStatus[];
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const satisfies readonly TaskPriority[];

/** `sort=priority` goes low → urgent, `sort=-priority` urgent first. */
export const priorityRank = (p: TaskPriority): number => TASK_PRIORITIES.indexOf(p);

/**
 * The due-date sort key of a task without a due date. Later than any instant a
 * client can send (four-digit years), so "no due date" sorts after every date
 * ascending and before them descending, and keyset paging never meets a NULL.
 */
export const NO_DUE_SORT_KEY = '9999-12-31T23:59:59.999Z';

export const dueSortKey = (dueAt: string | null): string => dueAt ?? NO_DUE_SORT_KEY;

/** An ISO-8601 instant with any offset, as the stored UTC form (`2026-01-31T09:00:00.000Z`). */
export function toUtcInstant(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${value}`);
  return new Date(ms).toISOString();
}

/** When a task counts as completed after a status change: set on becoming done, cleared when reopened. */
export function completedAtAfter(before: { status: TaskStatus; completedAt: string | null } | null, status: TaskStatus, now: string): string | null {
  if (status !== 'done') return null;
  return before?.status === 'done' ? (before.completedAt ?? now) : now;
}

/**
 * Whether making `parentId` the parent of `taskId` would close a loop.
 * `ancestorsOfParent` is the parent itself followed by its ancestors, up to a root.
 */
export const wouldCreateCycle = (taskId: string, ancestorsOfParent: readonly string[]): boolean => ancestorsOfParent.includes(taskId);

/** `id` then its ancestors, following `parentOf`; stops at a root or at a repeat (so it always ends). */
export function ancestryOf(id: string, parentOf: ReadonlyMap<string, string | null>): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  let at: string | null | undefined = id;
  while (at && !seen.has(at)) {
    chain.push(at);
    seen.add(at);
    at = parentOf.get(at);
  }
  return chain;
}

/** Board order: a position that sorts between two neighbours (either may be missing: ends of a column). */
export const POSITION_STEP = 1024;
export function positionBetween(before: number | null, after: number | null): number {
  if (before === null && after === null) return 0;
  if (before === null) return after! - POSITION_STEP;
  if (after === null) return before + POSITION_STEP;
  return Math.floor((before + after) / 2);
}
