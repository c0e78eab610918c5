import { Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { AuthLayout } from '../../components/AuthLayout';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PasswordField } from '../../components/PasswordField';
import { applyFormError } from '../../lib/errors';
import { emailRule } from '../../lib/validators';
import { OPERATOR_ME_KEY, operatorMeQuery } from './operatorApi';
import { client, unwrap } from '../../api/client';

interface LoginValues {
  email: string;
  password: string;
}

/** /operator: the operators' own log-in (accounts made with `skit operator create`, not portal accounts). */
export function OperatorLoginPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const me = useQuery({ ...operatorMeQuery, retry: false });
  const form = useForm<LoginValues>({
    initialValues: { email: '', password: '' },
    validate: { email: emailRule, password: (v) => (v ? null : 'Enter your password') },
  });

  const login = useMutation({
    mutationFn: (values: LoginValues) => unwrap(client.POST('/api/operator/auth/login', { body: { email: values.email.trim(), password: values.password } })),
    onSuccess: async (operator) => {
      queryClient.setQueryData(OPERATOR_ME_KEY, operator);
      await navigate('/operator/overview', { replace: true });
    },
    onError: (error) => {
      form.setFieldValue('password', '');
      setFormError(applyFormError(form, error));
    },
  });

  if (me.data) return <Navigate to="/operator/overview" replace />;

  return (
    <AuthLayout title="Operator console" documentTitle="Operator log-in" subtitle="For the people who run this server. Portal accounts log in at /login.">
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          login.mutate(values);
        })}
      >
        <Stack gap="md">
          <ErrorAlert error={formError} />
          <TextInput label="Email" type="email" placeholder="you@provider.com" required autoComplete="username" autoFocus {...form.getInputProps('email')} />
          <PasswordField label="Password" required autoComplete="current-password" {...form.getInputProps('password')} />
          <Button type="submit" fullWidth loading={login.isPending}>
            Log in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
