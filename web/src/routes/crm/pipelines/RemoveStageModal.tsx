import { NativeSelect, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { FormModal } from '../FormModal';
import type { Stage } from '../crmTypes';
import { text } from './pipelinesText';

interface RemoveStageModalProps {
  stage: Stage | null;
  /** The stages that stay, where its deals can go. */
  others: Stage[];
  dealCount: number;
  onClose: () => void;
  pending: boolean;
  error: string | null;
  onConfirm: (moveDealsToStageId: string | undefined) => void;
}

/** Removing a stage; one with deals asks which stage they move to. */
export function RemoveStageModal({ stage, others, dealCount, onClose, pending, error, onConfirm }: RemoveStageModalProps) {
  const [target, setTarget] = useState('');
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    setTarget('');
    setMissing(false);
  }, [stage?.id]);
  return (
    <FormModal
      opened={!!stage}
      onClose={onClose}
      title={text.removeStageTitle}
      submitLabel={text.removeStageConfirm}
      size="md"
      pending={pending}
      error={error}
      onSubmit={(e) => {
        e?.preventDefault();
        if (dealCount > 0 && !target) return setMissing(true);
        onConfirm(dealCount > 0 ? target : undefined);
      }}
    >
      <Text fz="sm">{stage ? text.removeStageQuestion(stage.name) : null}</Text>
      {dealCount > 0 ? (
        <NativeSelect
          label={text.moveDealsTo(dealCount)}
          required
          value={target}
          onChange={(e) => setTarget(e.currentTarget.value)}
          data={[{ value: '', label: text.chooseStage, disabled: true }, ...others.map((s) => ({ value: s.id, label: `${s.name} (${text.kinds[s.kind]})` }))]}
          error={missing ? text.chooseStage : undefined}
        />
      ) : null}
    </FormModal>
  );
}
