import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyFormError } from '../../lib/errors';
import { requiredText } from '../../lib/validators';
import { TokenSecret } from '../settings/tokens/TokenSecret';
import { APP_PASSWORDS_KEY, createAppPassword } from './connectionsApi';
import { CopyField } from '../../components/CopyField';
import type { CreatedAppPassword } from './types';

/** Two steps: name the app password, then show it once with the CalDAV address and user name. */
export function CreateAppPasswordModal({ opened, onClose, email, url }: { opened: boolean; onClose: () => void; email: string; url: string }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedAppPassword | null>(null);
  const form = useForm({ initialValues: { name: '' }, validate: { name: requiredText('a name') } });

  const close = () => {
    form.reset();
    setFormError(null);
    setCreated(null);
    onClose();
  };

  const create = useMutation({
    mutationFn: (values: { name: string }) => createAppPassword(values.name.trim()),
    onSuccess: (password) => {
      setCreated(password);
      void queryClient.invalidateQueries({ queryKey: APP_PASSWORDS_KEY });
    },
    onError: (error) => setFormError(applyFormError(form, error)),
  });

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={<Text fw={600}>{created ? 'Your new app password' : 'Create app password'}</Text>}
      closeOnClickOutside={!created}
      size="lg"
    >
      {created ? (
        <Stack gap="md">
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title="Shown only once">
            Enter it in your calendar app now. It will not be shown again; if you lose it, revoke it and create a new one.
          </Alert>
          <TokenSecret label={`App password “${created.name}”`} secret={created.password} />
          <CopyField label="CalDAV address" value={url} />
          <CopyField label="User name" value={email} />
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((values) => {
            setFormError(null);
            create.mutate(values);
          })}
        >
          <Stack gap="md">
            <ErrorAlert error={formError} />
            <TextInput
              label="Name"
              description="The device or app that uses it, so you know which one to revoke."
              placeholder="Thunderbird on my laptop"
              required
              data-autofocus
              {...form.getInputProps('name')}
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close} disabled={create.isPending}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
