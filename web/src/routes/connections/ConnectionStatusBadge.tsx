import { Badge } from '@mantine/core';
import type { ConnectionStatus } from './types';

const labels: Record<ConnectionStatus, { label: string; color: string }> = {
  ok: { label: 'OK', color: 'green' },
  error: { label: 'Error', color: 'red' },
  syncing: { label: 'Syncing', color: 'blue' },
  pending: { label: 'Waiting for first sync', color: 'gray' },
};

export function ConnectionStatusBadge({ status }: { status: ConnectionStatus }) {
  const { label, color } = labels[status] ?? { label: status, color: 'gray' };
  return (
    <Badge variant="light" color={color} size="sm" data-testid="connection-status">
      {label}
    </Badge>
  );
}
