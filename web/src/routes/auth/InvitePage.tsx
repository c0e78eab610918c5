import { Anchor, Badge, Button, Group, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconMailOff } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api';
import { AuthLayout } from '../../components/AuthLayout';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PasswordField } from '../../components/PasswordField';
import { QueryError } from '../../components/QueryError';
import { applyFormError } from '../../lib/errors';
import { ME_KEY } from '../../lib/queryClient';
import { roleLabels } from '../../lib/session';
import { PASSWORD_MIN } from '../../lib/slug';
import { newPasswordRule, requiredText } from '../../lib/validators';
import type { InvitePreview } from '../../types';
import { client, unwrap } from '../../api/client';

export function InvitePage() {
  const { token = '' } = useParams();
  const invite = useQuery<InvitePreview>({ queryKey: ['/api/invites', token], staleTime: Infinity });

  if (invite.isPending) {
    return (
      <AuthLayout title={<Skeleton h={28} w="70%" />} documentTitle="Join a portal">
        <Stack gap="md" aria-busy="true" aria-label="Loading invite">
          <Skeleton h={16} w="90%" />
          <Skeleton h={56} />
          <Skeleton h={56} />
          <Skeleton h={36} />
        </Stack>
      </AuthLayout>
    );
  }

  if (invite.isError) {
    if (isApiError(invite.error, 'INVITE_NOT_FOUND') || (isApiError(invite.error) && invite.error.status === 404)) {
      return (
        <AuthLayout title="Invite not found" documentTitle="Invite not found">
          <EmptyPanel
            withBorder={false}
            icon={<IconMailOff size={28} />}
            title="This invite is no longer valid"
            description="It may have expired, been revoked or already used. Ask the person who invited you to send a new one."
            action={
              <Button component={Link} to="/login" variant="default">
                Go to log in
              </Button>
            }
          />
        </AuthLayout>
      );
    }
    return (
      <AuthLayout title="Join a portal">
        <QueryError error={invite.error} onRetry={() => void invite.refetch()} />
      </AuthLayout>
    );
  }

  return <AcceptInviteForm token={token} invite={invite.data} />;
}

function AcceptInviteForm({ token, invite }: { token: string; invite: InvitePreview }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm({
    initialValues: { name: '', password: '' },
    validate: { name: requiredText('your name'), password: newPasswordRule },
  });

  const accept = useMutation({
    mutationFn: (values: { name: string; password: string }) =>
      unwrap(client.POST('/api/invites/accept', { body: { token, name: values.name.trim(), password: values.password } })),
    onSuccess: async (session) => {
      queryClient.setQueryData(ME_KEY, session);
      queryClient.removeQueries({ queryKey: ['/api/invites', token] });
      notifications.show({ title: `Welcome to ${session.portal.name}`, message: 'You joined the portal.', color: 'green' });
      await navigate('/app', { replace: true });
    },
    onError: (error) => setFormError(applyFormError(form, error)),
  });

  return (
    <AuthLayout
      title={`Join ${invite.portal.name}`}
      subtitle={
        <Group gap={6} component="span">
          <span>You were invited to join as</span>
          <Badge variant="light" size="sm" component="span">
            {roleLabels[invite.role]}
          </Badge>
        </Group>
      }
      footer={
        <>
          Already have an account?{' '}
          <Anchor component={Link} to={`/login?portal=${encodeURIComponent(invite.portal.slug)}`} fz="sm">
            Log in
          </Anchor>
        </>
      }
    >
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          accept.mutate(values);
        })}
      >
        <Stack gap="md">
          <ErrorAlert error={formError} />
          <TextInput label="Email" value={invite.email} readOnly variant="filled" description="The invite was sent to this address." />
          <TextInput label="Your name" placeholder="Ada Lovelace" required autoComplete="name" autoFocus {...form.getInputProps('name')} />
          <PasswordField
            label="Password"
            description={`At least ${PASSWORD_MIN} characters.`}
            required
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <Button type="submit" fullWidth loading={accept.isPending}>
            Join
          </Button>
          <Text fz="xs" c="dimmed" ta="center">
            Portal address: {invite.portal.slug}
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
