import { searchKey } from '../../../kernel/text.js';
import { BITRIX_LOST_STAGES, BITRIX_WON_STAGES } from './columns.js';

/**
 * Which pipelines and stages a Bitrix24 deals file needs (pure): its deals name a
 * pipeline ("Pipeline" column; none in a single-pipeline export) and a stage by name.
 * A pipeline of ours with that name and all those stages is used as it is (the
 * default pipeline when the file names none); otherwise a pipeline is made with the
 * file's stages: open ones in Bitrix24's usual order, then won, then lost.
 */

export type StageKind = 'open' | 'won' | 'lost';
export interface DealStageRef {
  pipeline: string | null;
  stage: string | null;
  /** The "Deal status" column: In progress / Won / Lost (or P / S / F as codes). */
  status: string | null;
}
export interface ExistingPipeline {
  name: string;
  isDefault: boolean;
  stages: { name: string }[];
}
export interface PipelinePlan {
  create: { name: string; stages: { name: string; kind: StageKind }[] }[];
  /** The file's pipeline name ('' for none) → the name of the pipeline its deals go to. */
  target: Map<string, string>;
}

/** Bitrix24's default deal stages (English UI), in board order. */
const USUAL_ORDER = [
  'new',
  'preparing documents',
  'create papers',
  'invoice',
  'prepayment invoice',
  'in progress',
  'executing',
  'final invoice',
  'get more info',
  'negotiate',
  'quote',
  'suspended',
];

export function stageKind(stage: string, status: string | null): StageKind {
  const s = searchKey(status ?? '');
  if (['won', 'success', 's', 'successful'].includes(s)) return 'won';
  if (['lost', 'failure', 'f', 'failed', 'unsuccessful'].includes(s)) return 'lost';
  const name = searchKey(stage);
  if (BITRIX_WON_STAGES.includes(name)) return 'won';
  if (BITRIX_LOST_STAGES.includes(name)) return 'lost';
  return 'open';
}

export function planBitrixPipelines(deals: DealStageRef[], existing: ExistingPipeline[]): PipelinePlan {
  const byPipeline = new Map<string, Map<string, StageKind>>();
  for (const d of deals) {
    const key = d.pipeline?.trim() ?? '';
    const stages = byPipeline.get(key) ?? new Map<string, StageKind>();
    if (d.stage?.trim() && !stages.has(d.stage.trim())) stages.set(d.stage.trim(), stageKind(d.stage, d.status));
    byPipeline.set(key, stages);
  }
  const plan: PipelinePlan = { create: [], target: new Map() };
  const names = new Set(existing.map((p) => searchKey(p.name)));
  for (const [key, stages] of byPipeline) {
    const match = key ? existing.find((p) => searchKey(p.name) === searchKey(key)) : (existing.find((p) => p.isDefault) ?? existing[0]);
    const hasAll = match && [...stages.keys()].every((s) => match.stages.some((t) => searchKey(t.name) === searchKey(s)));
    if (match && hasAll) {
      plan.target.set(key, match.name);
      continue;
    }
    let name = key || 'Bitrix24 deals';
    if (names.has(searchKey(name))) name = `${name} (Bitrix24)`;
    for (let n = 2; names.has(searchKey(name)); n++) name = `${key || 'Bitrix24 deals'} (Bitrix24 ${n})`;
    names.add(searchKey(name));
    const rank = (s: string) => {
      const i = USUAL_ORDER.indexOf(searchKey(s));
      return i < 0 ? USUAL_ORDER.length : i;
    };
    const entries = [...stages.entries()].map(([stage, kind], index) => ({ stage, kind, index }));
    const kindRank = { open: 0, won: 1, lost: 2 };
    entries.sort((a, b) => kindRank[a.kind] - kindRank[b.kind] || rank(a.stage) - rank(b.stage) || a.index - b.index);
    const list = entries.map((e) => ({ name: e.stage, kind: e.kind }));
    // A pipeline needs an open stage for new deals.
    if (!list.some((s) => s.kind === 'open')) list.unshift({ name: 'New', kind: 'open' });
    plan.create.push({ name, stages: list });
    plan.target.set(key, name);
  }
  return plan;
}
