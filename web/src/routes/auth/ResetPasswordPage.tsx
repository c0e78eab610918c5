import { Anchor, Button, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api';
import { AuthLayout } from '../../components/AuthLayout';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PasswordField } from '../../components/PasswordField';
import { applyFormError } from '../../lib/errors';
import { PASSWORD_MIN } from '../../lib/slug';
import { newPasswordRule } from '../../lib/validators';
import { client, unwrap } from '../../api/client';

export function ResetPasswordPage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const [tokenInvalid, setTokenInvalid] = useState(false);

  const form = useForm({
    initialValues: { password: '' },
    validate: { password: newPasswordRule },
  });

  const confirm = useMutation({
    mutationFn: (values: { password: string }) => unwrap(client.POST('/api/auth/password-reset/confirm', { body: { token, password: values.password } })),
    onSuccess: async () => {
      notifications.show({
        title: 'Password changed',
        message: 'Log in with your new password.',
        color: 'green',
      });
      await navigate('/login', { replace: true });
    },
    onError: (error) => {
      if (isApiError(error, 'TOKEN_INVALID')) {
        setTokenInvalid(true);
        return;
      }
      setFormError(applyFormError(form, error));
    },
  });

  return (
    <AuthLayout
      title="Choose a new password"
      subtitle={`Use at least ${PASSWORD_MIN} characters. You will be asked to log in again.`}
      footer={
        <Anchor component={Link} to="/login" fz="sm">
          Back to log in
        </Anchor>
      }
    >
      {tokenInvalid ? (
        <Stack>
          <ErrorAlert title="This link no longer works" error="The reset link has expired or was already used. Ask for a new one." />
          <Button component={Link} to="/forgot-password" fullWidth>
            Send a new link
          </Button>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((values) => {
            setFormError(null);
            confirm.mutate(values);
          })}
        >
          <Stack gap="md">
            <ErrorAlert error={formError} />
            <PasswordField label="New password" required autoComplete="new-password" autoFocus {...form.getInputProps('password')} />
            <Button type="submit" fullWidth loading={confirm.isPending}>
              Set new password
            </Button>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
