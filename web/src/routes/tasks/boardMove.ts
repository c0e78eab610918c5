import type { InfiniteData, QueryClient } from '@tanstack/react-query';

import type { Task, TaskStatus } from './types';
import type { Json } from '../../api/types';

/** Board columns load this many cards per page. */
export const BOARD_PAGE = 100;

export type ColumnData = InfiniteData<Json<'/api/tasks'>, string | null>;
export const columnKey = (path: string) => [path, { limit: BOARD_PAGE }] as const;

/** A position that sorts between two neighbours (either may be missing: an end of the column). */
export function positionBetween(before: number | null, after: number | null): number {
  if (before === null && after === null) return 0;
  if (before === null) return after! - 1024;
  if (after === null) return before + 1024;
  return Math.floor((before + after) / 2);
}

export interface PlannedMove {
  task: Task;
  to: TaskStatus;
  position: number;
  /** Where the card lands in the target column's loaded cards. */
  index: number;
}

/**
 * Where a dropped card goes: before the card it was dropped on, or at the end of
 * the column. Null when it would not move at all.
 */
export function planMove(task: Task, to: TaskStatus, target: Task[], beforeId: string | null): PlannedMove | null {
  const others = target.filter((t) => t.id !== task.id);
  const at = beforeId ? others.findIndex((t) => t.id === beforeId) : -1;
  const index = at === -1 ? others.length : at;
  if (task.status === to) {
    const current = target.findIndex((t) => t.id === task.id);
    if (current === index) return null;
  }
  const position = positionBetween(others[index - 1]?.position ?? null, others[index]?.position ?? null);
  return { task, to, position, index };
}

/** Moves a card between cached columns at once; returns how to put everything back. */
export function applyMoveToCache(queryClient: QueryClient, fromPath: string, toPath: string, move: PlannedMove): () => void {
  const snapshot = new Map([fromPath, toPath].map((p) => [p, queryClient.getQueryData<ColumnData>(columnKey(p))]));
  const moved: Task = { ...move.task, status: move.to, position: move.position };
  queryClient.setQueryData<ColumnData>(columnKey(fromPath), (old) =>
    old ? { ...old, pages: old.pages.map((p) => ({ ...p, items: p.items.filter((t) => t.id !== move.task.id) })) } : old,
  );
  queryClient.setQueryData<ColumnData>(columnKey(toPath), (old) => {
    if (!old) return old;
    const all = old.pages.flatMap((p) => p.items).filter((t) => t.id !== move.task.id);
    all.splice(move.index, 0, moved);
    // Keep the page structure (cursors) and put every loaded card into it in the new order.
    let from = 0;
    const pages = old.pages.map((p, i) => {
      const size = i === old.pages.length - 1 ? all.length - from : p.items.length;
      const items = all.slice(from, from + size);
      from += size;
      return { ...p, items };
    });
    return { ...old, pages };
  });
  return () => {
    for (const [path, data] of snapshot) queryClient.setQueryData(columnKey(path), data);
  };
}
