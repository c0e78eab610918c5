import { NativeSelect, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { FormModal } from '../FormModal';
import type { StageKind } from '../crmTypes';
import { text } from './pipelinesText';

interface NameModalProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  label: string;
  submitLabel: string;
  initialName?: string;
  /** Ask for the stage's kind too (adding a stage). */
  withKind?: boolean;
  description?: string;
  pending: boolean;
  error: string | null;
  onSubmit: (value: { name: string; kind: StageKind }) => void;
}

/** A small dialog for a name (a pipeline's or a stage's), and a new stage's kind. */
export function NameModal({ opened, onClose, title, label, submitLabel, initialName = '', withKind, description, pending, error, onSubmit }: NameModalProps) {
  const [name, setName] = useState(initialName);
  const [kind, setKind] = useState<StageKind>('open');
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    if (!opened) return;
    setName(initialName);
    setKind('open');
    setMissing(false);
  }, [opened, initialName]);
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={title}
      submitLabel={submitLabel}
      size="md"
      pending={pending}
      error={error}
      onSubmit={(e) => {
        e?.preventDefault();
        if (!name.trim()) return setMissing(true);
        onSubmit({ name: name.trim(), kind });
      }}
    >
      <TextInput
        label={label}
        description={description}
        required
        data-autofocus
        maxLength={120}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={missing ? text.enterName : undefined}
      />
      {withKind ? (
        <NativeSelect
          label={text.stageKind}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as StageKind)}
          data={Object.entries(text.kinds).map(([value, label]) => ({ value, label }))}
        />
      ) : null}
    </FormModal>
  );
}
