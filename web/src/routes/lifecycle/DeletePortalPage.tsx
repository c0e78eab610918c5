import { Alert, Anchor, Button, Group, List, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconDatabaseExport, IconLock } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { isApiError, type ApiError } from '../../api';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PasswordField } from '../../components/PasswordField';
import { QueryError } from '../../components/QueryError';
import { SectionCard } from '../../components/SectionCard';
import { applyFormError } from '../../lib/errors';
import { formatBytes } from '../billing/money';
import type { DeletionPreview } from './types';
import { client, unwrap } from '../../api/client';

/** Only the owner deletes (LIF-5); everyone else is told whom to ask. */
function OwnerOnly({ error }: { error: ApiError }) {
  const owners = error.admins;
  return (
    <EmptyPanel
      icon={<IconLock size={28} />}
      title="Only the portal owner can delete the portal"
      description={
        <Text span inherit>
          {owners.length === 0
            ? 'Ask the owner of your portal.'
            : owners.map((o, i) => (
                <Fragment key={o.email}>
                  {i > 0 ? ' or ' : 'Ask '}
                  {o.name} (
                  <Anchor href={`mailto:${o.email}`} inherit>
                    {o.email}
                  </Anchor>
                  )
                </Fragment>
              ))}
          {owners.length > 0 ? '.' : ''}
        </Text>
      }
    />
  );
}

interface Values {
  password: string;
  confirmSlug: string;
}

function DeleteForm({ preview }: { preview: DeletionPreview }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const slug = preview.portal.slug;
  const form = useForm<Values>({
    initialValues: { password: '', confirmSlug: '' },
    validate: {
      password: (v) => (v ? null : 'Enter your password'),
      confirmSlug: (v) => (v.trim() === slug ? null : `Type ${slug} exactly`),
    },
  });
  const remove = useMutation({
    mutationFn: (values: Values) => unwrap(client.POST('/api/portal/delete', { body: values })),
    onSuccess: (out) => {
      notifications.show({
        color: 'green',
        autoClose: false,
        title: `${preview.portal.name} is being deleted`,
        message: `Everyone is signed out. The receipt ${out.reference} goes to your email once nothing of the portal is left.`,
      });
      queryClient.clear();
      void navigate('/login', { replace: true });
    },
    onError: (err) =>
      setFormError(applyFormError(form, err, { codeFields: { INVALID_CREDENTIALS: { field: 'password', message: 'This is not your password' } } })),
  });

  return (
    <SectionCard title="Delete the portal for good" description="This cannot be undone. Everyone is signed out at once.">
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          remove.mutate(values);
        })}
      >
        <Stack gap="md" maw={520}>
          <ErrorAlert error={formError} />
          <PasswordField label="Your password" required autoComplete="current-password" {...form.getInputProps('password')} />
          <TextInput
            label={`Type the portal address, ${slug}, to confirm`}
            required
            autoComplete="off"
            spellCheck={false}
            {...form.getInputProps('confirmSlug')}
          />
          <Group>
            <Button type="submit" color="red" loading={remove.isPending} disabled={form.values.confirmSlug.trim() !== slug}>
              Delete {preview.portal.name} for good
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}

/** Settings → Delete portal (LIF-5): export first, see what is erased, confirm with password and address. */
export function DeletePortalPage() {
  const preview = useQuery<DeletionPreview>({ queryKey: ['/api/portal/deletion-preview'] });
  const header = (
    <PageHeader order={2} title="Delete portal" description="Erase the portal, every record and every file, for everyone. Export everything first." />
  );
  if (preview.isError) {
    return (
      <>
        {header}
        {isApiError(preview.error, 'FORBIDDEN') ? (
          <OwnerOnly error={preview.error} />
        ) : (
          <QueryError error={preview.error} onRetry={() => void preview.refetch()} />
        )}
      </>
    );
  }
  if (!preview.data) {
    return (
      <>
        {header}
        <Skeleton h={280} radius="md" aria-busy />
      </>
    );
  }
  const p = preview.data;
  return (
    <>
      {header}
      <Stack gap="lg">
        <Alert color="blue" variant="light" icon={<IconDatabaseExport size={20} />} title="Export everything first">
          <Stack gap="xs" align="flex-start">
            <Text fz="sm">One ZIP with every record as CSV, calendars as iCalendar, the files in their folders, automations, invoices and the audit log.</Text>
            <Button component={Link} to={p.exportPage} variant="white" size="xs">
              Export everything
            </Button>
          </Stack>
        </Alert>
        <SectionCard title="What is erased">
          <List fz="sm" spacing={4}>
            <List.Item>
              {p.records.toLocaleString('en-US')} records of {p.portal.name} in every part of the app: users, CRM, tasks, calendars, automations, invoices, the
              audit log.
            </List.Item>
            <List.Item>{formatBytes(p.storedBytes)} of stored files.</List.Item>
            <List.Item>
              A paid plan ends with the portal: no further invoices. (To have the unused months of an annual plan refunded, cancel it first.)
            </List.Item>
            <List.Item>The address {p.portal.slug} becomes free. A receipt, holding none of the portal’s content, is emailed to you.</List.Item>
          </List>
        </SectionCard>
        <DeleteForm preview={p} />
      </Stack>
    </>
  );
}
