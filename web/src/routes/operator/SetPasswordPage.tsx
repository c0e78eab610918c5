import { Anchor, Button, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { AuthLayout } from '../../components/AuthLayout';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PasswordField } from '../../components/PasswordField';
import { applyFormError } from '../../lib/errors';
import { PASSWORD_MIN } from '../../lib/slug';
import { newPasswordRule } from '../../lib/validators';
import { client, unwrap } from '../../api/client';

/** The one-time link printed by `skit operator create` / `skit operator reset-password`. */
export function SetPasswordPage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ initialValues: { password: '' }, validate: { password: newPasswordRule } });

  const save = useMutation({
    mutationFn: (values: { password: string }) => unwrap(client.POST('/api/operator/auth/set-password', { body: { token, password: values.password } })),
    onSuccess: async () => {
      notifications.show({ message: 'Your password is set. Log in to the operator console.', color: 'green' });
      await navigate('/operator', { replace: true });
    },
    onError: (error) => setFormError(applyFormError(form, error)),
  });

  return (
    <AuthLayout
      title="Set your operator password"
      subtitle="This link works once. Choose the password you will use to log in to the operator console."
      footer={
        <Anchor component={Link} to="/operator" fz="sm">
          Back to the operator log-in
        </Anchor>
      }
    >
      <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack gap="md">
          <ErrorAlert error={formError} />
          <PasswordField
            label="New password"
            description={`At least ${PASSWORD_MIN} characters.`}
            required
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <Button type="submit" fullWidth loading={save.isPending}>
            Set password
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
