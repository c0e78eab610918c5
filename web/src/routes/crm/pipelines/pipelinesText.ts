import { isApiError } from '../../../api';
import { errorMessage } from '../../../lib/errors';
import type { StageKind } from '../crmTypes';

/** What the pipeline editor says, in one place (issue 15 moves it into the catalogue). */
export const text = {
  title: 'Pipelines',
  description: 'The pipelines deals move through, and their stages in order. A won or lost stage closes the deal.',
  membersNote: 'Only admins can change pipelines and stages. You can see them here.',
  newPipeline: 'New pipeline',
  createPipeline: 'Create pipeline',
  newPipelineHint: 'It starts with the usual stages (New … Won, Lost); change them afterwards.',
  pipelineName: 'Pipeline name',
  renamePipeline: 'Rename pipeline',
  rename: 'Rename',
  save: 'Save',
  makeDefault: 'Make default',
  defaultBadge: 'Default',
  defaultHint: 'New deals go to the default pipeline unless another one is chosen.',
  deletePipeline: 'Delete pipeline',
  deletePipelineQuestion: (name: string) => `Delete the pipeline “${name}” and its stages? Only a pipeline without deals can be deleted.`,
  stagesOf: (pipeline: string) => `Stages of ${pipeline}`,
  addStage: 'Add stage',
  stageName: 'Stage name',
  stageKind: 'Kind',
  kindOf: (stage: string) => `Kind of ${stage}`,
  renameStage: (stage: string) => `Rename ${stage}`,
  renameStageTitle: 'Rename stage',
  moveUp: (stage: string) => `Move ${stage} up`,
  moveDown: (stage: string) => `Move ${stage} down`,
  removeStage: (stage: string) => `Remove ${stage}`,
  removeStageTitle: 'Remove stage',
  removeStageQuestion: (stage: string) => `Remove the stage “${stage}”?`,
  removeStageConfirm: 'Remove stage',
  moveDealsTo: (count: number) => `Move its ${count === 1 ? 'deal' : `${count} deals`} to`,
  chooseStage: 'Choose the stage its deals move to',
  deals: (count: number) => (count === 1 ? '1 deal' : `${count} deals`),
  movedTo: (stage: string, position: number, of: number) => `${stage} is now stage ${position} of ${of}.`,
  enterName: 'Enter a name',
  kinds: { open: 'Open', won: 'Won', lost: 'Lost' } satisfies Record<StageKind, string>,
};

/** A failed pipeline write in words: the field problems of VALIDATION_FAILED, else the server's message. */
export function problemText(error: unknown): string {
  if (isApiError(error, 'VALIDATION_FAILED')) {
    const problems = Object.entries(error.fieldErrors).map(([path, message]) =>
      path.endsWith('.name') ? `This name ${message}.` : path === 'stages' ? `The stages ${message}.` : `${path} ${message}.`,
    );
    if (problems.length) return problems.join('\n');
  }
  return errorMessage(error);
}
