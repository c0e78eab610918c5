import { Badge } from '@mantine/core';
import type { TransferStatus } from './portabilityApi';

const colors: Record<TransferStatus, string> = { queued: 'gray', running: 'blue', done: 'green', failed: 'red' };
const labels: Record<TransferStatus, string> = { queued: 'Queued', running: 'Running', done: 'Done', failed: 'Failed' };

export function TransferStatusBadge({ status }: { status: TransferStatus }) {
  return (
    <Badge variant="light" color={colors[status]} size="sm">
      {labels[status]}
    </Badge>
  );
}
