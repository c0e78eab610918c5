import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyFormError } from '../../lib/errors';

interface NameModalProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  label: string;
  initialName?: string;
  submitLabel: string;
  /** Resolves when saved; a rejection's field errors (NAME_TAKEN…) land beside the input. */
  onSubmit: (name: string) => Promise<unknown>;
}

function nameRule(value: string): string | null {
  const v = value.trim();
  if (!v) return 'Enter a name';
  if (v.includes('/')) return 'A name cannot contain “/”';
  if (v.length > 255) return 'Use at most 255 characters';
  return null;
}

/** Asks for a name: "New folder" and "Rename". */
export function NameModal({ opened, onClose, title, label, initialName = '', submitLabel, onSubmit }: NameModalProps) {
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const form = useForm({ initialValues: { name: initialName }, validate: { name: nameRule } });

  const close = () => {
    form.reset();
    setFormError(null);
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>{title}</Text>} transitionProps={{ onEnter: () => form.setValues({ name: initialName }) }}>
      <form
        noValidate
        onSubmit={form.onSubmit(async ({ name }) => {
          setFormError(null);
          setSaving(true);
          try {
            await onSubmit(name.trim());
            close();
          } catch (err) {
            setFormError(applyFormError(form, err, { codeFields: { NAME_TAKEN: 'name' } }));
          } finally {
            setSaving(false);
          }
        })}
      >
        <Stack gap="md">
          <ErrorAlert error={formError} />
          <TextInput label={label} required data-autofocus {...form.getInputProps('name')} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={saving}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
