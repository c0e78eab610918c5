import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyFormError } from '../../../lib/errors';
import { requiredText } from '../../../lib/validators';
import type { CreatedApiToken } from '../../../types';
import { TokenSecret } from './TokenSecret';
import { client, unwrap } from '../../../api/client';
import { limitedInputs } from '../../../lib/limits';

/** Two steps: name the token, then show its secret once. */
export function CreateTokenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const form = useForm({ initialValues: { name: '' }, validate: { name: requiredText('a name') } });
  const input = limitedInputs(form, 'POST /api/tokens');

  const close = () => {
    form.reset();
    setFormError(null);
    setCreated(null);
    onClose();
  };

  const create = useMutation({
    mutationFn: (values: { name: string }) => unwrap(client.POST('/api/tokens', { body: { name: values.name.trim() } })),
    onSuccess: (token) => {
      setCreated(token);
      void queryClient.invalidateQueries({ queryKey: ['/api/tokens'] });
      notifications.show({ message: `Token “${token.name}” created.`, color: 'green' });
    },
    onError: (error) => setFormError(applyFormError(form, error)),
  });

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={<Text fw={600}>{created ? 'Copy your new token' : 'Create API token'}</Text>}
      closeOnClickOutside={!created}
      size="lg"
    >
      {created ? (
        <Stack gap="md">
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title="Shown only once">
            Copy this token now and keep it somewhere safe. For your security it will not be shown again.
          </Alert>
          <TokenSecret label={`Token “${created.name}”`} secret={created.token} />
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
              label="Token name"
              description="Something to recognise it by, such as the script or tool that uses it."
              placeholder="Nightly export"
              required
              data-autofocus
              {...input('name')}
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close} disabled={create.isPending}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create token
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
