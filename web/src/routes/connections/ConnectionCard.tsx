import { Alert, Badge, Button, ColorSwatch, Group, Paper, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconPencil, IconRefresh, IconTrash } from '@tabler/icons-react';
import { formatDateTime, formatRelative } from '../../lib/format';
import { ConnectionStatusBadge } from './ConnectionStatusBadge';
import type { Connection } from './types';

interface ConnectionCardProps {
  connection: Connection;
  syncing: boolean;
  onSync: () => void;
  onEdit: () => void;
  onDisconnect: () => void;
}

const kindLabels: Record<Connection['kind'], string> = { caldav: 'CalDAV account', ics: 'Subscription' };

/** One connection: what it is, how its last sync went, and what can be done with it. */
export function ConnectionCard({ connection: c, syncing, onSync, onEdit, onDisconnect }: ConnectionCardProps) {
  const busyCalendars = c.calendars.filter((cal) => cal.busy).length;
  const writeBack = c.calendars.find((cal) => cal.writeBack);
  return (
    <Paper withBorder radius="md" p="md" component="article" aria-label={c.name}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <ColorSwatch color={c.color} size={14} withShadow={false} aria-hidden />
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Group gap="xs">
                <Text fw={600}>{c.name}</Text>
                <Badge variant="outline" color="gray" size="sm">
                  {kindLabels[c.kind] ?? c.kind}
                </Badge>
                <ConnectionStatusBadge status={c.status} />
              </Group>
              <Text fz="xs" c="dimmed" truncate="end" maw={520}>
                {c.url}
              </Text>
            </Stack>
          </Group>
          <Group gap={4} wrap="nowrap">
            <Button size="xs" variant="light" leftSection={<IconRefresh size={14} />} onClick={onSync} loading={syncing} aria-label={`Sync ${c.name} now`}>
              Sync now
            </Button>
            <Button size="xs" variant="subtle" color="gray" leftSection={<IconPencil size={14} />} onClick={onEdit} aria-label={`Edit ${c.name}`}>
              Edit
            </Button>
            <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={onDisconnect} aria-label={`Disconnect ${c.name}`}>
              Disconnect
            </Button>
          </Group>
        </Group>
        <Group gap="lg">
          <Text fz="sm" title={formatDateTime(c.lastSyncAt, '')}>
            Last sync: <span data-testid="connection-last-sync">{formatRelative(c.lastSyncAt, 'not yet')}</span>
          </Text>
          <Text fz="sm" data-testid="connection-event-count">
            {c.eventCount === 1 ? '1 event' : `${c.eventCount} events`}
          </Text>
          {c.kind === 'caldav' ? (
            <Text fz="sm" c="dimmed">
              {busyCalendars} of {c.calendars.length} calendars count as busy
              {writeBack ? ` · bookings written to “${writeBack.name}”` : ''}
            </Text>
          ) : null}
        </Group>
        {c.lastError ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={16} />} p="xs" title="The last sync failed">
            <Text fz="sm">{c.lastError.message}</Text>
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  );
}
