import type { Pipeline, StageKind } from '../crmTypes';

/** A stage as the pipeline update sends it: kept stages carry their id, new ones none. */
export interface StageDraft {
  id?: string;
  name: string;
  kind: StageKind;
}

/** The stage list of a pipeline, in order, ready to be changed and sent back whole. */
export const draftOf = (p: Pipeline): StageDraft[] => [...p.stages].sort((a, b) => a.position - b.position).map(({ id, name, kind }) => ({ id, name, kind }));

/** The list with the stage at `index` swapped with its neighbour (`delta` -1 up, +1 down); unchanged at the ends. */
export function moveStage(stages: readonly StageDraft[], index: number, delta: -1 | 1): StageDraft[] {
  const to = index + delta;
  if (index < 0 || to < 0 || to >= stages.length) return [...stages];
  const next = [...stages];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

export const changeStage = (stages: readonly StageDraft[], id: string, change: Partial<StageDraft>): StageDraft[] =>
  stages.map((s) => (s.id === id ? { ...s, ...change } : s));

export const removeStage = (stages: readonly StageDraft[], id: string): StageDraft[] => stages.filter((s) => s.id !== id);

/** A new open stage goes before the closing (won/lost) ones; a new closing stage at the end. */
export function addStage(stages: readonly StageDraft[], stage: StageDraft): StageDraft[] {
  const firstClosed = stages.findIndex((s) => s.kind !== 'open');
  if (stage.kind !== 'open' || firstClosed < 0) return [...stages, stage];
  return [...stages.slice(0, firstClosed), stage, ...stages.slice(firstClosed)];
}
