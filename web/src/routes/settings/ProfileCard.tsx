import { Badge, Button, Group, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SectionCard } from '../../components/SectionCard';
import { applyFormError } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { ME_KEY } from '../../lib/queryClient';
import { roleLabels, useSession } from '../../lib/session';
import { requiredText } from '../../lib/validators';
import { client, unwrap } from '../../api/client';

export function ProfileCard() {
  const { user, role, portal } = useSession();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm({
    initialValues: { name: user.name },
    validate: { name: requiredText('your name') },
  });

  // Keep the form in step when the session changes elsewhere.
  useEffect(() => {
    if (!form.isDirty()) form.setValues({ name: user.name });
  }, [user.name]);

  const save = useMutation({
    mutationFn: (values: { name: string }) => unwrap(client.PATCH('/api/me', { body: { name: values.name.trim() } })),
    onSuccess: (session) => {
      queryClient.setQueryData(ME_KEY, session);
      void queryClient.invalidateQueries({ queryKey: ['/api/users'] });
      form.setInitialValues({ name: session.user.name });
      form.setValues({ name: session.user.name });
      form.resetDirty();
      notifications.show({ message: 'Profile saved.', color: 'green' });
    },
    onError: (error) => setFormError(applyFormError(form, error)),
  });

  return (
    <SectionCard
      title="Your details"
      description={
        <Group gap={6} component="span">
          <span>
            Member of {portal.name} since {formatDate(user.createdAt)}
          </span>
          <Badge size="xs" variant="light" component="span">
            {roleLabels[role]}
          </Badge>
        </Group>
      }
    >
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          save.mutate(values);
        })}
      >
        <Stack gap="md" maw={480}>
          <ErrorAlert error={formError} />
          <TextInput label="Name" required autoComplete="name" {...form.getInputProps('name')} />
          <TextInput label="Email" value={user.email} readOnly variant="filled" description="Ask an admin if your email address needs to change." />
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
              Save profile
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}
