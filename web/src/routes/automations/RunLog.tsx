import { Badge, Group, List, Paper, Stack, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { EmptyPanel } from '../../components/EmptyPanel';
import { LoadMore } from '../../components/LoadMore';
import { QueryError } from '../../components/QueryError';
import { formatDateTime } from '../../lib/format';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { ACTION_LABELS } from './ActionsSection';
import type { Names } from './describe';
import type { ActionStatus, Run, RunStatus } from './types';

const STATUS_COLORS: Record<RunStatus | ActionStatus, string> = {
  succeeded: 'green',
  failed: 'red',
  skipped: 'gray',
  running: 'blue',
  pending: 'yellow',
};
const STATUS_LABELS: Record<RunStatus | ActionStatus, string> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  skipped: 'Skipped',
  running: 'Running',
  pending: 'Waiting to retry',
};

const EVENT_LABELS: Record<string, string> = {
  'record.created': 'created',
  'record.updated': 'changed',
  'deal.stage_changed': 'moved to another stage',
  'task.overdue': 'became overdue',
  'booking.created': 'booked',
  schedule: 'Scheduled run',
};

export function StatusBadge({ status }: { status: RunStatus | ActionStatus }) {
  return (
    <Badge variant="light" color={STATUS_COLORS[status]} size="sm">
      {STATUS_LABELS[status]}
    </Badge>
  );
}

function eventLine(run: Run, names: Names): string {
  const e = run.event;
  const to = e.type === 'deal.stage_changed' && typeof e.data?.toStageId === 'string' ? names.stage(e.data.toStageId) : undefined;
  const what = to ? `moved to ${to}` : (EVENT_LABELS[e.type] ?? e.type);
  if (!e.entity) return what;
  const chain = e.depth > 0 ? ` (caused by an automation, step ${e.depth})` : '';
  return `${e.entity[0]!.toUpperCase()}${e.entity.slice(1)} “${e.recordLabel ?? e.recordId}” ${what}${chain}`;
}

/** Every run of a rule, newest first: what happened, and each action's outcome. */
export function RunLog({ ruleId, names }: { ruleId: string; names: Names }) {
  const runs = usePagedQuery<Run>(`/api/automations/${ruleId}/runs`, 20);
  if (runs.isError) return <QueryError error={runs.error} onRetry={() => void runs.refetch()} />;
  if (!runs.isPending && runs.items.length === 0) {
    return (
      <EmptyPanel
        icon={<IconHistory size={28} />}
        title="No runs yet"
        description="Each time the trigger fires, the run and every action's outcome appear here."
      />
    );
  }
  return (
    <Stack gap="sm" aria-label="Run log" role="list">
      {runs.items.map((run) => (
        <Paper key={run.id} withBorder radius="md" p="sm" role="listitem" aria-label={`Run of ${formatDateTime(run.startedAt)}`}>
          <Group justify="space-between" gap="xs">
            <Text fz="sm" fw={600}>
              {eventLine(run, names)}
            </Text>
            <Group gap="xs">
              <Text fz="xs" c="dimmed">
                {formatDateTime(run.startedAt)}
              </Text>
              <StatusBadge status={run.status} />
            </Group>
          </Group>
          {run.reason && (
            <Text fz="sm" c="dimmed" mt={4}>
              {run.reason}
            </Text>
          )}
          {run.actions.length > 0 && (
            <List spacing={4} mt="xs" size="sm" listStyleType="none">
              {run.actions.map((a, i) => (
                <List.Item key={i}>
                  <Group gap="xs" align="flex-start" wrap="nowrap">
                    <StatusBadge status={a.status} />
                    <Text fz="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
                      {ACTION_LABELS[a.type]}
                    </Text>
                    {a.detail && (
                      <Text fz="sm" c="dimmed" style={{ whiteSpace: 'pre-line' }}>
                        {a.detail}
                      </Text>
                    )}
                  </Group>
                </List.Item>
              ))}
            </List>
          )}
        </Paper>
      ))}
      {!runs.isPending && (
        <LoadMore
          hasNextPage={runs.hasNextPage}
          isFetchingNextPage={runs.isFetchingNextPage}
          onLoadMore={() => void runs.fetchNextPage()}
          count={runs.items.length}
          noun="run"
        />
      )}
    </Stack>
  );
}
