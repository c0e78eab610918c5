import { Badge, Text } from '@mantine/core';
import { formatDateTime } from '../../lib/format';
import { priorityColors, priorityLabels, statusColors, statusLabels } from './labels';
import type { Task, TaskPriority, TaskStatus } from './types';

export function StatusBadge({ status }: { status: TaskStatus }) {
  return (
    <Badge variant="light" color={statusColors[status]} size="sm" style={{ minWidth: 'max-content' }}>
      {statusLabels[status]}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: TaskPriority }) {
  return (
    <Badge variant="dot" color={priorityColors[priority]} size="sm" style={{ minWidth: 'max-content' }}>
      {priorityLabels[priority]}
    </Badge>
  );
}

/** The due date, in red once it has passed on a task that is not done. */
export function DueText({ task, size = 'sm' }: { task: Pick<Task, 'dueAt' | 'status'>; size?: string }) {
  if (!task.dueAt) {
    return (
      <Text fz={size} c="dimmed">
        —
      </Text>
    );
  }
  const overdue = task.status !== 'done' && new Date(task.dueAt).getTime() < Date.now();
  return (
    <Text fz={size} c={overdue ? 'red' : undefined} fw={overdue ? 500 : undefined} component="time" dateTime={task.dueAt} style={{ whiteSpace: 'nowrap' }}>
      {formatDateTime(task.dueAt)}
      {overdue ? ' · overdue' : ''}
    </Text>
  );
}
