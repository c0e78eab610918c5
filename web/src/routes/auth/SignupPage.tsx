import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { AuthLayout } from '../../components/AuthLayout';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PasswordField } from '../../components/PasswordField';
import { applyFormError } from '../../lib/errors';
import { useInstance } from '../../lib/instance';
import { ME_KEY } from '../../lib/queryClient';
import { PASSWORD_MIN, slugify } from '../../lib/slug';
import { emailRule, newPasswordRule, requiredText, slugRule } from '../../lib/validators';
import { client, unwrap } from '../../api/client';

interface SignupValues {
  portalName: string;
  portalSlug: string;
  name: string;
  email: string;
  password: string;
}

export function SignupPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  // The address follows the portal name until someone edits it by hand.
  const [slugEdited, setSlugEdited] = useState(false);
  const instance = useInstance();

  const form = useForm<SignupValues>({
    initialValues: { portalName: '', portalSlug: '', name: '', email: '', password: '' },
    validate: {
      portalName: requiredText('a portal name'),
      portalSlug: slugRule,
      name: requiredText('your name'),
      email: emailRule,
      password: newPasswordRule,
    },
  });

  const signup = useMutation({
    mutationFn: (values: SignupValues) =>
      unwrap(
        client.POST('/api/auth/signup', {
          body: {
            ...values,
            portalName: values.portalName.trim(),
            portalSlug: values.portalSlug.trim(),
            name: values.name.trim(),
            email: values.email.trim(),
          },
        }),
      ),
    onSuccess: async (session) => {
      queryClient.setQueryData(ME_KEY, session);
      notifications.show({
        title: `Welcome to ${session.portal.name}`,
        message: 'Your workspace is ready.',
        color: 'green',
      });
      await navigate('/app', { replace: true });
    },
    onError: (error) => {
      setFormError(applyFormError(form, error, { codeFields: { SLUG_TAKEN: 'portalSlug', SLUG_RESERVED: 'portalSlug' } }));
    },
  });

  const slug = form.values.portalSlug;
  const host = typeof window === 'undefined' ? '' : window.location.host;

  if (!instance.isPending && !instance.signupAvailable) {
    return (
      <AuthLayout
        title="Sign-up is closed"
        subtitle="New portals on this server are created by its operator. Ask them for one, or log in to yours."
        footer={
          <Anchor component={Link} to="/login" fz="sm">
            Log in
          </Anchor>
        }
      >
        <Button component={Link} to="/login" fullWidth>
          Go to log in
        </Button>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Create your workspace"
      subtitle="Set up a portal for your team. You will be its owner."
      footer={
        <>
          Already have a workspace?{' '}
          <Anchor component={Link} to="/login" fz="sm">
            Log in
          </Anchor>
        </>
      }
    >
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          signup.mutate(values);
        })}
      >
        <Stack gap="md">
          <ErrorAlert error={formError} />
          <TextInput
            label="Portal name"
            placeholder="Acme Inc."
            description="Usually your company or team name."
            required
            autoComplete="organization"
            {...form.getInputProps('portalName')}
            onChange={(event) => {
              const value = event.currentTarget.value;
              form.setFieldValue('portalName', value);
              if (!slugEdited) {
                form.setFieldValue('portalSlug', slugify(value));
                form.clearFieldError('portalSlug');
              }
            }}
          />
          <TextInput
            label="Portal address"
            placeholder="acme"
            required
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            description={
              slug ? (
                <>
                  People on your team log in at{' '}
                  <Text span fw={600} inherit>
                    {host}/login?portal={slug}
                  </Text>
                </>
              ) : (
                '3–40 lowercase letters, digits or hyphens, starting with a letter.'
              )
            }
            {...form.getInputProps('portalSlug')}
            onChange={(event) => {
              setSlugEdited(true);
              form.setFieldValue('portalSlug', event.currentTarget.value.toLowerCase());
            }}
          />
          <TextInput label="Your name" placeholder="Ada Lovelace" required autoComplete="name" {...form.getInputProps('name')} />
          <TextInput label="Email" type="email" placeholder="you@example.com" required autoComplete="email" {...form.getInputProps('email')} />
          <PasswordField
            label="Password"
            description={`At least ${PASSWORD_MIN} characters.`}
            required
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <Button type="submit" fullWidth mt="xs" loading={signup.isPending}>
            Create workspace
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
