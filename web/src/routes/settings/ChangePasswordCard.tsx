import { Button, Group, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PasswordField } from '../../components/PasswordField';
import { SectionCard } from '../../components/SectionCard';
import { applyFormError } from '../../lib/errors';
import { PASSWORD_MIN } from '../../lib/slug';
import { newPasswordRule } from '../../lib/validators';
import { client, unwrap } from '../../api/client';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
}

export function ChangePasswordCard() {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<PasswordValues>({
    initialValues: { currentPassword: '', newPassword: '' },
    validate: {
      currentPassword: (v) => (v ? null : 'Enter your current password'),
      newPassword: (v, values) => newPasswordRule(v) ?? (v === values.currentPassword ? 'Choose a password different from the current one' : null),
    },
  });

  const change = useMutation({
    mutationFn: (values: PasswordValues) => unwrap(client.POST('/api/me/password', { body: values })),
    onSuccess: () => {
      form.reset();
      notifications.show({ title: 'Password changed', message: 'Use your new password next time you log in.', color: 'green' });
    },
    onError: (error) =>
      setFormError(
        applyFormError(form, error, {
          codeFields: {
            INVALID_CREDENTIALS: { field: 'currentPassword', message: 'This is not your current password' },
          },
        }),
      ),
  });

  return (
    <SectionCard title="Change password" description={`Use at least ${PASSWORD_MIN} characters.`}>
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          change.mutate(values);
        })}
      >
        <Stack gap="md" maw={480}>
          <ErrorAlert error={formError} />
          <PasswordField label="Current password" required autoComplete="current-password" {...form.getInputProps('currentPassword')} />
          <PasswordField label="New password" required autoComplete="new-password" {...form.getInputProps('newPassword')} />
          <Group>
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}
