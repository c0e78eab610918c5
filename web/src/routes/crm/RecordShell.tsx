import { Anchor, Box, Button, Grid, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconSearchOff, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../../api';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyPanel } from '../../components/EmptyPanel';
import { QueryError } from '../../components/QueryError';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { invalidateCrm, type CrmResource } from './crmQueries';
import { client, unwrap } from '../../api/client';

interface RecordShellProps {
  query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
  back: { to: string; label: string };
  title: string | undefined;
  subtitle?: ReactNode;
  actions?: ReactNode;
  /** Left column: the record's details. */
  details: ReactNode;
  /** Right column: timeline and related records. */
  side?: ReactNode;
}

/** A CRM record page: back link, title and actions, details beside the timeline; loading and not-found states. */
export function RecordShell({ query, back, title, subtitle, actions, details, side }: RecordShellProps) {
  useDocumentTitle(title);
  const backLink = (
    <Anchor component={Link} to={back.to} fz="sm" mb="sm" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
      <IconArrowLeft size={14} /> {back.label}
    </Anchor>
  );
  if (query.isError) {
    return (
      <>
        {backLink}
        {isApiError(query.error, 'NOT_FOUND') ? (
          <EmptyPanel icon={<IconSearchOff size={28} />} title="Not found" description="It may have been deleted, or the link is wrong." />
        ) : (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        )}
      </>
    );
  }
  return (
    <>
      {backLink}
      <Group justify="space-between" align="flex-start" mb="lg" gap="md">
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          {query.isPending ? <Skeleton h={28} w={260} /> : <Title order={2}>{title}</Title>}
          {subtitle ? (
            <Text c="dimmed" fz="sm" component="div">
              {subtitle}
            </Text>
          ) : null}
        </Stack>
        {!query.isPending && actions ? <Group gap="sm">{actions}</Group> : null}
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: side ? 5 : 12 }}>
          <Paper withBorder radius="md" p="lg">
            {query.isPending ? <Skeleton h={160} /> : details}
          </Paper>
        </Grid.Col>
        {side ? (
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="lg">{side}</Stack>
          </Grid.Col>
        ) : null}
      </Grid>
    </>
  );
}

/** Label and value pairs, as a description list. */
export function Details({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <Box component="dl" m={0} style={{ display: 'grid', gridTemplateColumns: 'minmax(110px, auto) 1fr', rowGap: 10, columnGap: 16 }}>
      {rows.map(([term, value]) => (
        <Fragment key={term}>
          <Text component="dt" fz="sm" c="dimmed">
            {term}
          </Text>
          <Text component="dd" fz="sm" m={0} style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>
            {value === null || value === undefined || value === '' ? '—' : value}
          </Text>
        </Fragment>
      ))}
    </Box>
  );
}

/** Delete a record after a confirmation, then go back to its list. */
export function DeleteRecordButton({
  resource,
  id,
  name,
  after,
  warning,
}: {
  resource: CrmResource;
  id: string;
  name: string;
  after: string;
  warning?: string;
}) {
  const [opened, modal] = useDisclosure(false);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const remove = useMutation({
    mutationFn: () => unwrap(client.DELETE(`/api/crm/${resource}/{id}`, { params: { path: { id } } })),
    onSuccess: () => {
      modal.close();
      notifications.show({ message: `${name} was deleted.`, color: 'green' });
      void navigate(after);
      void invalidateCrm(queryClient, 'companies', 'contacts', 'leads', 'deals', 'activities');
    },
  });
  return (
    <>
      <Button variant="default" color="red" leftSection={<IconTrash size={16} />} onClick={modal.open}>
        Delete
      </Button>
      <ConfirmModal
        opened={opened}
        onClose={modal.close}
        onConfirm={() => remove.mutate()}
        title={`Delete ${name}?`}
        confirmLabel="Delete"
        loading={remove.isPending}
        error={remove.error}
      >
        {warning ?? 'Its notes and activities are deleted with it.'} This cannot be undone.
      </ConfirmModal>
    </>
  );
}
