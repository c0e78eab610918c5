import { Anchor, Button, Group, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { AuthLayout } from '../../components/AuthLayout';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PasswordField } from '../../components/PasswordField';
import { safeNext } from '../../lib/authLoaders';
import { applyFormError } from '../../lib/errors';
import { useInstance } from '../../lib/instance';
import { ME_KEY } from '../../lib/queryClient';
import { emailRule, requiredText } from '../../lib/validators';
import { client, unwrap } from '../../api/client';

interface LoginValues {
  portalSlug: string;
  email: string;
  password: string;
}

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const portalFromUrl = params.get('portal') ?? '';
  // The link waits for the server's answer: on a closed install it must not flash and vanish.
  const { signupAvailable, isPending: instancePending } = useInstance();

  const form = useForm<LoginValues>({
    initialValues: { portalSlug: portalFromUrl, email: params.get('email') ?? '', password: '' },
    validate: {
      portalSlug: requiredText('your portal address'),
      email: emailRule,
      password: (v) => (v ? null : 'Enter your password'),
    },
  });

  const login = useMutation({
    mutationFn: (values: LoginValues) =>
      unwrap(
        client.POST('/api/auth/login', {
          body: { portalSlug: values.portalSlug.trim().toLowerCase(), email: values.email.trim(), password: values.password },
        }),
      ),
    onSuccess: async (session) => {
      queryClient.setQueryData(ME_KEY, session);
      await navigate(safeNext(params.get('next')), { replace: true });
    },
    onError: (error) => {
      form.setFieldValue('password', '');
      setFormError(applyFormError(form, error));
    },
  });

  const forgotHref = (() => {
    const q = new URLSearchParams();
    if (form.values.portalSlug.trim()) q.set('portal', form.values.portalSlug.trim());
    if (form.values.email.trim()) q.set('email', form.values.email.trim());
    const s = q.toString();
    return s ? `/forgot-password?${s}` : '/forgot-password';
  })();

  return (
    <AuthLayout
      title="Log in"
      subtitle="Welcome back. Log in to your team's portal."
      footer={
        signupAvailable && !instancePending ? (
          <>
            New to SchedulingKit?{' '}
            <Anchor component={Link} to="/signup" fz="sm">
              Create a workspace
            </Anchor>
          </>
        ) : undefined
      }
    >
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          login.mutate(values);
        })}
      >
        <Stack gap="md">
          <ErrorAlert error={formError} />
          <TextInput
            label="Portal address"
            placeholder="acme"
            description="The short name of your team's portal."
            required
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            autoComplete="organization"
            autoFocus={!portalFromUrl}
            {...form.getInputProps('portalSlug')}
          />
          <TextInput
            label="Email"
            type="email"
            placeholder="you@example.com"
            required
            autoComplete="username"
            autoFocus={Boolean(portalFromUrl)}
            {...form.getInputProps('email')}
          />
          <Stack gap={4}>
            <PasswordField label="Password" required autoComplete="current-password" {...form.getInputProps('password')} />
            <Group justify="flex-end">
              <Anchor component={Link} to={forgotHref} fz="sm">
                Forgot password?
              </Anchor>
            </Group>
          </Stack>
          <Button type="submit" fullWidth loading={login.isPending}>
            Log in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
