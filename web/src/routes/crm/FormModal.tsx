import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';

interface FormModalProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  submitLabel: string;
  onSubmit: (e?: FormEvent<HTMLFormElement>) => void;
  pending: boolean;
  error: string | null;
  children: ReactNode;
  size?: string;
}

/** The frame of every CRM create/edit dialog: title, error above the fields, Cancel and submit. */
export function FormModal({ opened, onClose, title, submitLabel, onSubmit, pending, error, children, size = 'lg' }: FormModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>{title}</Text>} size={size}>
      <form noValidate onSubmit={onSubmit}>
        <Stack gap="md">
          <ErrorAlert error={error} />
          {children}
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={onClose} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" loading={pending}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
