/**
 * Board order: each deal has a 0-based `position` within its stage, kept dense
 * (0, 1, 2, … with no gaps), so that the position a client sends is simply the index
 * where the card was dropped. A move shifts the cards between the old and the new
 * place by one, which is one UPDATE per affected column whatever its length.
 */

export interface Slot {
  stageId: string;
  position: number;
}

/** Add `delta` to the position of every other card of `stageId` with `from <= position <= to` (`to` null: no upper bound). */
export interface Shift {
  stageId: string;
  from: number;
  to: number | null;
  delta: 1 | -1;
}

/** The index a card lands at: the requested one clamped to the column (`count` cards besides the moving one), or the end. */
export function landingIndex(requested: number | undefined, count: number): number {
  if (requested === undefined) return count;
  return Math.max(0, Math.min(requested, count));
}

/**
 * The shifts that keep positions dense when a card moves from `from` (null: a new card)
 * to `to` (null: the card leaves, e.g. is deleted). Apply them to the other cards, then
 * give the moving card `to.position`.
 */
export function moveShifts(from: Slot | null, to: Slot | null): Shift[] {
  if (from && to && from.stageId === to.stageId) {
    if (from.position === to.position) return [];
    return from.position < to.position
      ? [{ stageId: to.stageId, from: from.position + 1, to: to.position, delta: -1 }]
      : [{ stageId: to.stageId, from: to.position, to: from.position - 1, delta: 1 }];
  }
  const shifts: Shift[] = [];
  if (from) shifts.push({ stageId: from.stageId, from: from.position + 1, to: null, delta: -1 });
  if (to) shifts.push({ stageId: to.stageId, from: to.position, to: null, delta: 1 });
  return shifts;
}
