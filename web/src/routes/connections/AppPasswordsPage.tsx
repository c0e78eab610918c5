import { Button, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDeviceMobile, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyPanel } from '../../components/EmptyPanel';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { SectionCard } from '../../components/SectionCard';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDate, formatRelative } from '../../lib/format';
import { useSession } from '../../lib/session';
import { APP_PASSWORDS_KEY, davUrl, revokeAppPassword } from './connectionsApi';
import { CopyField } from '../../components/CopyField';
import { CreateAppPasswordModal } from './CreateAppPasswordModal';
import { DavInstructions } from './DavInstructions';
import type { AppPassword } from './types';

/** Settings → App passwords: passwords for CalDAV apps (Thunderbird, DAVx⁵, Apple Calendar), never for signing in. */
export function AppPasswordsPage() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [creating, { open, close }] = useDisclosure(false);
  const [revoking, setRevoking] = useState<AppPassword | null>(null);
  const passwords = useQuery<{ items: AppPassword[] }>({ queryKey: APP_PASSWORDS_KEY });
  const url = davUrl();
  const email = session.user.email;

  const revoke = useMutation({
    mutationFn: (p: AppPassword) => revokeAppPassword(p.id),
    onSuccess: async (_r, p) => {
      await queryClient.invalidateQueries({ queryKey: APP_PASSWORDS_KEY });
      notifications.show({ message: `App password “${p.name}” revoked`, color: 'gray' });
      setRevoking(null);
    },
  });

  let list;
  if (passwords.isError) list = <QueryError error={passwords.error} onRetry={() => void passwords.refetch()} />;
  else if (!passwords.isPending && passwords.data.items.length === 0)
    list = (
      <EmptyPanel
        icon={<IconDeviceMobile size={28} />}
        title="No app passwords yet"
        description="Create one for each device or app that syncs your calendars."
        action={
          <Button leftSection={<IconPlus size={16} />} onClick={open} variant="light">
            Create app password
          </Button>
        }
      />
    );
  else
    list = (
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="App passwords">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th w={100}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            {passwords.isPending ? (
              <TableSkeleton columns={4} rows={2} />
            ) : (
              <Table.Tbody>
                {passwords.data.items.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      <Text fz="sm" fw={600}>
                        {p.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">{formatDate(p.createdAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm" c="dimmed">
                        {formatRelative(p.lastUsedAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        aria-label={`Revoke ${p.name}`}
                        onClick={() => {
                          revoke.reset();
                          setRevoking(p);
                        }}
                      >
                        Revoke
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            )}
          </Table>
        </Table.ScrollContainer>
      </Paper>
    );

  return (
    <>
      <PageHeader
        order={2}
        title="App passwords"
        description="Sync your SchedulingKit calendars with phone and desktop calendar apps over CalDAV. An app password works only for calendar sync, never to log in."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={open}>
            Create app password
          </Button>
        }
      />
      <Stack gap="lg">
        {list}
        <SectionCard title="Connect a calendar app" description="Use these details, with an app password, in any CalDAV app.">
          <Stack gap="sm">
            <CopyField label="CalDAV address" value={url} />
            <CopyField label="User name" value={email} />
            <DavInstructions url={url} email={email} />
          </Stack>
        </SectionCard>
      </Stack>
      <CreateAppPasswordModal opened={creating} onClose={close} email={email} url={url} />
      <ConfirmModal
        opened={!!revoking}
        onClose={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        loading={revoke.isPending}
        error={revoke.error}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke"
      >
        Apps that use this password stop syncing at once. This cannot be undone.
      </ConfirmModal>
    </>
  );
}
