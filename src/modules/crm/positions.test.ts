import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { landingIndex, moveShifts, type Shift } from './positions.js';

/** A board as stored: card → stage and position. */
type Board = Map<string, { stageId: string; position: number }>;

function boardOf(columns: Record<string, string[]>): Board {
  const board: Board = new Map();
  for (const [stageId, cards] of Object.entries(columns)) cards.forEach((card, position) => board.set(card, { stageId, position }));
  return board;
}

function columnsOf(board: Board, stages: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = Object.fromEntries(stages.map((s) => [s, []]));
  const sorted = [...board.entries()].sort((a, b) => a[1].position - b[1].position);
  for (const [card, slot] of sorted) out[slot.stageId]!.push(card);
  return out;
}

/** What the UPDATE statements do: shift every other card in range. */
function applyShifts(board: Board, shifts: Shift[], card: string): void {
  for (const s of shifts) {
    for (const [id, slot] of board) {
      if (id !== card && slot.stageId === s.stageId && slot.position >= s.from && (s.to === null || slot.position <= s.to)) slot.position += s.delta;
    }
  }
}

const STAGES = ['new', 'won', 'lost'];
const boards = fc.array(fc.constantFrom(...STAGES), { minLength: 1, maxLength: 12 }).map((stageOfCard) => {
  const columns: Record<string, string[]> = Object.fromEntries(STAGES.map((s) => [s, []]));
  stageOfCard.forEach((s, i) => columns[s]!.push(`c${i}`));
  return columns;
});

describe('board positions', () => {
  it('lands a card at the requested index, clamped to the column, or at the end', () => {
    expect(landingIndex(undefined, 3)).toBe(3);
    expect(landingIndex(1, 3)).toBe(1);
    expect(landingIndex(99, 3)).toBe(3);
  });

  it('moves a card exactly like removing it and inserting it at the drop index, keeping every column dense', () => {
    fc.assert(
      fc.property(boards, fc.nat(), fc.constantFrom(...STAGES), fc.option(fc.nat({ max: 20 }), { nil: undefined }), (columns, pick, toStage, requested) => {
        const cards = Object.values(columns).flat();
        const card = cards[pick % cards.length]!;
        const board = boardOf(columns);
        const from = { ...board.get(card)! };
        const sameStage = from.stageId === toStage;
        const othersInTarget = columns[toStage]!.length - (sameStage ? 1 : 0);
        const position = landingIndex(requested, othersInTarget);

        applyShifts(board, moveShifts(from, { stageId: toStage, position }), card);
        board.set(card, { stageId: toStage, position });

        const expected = structuredClone(columns);
        expected[from.stageId]!.splice(expected[from.stageId]!.indexOf(card), 1);
        expected[toStage]!.splice(position, 0, card);
        expect(columnsOf(board, STAGES)).toEqual(expected);
        for (const stage of STAGES) {
          const positions = [...board.values()]
            .filter((s) => s.stageId === stage)
            .map((s) => s.position)
            .sort((a, b) => a - b);
          expect(positions).toEqual(positions.map((_, i) => i));
        }
      }),
    );
  });

  it('closes the gap when a card leaves, and opens one when a card arrives', () => {
    fc.assert(
      fc.property(boards, fc.nat(), (columns, pick) => {
        const cards = Object.values(columns).flat();
        const card = cards[pick % cards.length]!;
        const board = boardOf(columns);
        const from = board.get(card)!;
        applyShifts(board, moveShifts(from, null), card);
        board.delete(card);
        applyShifts(board, moveShifts(null, { ...from }), card);
        board.set(card, { ...from });
        expect(columnsOf(board, STAGES)).toEqual(columns);
      }),
    );
  });
});
