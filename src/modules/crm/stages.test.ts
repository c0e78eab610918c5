import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstOpenStage, planStages, type ExistingStage, type RequestedStage } from './stages.js';

const kinds = fc.constantFrom('open' as const, 'won' as const, 'lost' as const);
const existingStages = fc
  .uniqueArray(fc.uuid(), { minLength: 0, maxLength: 8 })
  .map((ids) => ids.map((id, position): ExistingStage => ({ id, name: `Stage ${position}`, kind: position === 0 ? 'open' : 'won', position })));

/** A client's edit of `existing`: keeps some stages (shuffled), adds new ones, maybe with explicit positions. */
const edits = existingStages.chain((existing) =>
  fc.record({
    existing: fc.constant(existing),
    requested: fc.tuple(fc.subarray(existing), fc.array(kinds, { maxLength: 4 }), fc.boolean()).chain(([kept, added, withPositions]) =>
      fc
        .shuffledSubarray([...kept.map((s) => ({ id: s.id, kind: s.kind })), ...added.map((kind) => ({ id: undefined, kind }))], {
          minLength: kept.length + added.length,
        })
        .chain((list) =>
          fc.array(fc.nat({ max: 20 }), { minLength: list.length, maxLength: list.length }).map((positions) =>
            list.map((s, i): RequestedStage => ({
              ...(s.id ? { id: s.id } : {}),
              name: `Name ${i}`,
              kind: s.kind,
              ...(withPositions ? { position: positions[i] } : {}),
            })),
          ),
        ),
    ),
  }),
);

describe('planning a pipeline edit', () => {
  it('keeps every stage sent once, numbered 0…n-1, and removes exactly the ones left out', () => {
    fc.assert(
      fc.property(edits, ({ existing, requested }) => {
        const withOpen = requested.some((s) => s.kind === 'open') ? requested : [...requested, { name: 'Open one', kind: 'open' as const }];
        const result = planStages(existing, withOpen);
        if (!result.ok) throw new Error(result.message);
        const { stages, removedIds } = result.plan;
        expect(stages.map((s) => s.position)).toEqual(withOpen.map((_, i) => i));
        expect(stages.map((s) => s.name).sort()).toEqual(withOpen.map((s) => s.name).sort());
        const kept = withOpen.flatMap((s) => (s.id ? [s.id] : []));
        expect(stages.flatMap((s) => (s.id ? [s.id] : [])).sort()).toEqual([...kept].sort());
        expect([...removedIds, ...kept].sort()).toEqual(existing.map((s) => s.id).sort());
      }),
    );
  });

  it('orders by the positions given, then by list order', () => {
    const result = planStages(
      [],
      [
        { name: 'C', kind: 'open', position: 5 },
        { name: 'A', kind: 'open', position: 0 },
        { name: 'B', kind: 'open', position: 5 },
      ],
    );
    expect(result.ok && result.plan.stages.map((s) => `${s.name}${s.position}`)).toEqual(['A0', 'C1', 'B2']);
  });

  it('refuses a list without an open stage, a name used twice (ignoring case and accents), and a foreign id', () => {
    expect(planStages([], [{ name: 'Won', kind: 'won' }])).toMatchObject({ ok: false, path: 'stages' });
    expect(
      planStages(
        [],
        [
          { name: 'Prüfung', kind: 'open' },
          { name: 'PRUFUNG', kind: 'open' },
        ],
      ),
    ).toMatchObject({ ok: false, path: 'stages.1.name' });
    expect(planStages([], [{ id: 'nope', name: 'X', kind: 'open' }])).toMatchObject({ ok: false, code: 'INVALID_REFERENCE', path: 'stages.0.id' });
    const s = { id: 's1', name: 'X', kind: 'open' as const, position: 0 };
    expect(
      planStages(
        [s],
        [
          { id: 's1', name: 'X', kind: 'open' },
          { id: 's1', name: 'Y', kind: 'open' },
        ],
      ),
    ).toMatchObject({ ok: false, path: 'stages.1.id' });
  });

  it('sends new deals to the first open stage', () => {
    expect(
      firstOpenStage([
        { kind: 'won', position: 0 },
        { kind: 'open', position: 2 },
        { kind: 'open', position: 1 },
      ]),
    ).toEqual({ kind: 'open', position: 1 });
  });
});
