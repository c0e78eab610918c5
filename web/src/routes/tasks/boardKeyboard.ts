import type { ClientRect, KeyboardCoordinateGetter } from '@dnd-kit/core';

/**
 * Keyboard moves on the board: left/right jump to the previous/next column (in
 * reading order, so it also works when columns stack on small screens), up/down
 * step through the cards of a column.
 */
export const boardKeyboardCoordinates: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  const rect = context.collisionRect;
  if (!rect) return undefined;
  if (event.code === 'ArrowDown') return { ...currentCoordinates, y: currentCoordinates.y + 60 };
  if (event.code === 'ArrowUp') return { ...currentCoordinates, y: currentCoordinates.y - 60 };
  const step = event.code === 'ArrowRight' ? 1 : event.code === 'ArrowLeft' ? -1 : 0;
  if (!step) return undefined;
  event.preventDefault();
  const columns = context.droppableContainers
    .getEnabled()
    .filter((c) => String(c.id).startsWith('col:'))
    .map((c) => context.droppableRects.get(c.id))
    .filter((r): r is ClientRect => !!r)
    .sort((a, b) => a.top - b.top || a.left - b.left);
  const cx = rect.left + rect.width / 2;
  const cy = rect.top + rect.height / 2;
  const here = columns.findIndex((c) => cx >= c.left && cx <= c.right && cy >= c.top && cy <= c.bottom);
  const next = columns[(here === -1 ? 0 : here) + step];
  if (!next) return currentCoordinates;
  return { x: next.left + (next.width - rect.width) / 2, y: next.top + 48 };
};
