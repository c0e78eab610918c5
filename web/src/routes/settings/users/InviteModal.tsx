import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyFormError } from '../../../lib/errors';
import { emailRule } from '../../../lib/validators';
import type { AssignableRole } from '../../../types';
import { client, unwrap } from '../../../api/client';
import { limitedInputs } from '../../../lib/limits';

interface InviteValues {
  email: string;
  role: AssignableRole;
}

const roleOptions = [
  { value: 'member', label: 'Member — uses the workspace' },
  { value: 'admin', label: 'Admin — also manages users and settings' },
];

export function InviteModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<InviteValues>({
    initialValues: { email: '', role: 'member' },
    validate: { email: emailRule },
  });
  const input = limitedInputs(form, 'POST /api/users/invites');

  const close = () => {
    form.reset();
    setFormError(null);
    onClose();
  };

  const invite = useMutation({
    mutationFn: (values: InviteValues) => unwrap(client.POST('/api/users/invites', { body: { email: values.email.trim(), role: values.role } })),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ['/api/users/invites'] });
      void queryClient.invalidateQueries({ queryKey: ['/api/mail/outbox'] });
      notifications.show({
        title: 'Invite sent',
        message: `We emailed an invite to ${created.email}.`,
        color: 'green',
      });
      close();
    },
    onError: (error) =>
      setFormError(
        applyFormError(form, error, {
          codeFields: { USER_EXISTS: 'email', INVITE_PENDING: 'email' },
        }),
      ),
  });

  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>Invite someone</Text>}>
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          invite.mutate(values);
        })}
      >
        <Stack gap="md">
          <Text fz="sm" c="dimmed">
            They get an email with a link to join. The link works for a limited time.
          </Text>
          <ErrorAlert error={formError} />
          <TextInput label="Email" type="email" placeholder="colleague@example.com" required data-autofocus {...input('email')} />
          <Select label="Role" data={roleOptions} allowDeselect={false} comboboxProps={{ withinPortal: true }} {...input('role')} />
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={close} disabled={invite.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={invite.isPending}>
              Send invite
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
