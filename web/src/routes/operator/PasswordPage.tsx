import { Alert, Button, Paper, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PasswordField } from '../../components/PasswordField';
import { applyFormError } from '../../lib/errors';
import { PASSWORD_MIN } from '../../lib/slug';
import { newPasswordRule } from '../../lib/validators';
import { client, unwrap } from '../../api/client';

/** What this page says, in one place (issue 15 moves it into the catalogue). */
const text = {
  title: 'Your password',
  description: 'Changing it signs you out of the operator console everywhere else.',
  current: 'Current password',
  next: 'New password',
  nextHint: `At least ${PASSWORD_MIN} characters.`,
  confirm: 'Confirm new password',
  submit: 'Change password',
  enterCurrent: 'Enter your current password',
  wrongCurrent: 'This is not your current password',
  sameAsCurrent: 'Choose a password different from the current one',
  mismatch: 'The two new passwords differ',
  done: 'Your password is changed. Use the new one next time you log in; your other sessions have ended.',
};

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** An operator changes their own password (POST /api/operator/me/password). */
export function PasswordPage() {
  const [formError, setFormError] = useState<string | null>(null);
  const [changed, setChanged] = useState(false);
  const form = useForm<Values>({
    initialValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
    validate: {
      currentPassword: (v) => (v ? null : text.enterCurrent),
      newPassword: (v, values) => newPasswordRule(v) ?? (v === values.currentPassword ? text.sameAsCurrent : null),
      confirmPassword: (v, values) => (v === values.newPassword ? null : text.mismatch),
    },
  });

  const change = useMutation({
    mutationFn: ({ currentPassword, newPassword }: Values) => unwrap(client.POST('/api/operator/me/password', { body: { currentPassword, newPassword } })),
    onSuccess: () => {
      form.reset();
      setChanged(true);
    },
    onError: (error) =>
      setFormError(applyFormError(form, error, { codeFields: { INVALID_CREDENTIALS: { field: 'currentPassword', message: text.wrongCurrent } } })),
  });

  return (
    <>
      <PageHeader title={text.title} description={text.description} />
      <Paper withBorder radius="md" p="lg" maw={520}>
        <form
          noValidate
          onSubmit={form.onSubmit((values) => {
            setFormError(null);
            setChanged(false);
            change.mutate(values);
          })}
        >
          <Stack gap="md">
            <ErrorAlert error={formError} />
            {changed ? (
              <Alert color="green" role="status">
                {text.done}
              </Alert>
            ) : null}
            <PasswordField label={text.current} required autoComplete="current-password" {...form.getInputProps('currentPassword')} />
            <PasswordField label={text.next} description={text.nextHint} required autoComplete="new-password" {...form.getInputProps('newPassword')} />
            <PasswordField label={text.confirm} required autoComplete="new-password" {...form.getInputProps('confirmPassword')} />
            <Button type="submit" loading={change.isPending} style={{ alignSelf: 'flex-start' }}>
              {text.submit}
            </Button>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
