import { Button, Skeleton, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarPlus, IconPlug } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyPanel } from '../../components/EmptyPanel';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { errorMessage } from '../../lib/errors';
import { ConnectionCard } from './ConnectionCard';
import { ConnectModal } from './ConnectModal';
import { deleteConnection, invalidateConnections, syncConnection, useConnections } from './connectionsApi';
import { EditConnectionModal } from './EditConnectionModal';
import { ProviderList } from './ProviderHints';
import type { Connection } from './types';

/** Settings → Calendars: external calendars whose events count as busy and show in the calendar view. */
export function CalendarsPage() {
  const queryClient = useQueryClient();
  const connections = useConnections();
  const [connecting, setConnecting] = useState(false);
  const [editing, setEditing] = useState<Connection | null>(null);
  const [disconnecting, setDisconnecting] = useState<Connection | null>(null);

  const sync = useMutation({
    mutationFn: (c: Connection) => syncConnection(c.id),
    onSuccess: (result, c) => {
      const status = (result as { status?: string } | undefined)?.status;
      notifications.show(status === 'error' ? { message: `“${c.name}” could not be synced`, color: 'red' } : { message: `“${c.name}” synced`, color: 'teal' });
    },
    onError: (err, c) => notifications.show({ message: `“${c.name}”: ${errorMessage(err)}`, color: 'red' }),
    onSettled: () => invalidateConnections(queryClient),
  });

  const disconnect = useMutation({
    mutationFn: (c: Connection) => deleteConnection(c.id),
    onSuccess: async (_r, c) => {
      await invalidateConnections(queryClient);
      notifications.show({ message: `Disconnected “${c.name}”`, color: 'gray' });
      setDisconnecting(null);
    },
  });

  let body;
  if (connections.isError) body = <QueryError error={connections.error} onRetry={() => void connections.refetch()} />;
  else if (connections.isPending)
    body = (
      <Stack gap="sm" aria-busy="true">
        <Skeleton h={96} radius="md" />
        <Skeleton h={96} radius="md" />
      </Stack>
    );
  else if (connections.data.items.length === 0)
    body = (
      <EmptyPanel
        icon={<IconPlug size={28} />}
        title="No connected calendars"
        description={<ProviderList />}
        action={
          <Button leftSection={<IconCalendarPlus size={16} />} onClick={() => setConnecting(true)} variant="light">
            Connect a calendar
          </Button>
        }
      />
    );
  else
    body = (
      <Stack gap="sm">
        {connections.data.items.map((c) => (
          <ConnectionCard
            key={c.id}
            connection={c}
            syncing={sync.isPending && sync.variables?.id === c.id}
            onSync={() => sync.mutate(c)}
            onEdit={() => setEditing(c)}
            onDisconnect={() => {
              disconnect.reset();
              setDisconnecting(c);
            }}
          />
        ))}
      </Stack>
    );

  return (
    <>
      <PageHeader
        order={2}
        title="Calendars"
        documentTitle="Connected calendars"
        description="Connect the calendars you keep elsewhere: their events count as busy time and show in your calendar, read only."
        actions={
          <Button leftSection={<IconCalendarPlus size={16} />} onClick={() => setConnecting(true)}>
            Connect a calendar
          </Button>
        }
      />
      {body}
      <ConnectModal opened={connecting} onClose={() => setConnecting(false)} />
      <EditConnectionModal connection={editing} onClose={() => setEditing(null)} />
      <ConfirmModal
        opened={!!disconnecting}
        onClose={() => setDisconnecting(null)}
        onConfirm={() => disconnecting && disconnect.mutate(disconnecting)}
        loading={disconnect.isPending}
        error={disconnect.error}
        title={`Disconnect “${disconnecting?.name ?? ''}”?`}
        confirmLabel="Disconnect"
      >
        Its events stop counting as busy and disappear from your calendar. Nothing is deleted on the other side.
      </ConfirmModal>
    </>
  );
}
