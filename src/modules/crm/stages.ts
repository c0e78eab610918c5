import { searchKey } from '../../kernel/text.js';
import type { StageKind } from '../../db/tables/crm.js';

/** The pipeline every portal gets on first CRM use. */
export const DEFAULT_PIPELINE_NAME = 'Sales';
export const DEFAULT_STAGES: readonly { name: string; kind: StageKind }[] = [
  { name: 'New', kind: 'open' },
  { name: 'Qualified', kind: 'open' },
  { name: 'Proposal', kind: 'open' },
  { name: 'Negotiation', kind: 'open' },
  { name: 'Won', kind: 'won' },
  { name: 'Lost', kind: 'lost' },
];

export interface ExistingStage {
  id: string;
  name: string;
  kind: StageKind;
  position: number;
}

export interface RequestedStage {
  id?: string;
  name: string;
  kind: StageKind;
  position?: number;
}

/** Stages after an edit, in order (positions 0…n-1): kept ones carry their id. */
export interface StagePlan {
  stages: { id: string | null; name: string; kind: StageKind; position: number }[];
  removedIds: string[];
}

export type StagePlanResult = { ok: true; plan: StagePlan } | { ok: false; code: 'VALIDATION_FAILED' | 'INVALID_REFERENCE'; path: string; message: string };

/**
 * Turns the stage list a client sent into the new order of stages: sorted by the
 * `position` given (else the list order), renumbered 0…n-1. Stages of the pipeline that
 * are not in the list are removed. Names must be unique (ignoring case and accents),
 * ids must be stages of this pipeline, and at least one stage must be open, so that
 * new deals have somewhere to go.
 */
export function planStages(existing: readonly ExistingStage[], requested: readonly RequestedStage[]): StagePlanResult {
  const known = new Set(existing.map((s) => s.id));
  const seenIds = new Set<string>();
  const seenNames = new Set<string>();
  for (const [i, s] of requested.entries()) {
    if (s.id !== undefined) {
      if (!known.has(s.id)) return { ok: false, code: 'INVALID_REFERENCE', path: `stages.${i}.id`, message: 'is not a stage of this pipeline' };
      if (seenIds.has(s.id)) return { ok: false, code: 'VALIDATION_FAILED', path: `stages.${i}.id`, message: 'appears twice' };
      seenIds.add(s.id);
    }
    const key = searchKey(s.name);
    if (seenNames.has(key)) return { ok: false, code: 'VALIDATION_FAILED', path: `stages.${i}.name`, message: 'is already the name of another stage' };
    seenNames.add(key);
  }
  if (!requested.some((s) => s.kind === 'open')) {
    return { ok: false, code: 'VALIDATION_FAILED', path: 'stages', message: 'must include at least one open stage' };
  }
  const ordered = requested
    .map((s, index) => ({ s, index }))
    .sort((a, b) => (a.s.position ?? a.index) - (b.s.position ?? b.index) || a.index - b.index)
    .map(({ s }, position) => ({ id: s.id ?? null, name: s.name, kind: s.kind, position }));
  return { ok: true, plan: { stages: ordered, removedIds: existing.filter((s) => !seenIds.has(s.id)).map((s) => s.id) } };
}

/** Where a new deal goes when no stage is named: the first open stage. */
export function firstOpenStage<S extends { kind: StageKind; position: number }>(stages: readonly S[]): S | undefined {
  return [...stages].sort((a, b) => a.position - b.position).find((s) => s.kind === 'open');
}
