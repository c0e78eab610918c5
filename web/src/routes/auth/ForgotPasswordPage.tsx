import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMailCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { AuthLayout } from '../../components/AuthLayout';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyFormError } from '../../lib/errors';
import { emailRule, requiredText } from '../../lib/validators';
import { client, unwrap } from '../../api/client';

interface ForgotValues {
  portalSlug: string;
  email: string;
}

export function ForgotPasswordPage() {
  const [params] = useSearchParams();
  const [formError, setFormError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<ForgotValues | null>(null);

  const form = useForm<ForgotValues>({
    initialValues: { portalSlug: params.get('portal') ?? '', email: params.get('email') ?? '' },
    validate: { portalSlug: requiredText('your portal address'), email: emailRule },
  });

  const reset = useMutation({
    mutationFn: (values: ForgotValues) =>
      unwrap(client.POST('/api/auth/password-reset', { body: { portalSlug: values.portalSlug.trim().toLowerCase(), email: values.email.trim() } })),
    onSuccess: (_data, values) => setSentTo(values),
    onError: (error) => setFormError(applyFormError(form, error)),
  });

  const backToLogin = `/login${sentTo || form.values.portalSlug ? `?portal=${encodeURIComponent((sentTo ?? form.values).portalSlug.trim())}` : ''}`;

  return (
    <AuthLayout
      title="Reset your password"
      subtitle={sentTo ? undefined : "Enter your portal address and email. We'll send you a link to choose a new password."}
      footer={
        <Anchor component={Link} to={backToLogin} fz="sm">
          Back to log in
        </Anchor>
      }
    >
      {sentTo ? (
        <Alert color="green" variant="light" icon={<IconMailCheck size={18} />} title="Check your inbox" role="status">
          <Text fz="sm">If an account exists, we sent a link to reset your password.</Text>
          <Text fz="sm" mt={6} c="dimmed">
            We looked for <b>{sentTo.email}</b> in the portal <b>{sentTo.portalSlug}</b>. The link works for a short time only.
          </Text>
          <Button variant="subtle" size="compact-sm" mt="sm" px={0} onClick={() => setSentTo(null)}>
            Use a different email
          </Button>
        </Alert>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((values) => {
            setFormError(null);
            reset.mutate(values);
          })}
        >
          <Stack gap="md">
            <ErrorAlert error={formError} />
            <TextInput label="Portal address" placeholder="acme" required autoCapitalize="none" spellCheck={false} {...form.getInputProps('portalSlug')} />
            <TextInput label="Email" type="email" placeholder="you@example.com" required autoComplete="email" {...form.getInputProps('email')} />
            <Button type="submit" fullWidth loading={reset.isPending}>
              Send reset link
            </Button>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
