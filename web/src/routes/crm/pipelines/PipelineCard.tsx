import { ActionIcon, Badge, Button, Group, NativeSelect, Paper, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { isApiError } from '../../../api';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { ErrorAlert } from '../../../components/ErrorAlert';
import type { Board, Pipeline, Stage, StageKind } from '../crmTypes';
import { NameModal } from './NameModal';
import { problemText, text } from './pipelinesText';
import { RemoveStageModal } from './RemoveStageModal';
import { addStage, changeStage, draftOf, moveStage, removeStage, type StageDraft } from './stageList';
import { usePipelineActions } from './usePipelineActions';

const kindColor = { open: 'blue', won: 'green', lost: 'gray' } as const;

type Dialog = { type: 'rename' } | { type: 'delete' } | { type: 'addStage' } | { type: 'renameStage'; stage: Stage } | { type: 'removeStage'; stage: Stage };

/** One pipeline: its name and default flag, its stages in order with their deal counts; admins change them here. */
export function PipelineCard({ pipeline, canEdit }: { pipeline: Pipeline; canEdit: boolean }) {
  const { update, remove } = usePipelineActions();
  const board = useQuery<Board>({ queryKey: ['/api/crm/pipelines', pipeline.id, 'board'] });
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [dialogError, setDialogError] = useState<unknown>(null);
  const [inlineError, setInlineError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const stages = [...pipeline.stages].sort((a, b) => a.position - b.position);
  const dealsIn = (id: string) => board.data?.stages.find((s) => s.id === id)?.dealCount ?? 0;

  const close = () => {
    setDialog(null);
    setDialogError(null);
  };
  /** Sends the pipeline's new stage list (and name or default flag); dialogs close on success. */
  const save = (body: { name?: string; isDefault?: true; stages?: StageDraft[]; moveDealsToStageId?: string }, after?: (p: Pipeline) => void) => {
    setInlineError(null);
    update.mutate(
      { id: pipeline.id, body },
      {
        onSuccess: (p) => {
          close();
          after?.(p);
        },
        onError: (error) => (dialog ? setDialogError(error) : setInlineError(problemText(error))),
      },
    );
  };
  const move = (stage: Stage, index: number, delta: -1 | 1) =>
    save({ stages: moveStage(draftOf(pipeline), index, delta) }, (p) => {
      const at = p.stages.findIndex((s) => s.id === stage.id);
      setAnnouncement(text.movedTo(stage.name, at + 1, p.stages.length));
      // The row moved in the page; keep the keyboard on the arrow that was pressed (or the other one at an end).
      requestAnimationFrame(() => {
        const wanted = document.querySelector<HTMLButtonElement>(`[data-move="${stage.id}:${delta}"]:not(:disabled)`);
        (wanted ?? document.querySelector<HTMLButtonElement>(`[data-move="${stage.id}:${-delta}"]`))?.focus();
      });
    });
  const setKind = (stage: Stage, kind: StageKind) => save({ stages: changeStage(draftOf(pipeline), stage.id, { kind }) });

  const removing = dialog?.type === 'removeStage' ? dialog.stage : null;
  const refusedCount = isApiError(dialogError, 'STAGE_HAS_DEALS') ? Number(dialogError.details?.dealCount ?? 0) : 0;
  const dialogText = dialogError ? problemText(dialogError) : null;

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-label={pipeline.name}>
      <Group justify="space-between" align="flex-start" mb="md" gap="sm">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Title order={3} fz="md">
              {pipeline.name}
            </Title>
            {pipeline.isDefault ? (
              <Badge size="sm" variant="light" title={text.defaultHint}>
                {text.defaultBadge}
              </Badge>
            ) : null}
          </Group>
        </Stack>
        {canEdit ? (
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={() => setDialog({ type: 'rename' })}>
              {text.rename}
            </Button>
            {!pipeline.isDefault ? (
              <>
                <Button size="xs" variant="default" loading={update.isPending && !dialog} onClick={() => save({ isDefault: true })}>
                  {text.makeDefault}
                </Button>
                <Button size="xs" variant="light" color="red" onClick={() => setDialog({ type: 'delete' })}>
                  {text.deletePipeline}
                </Button>
              </>
            ) : null}
          </Group>
        ) : null}
      </Group>

      <ErrorAlert error={inlineError} mb="sm" withCloseButton onClose={() => setInlineError(null)} />
      <VisuallyHidden aria-live="polite" role="status">
        {announcement}
      </VisuallyHidden>

      <Stack component="ol" aria-label={text.stagesOf(pipeline.name)} gap={0} p={0} m={0} style={{ listStyle: 'none' }}>
        {stages.map((stage, index) => (
          <Group
            component="li"
            key={stage.id}
            aria-label={stage.name}
            justify="space-between"
            wrap="wrap"
            gap="xs"
            py={8}
            style={{ borderTop: index ? '1px solid var(--mantine-color-default-border)' : undefined }}
          >
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0, flex: '1 1 160px' }}>
              <Text fz="sm" c="dimmed" w={20} ta="right" aria-hidden>
                {index + 1}
              </Text>
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text fz="sm" fw={600} truncate>
                  {stage.name}
                </Text>
                <Text fz="xs" c="dimmed">
                  {text.deals(dealsIn(stage.id))}
                </Text>
              </Stack>
            </Group>
            {canEdit ? (
              <Group gap={4} wrap="nowrap">
                <NativeSelect
                  size="xs"
                  aria-label={text.kindOf(stage.name)}
                  value={stage.kind}
                  disabled={update.isPending}
                  onChange={(e) => setKind(stage, e.currentTarget.value as StageKind)}
                  data={Object.entries(text.kinds).map(([value, label]) => ({ value, label }))}
                  w={90}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={text.moveUp(stage.name)}
                  data-move={`${stage.id}:-1`}
                  disabled={index === 0 || update.isPending}
                  onClick={() => move(stage, index, -1)}
                >
                  <IconArrowUp size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={text.moveDown(stage.name)}
                  data-move={`${stage.id}:1`}
                  disabled={index === stages.length - 1 || update.isPending}
                  onClick={() => move(stage, index, 1)}
                >
                  <IconArrowDown size={16} />
                </ActionIcon>
                <ActionIcon variant="subtle" color="gray" aria-label={text.renameStage(stage.name)} onClick={() => setDialog({ type: 'renameStage', stage })}>
                  <IconPencil size={16} />
                </ActionIcon>
                <ActionIcon variant="subtle" color="red" aria-label={text.removeStage(stage.name)} onClick={() => setDialog({ type: 'removeStage', stage })}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ) : (
              <Badge size="sm" variant="light" color={kindColor[stage.kind]}>
                {text.kinds[stage.kind]}
              </Badge>
            )}
          </Group>
        ))}
      </Stack>
      {canEdit ? (
        <Button mt="sm" size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setDialog({ type: 'addStage' })}>
          {text.addStage}
        </Button>
      ) : null}

      <NameModal
        opened={dialog?.type === 'rename'}
        onClose={close}
        title={text.renamePipeline}
        label={text.pipelineName}
        submitLabel={text.save}
        initialName={pipeline.name}
        pending={update.isPending}
        error={dialogText}
        onSubmit={({ name }) => save({ name })}
      />
      <NameModal
        opened={dialog?.type === 'renameStage'}
        onClose={close}
        title={text.renameStageTitle}
        label={text.stageName}
        submitLabel={text.save}
        initialName={dialog?.type === 'renameStage' ? dialog.stage.name : ''}
        pending={update.isPending}
        error={dialogText}
        onSubmit={({ name }) => dialog?.type === 'renameStage' && save({ stages: changeStage(draftOf(pipeline), dialog.stage.id, { name }) })}
      />
      <NameModal
        opened={dialog?.type === 'addStage'}
        onClose={close}
        title={text.addStage}
        label={text.stageName}
        submitLabel={text.addStage}
        withKind
        pending={update.isPending}
        error={dialogText}
        onSubmit={(stage) => save({ stages: addStage(draftOf(pipeline), stage) })}
      />
      <RemoveStageModal
        stage={removing}
        others={stages.filter((s) => s.id !== removing?.id)}
        dealCount={removing ? Math.max(dealsIn(removing.id), refusedCount) : 0}
        onClose={close}
        pending={update.isPending}
        error={isApiError(dialogError, 'STAGE_HAS_DEALS') ? null : dialogText}
        onConfirm={(moveDealsToStageId) => removing && save({ stages: removeStage(draftOf(pipeline), removing.id), moveDealsToStageId })}
      />
      <ConfirmModal
        opened={dialog?.type === 'delete'}
        onClose={close}
        title={text.deletePipeline}
        confirmLabel={text.deletePipeline}
        loading={remove.isPending}
        error={dialogError}
        onConfirm={() => remove.mutate(pipeline.id, { onSuccess: close, onError: setDialogError })}
      >
        {text.deletePipelineQuestion(pipeline.name)}
      </ConfirmModal>
    </Paper>
  );
}
