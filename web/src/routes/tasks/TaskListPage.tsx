import { Anchor, Group, Paper, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconChecklist, IconMessage, IconSubtask } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { EmptyPanel } from '../../components/EmptyPanel';
import { LoadMore } from '../../components/LoadMore';
import { QueryError } from '../../components/QueryError';
import { TableSkeleton } from '../../components/TableSkeleton';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { taskListPath, useTaskFilters } from './filters';
import { formatEstimate } from './labels';
import { DueText, PriorityBadge, StatusBadge } from './TaskBadges';
import { TaskFiltersBar } from './TaskFiltersBar';
import { TasksHeader } from './TasksNav';
import { useAllProjects, useUsers } from './tasksApi';
import type { Task } from './types';
import { AutoScheduleButton } from '../scheduling/AutoScheduleButton';

/** A sortable column header: click to sort, again to reverse. */
function SortHeader({ field, sort, onSort, children }: { field: string; sort: string; onSort: (s: string) => void; children: ReactNode }) {
  const active = sort === field || sort === `-${field}`;
  const desc = sort === `-${field}`;
  return (
    <Table.Th aria-sort={active ? (desc ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton onClick={() => onSort(active && !desc ? `-${field}` : field)} fw={600} fz="sm">
        <Group gap={4} wrap="nowrap">
          {children}
          {active ? desc ? <IconArrowDown size={14} aria-hidden /> : <IconArrowUp size={14} aria-hidden /> : null}
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

export function TaskListPage() {
  const { filters, setFilters, active, clear } = useTaskFilters({ sort: 'dueAt' });
  const tasks = usePagedQuery<Task>(taskListPath(filters), 50);
  const { nameOf } = useUsers();
  const { projectOf } = useAllProjects();
  const onSort = (sort: string) => setFilters({ sort });

  let body;
  if (tasks.isError) {
    body = <QueryError error={tasks.error} onRetry={() => void tasks.refetch()} />;
  } else if (!tasks.isPending && tasks.items.length === 0) {
    body = (
      <EmptyPanel
        icon={<IconChecklist size={28} />}
        title={active ? 'No task matches these filters' : 'No tasks yet'}
        description={active ? 'Try another search or clear the filters.' : 'Create the first task with “New task”.'}
      />
    );
  } else {
    body = (
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={900}>
          <Table verticalSpacing="xs" horizontalSpacing="md" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <SortHeader field="title" sort={filters.sort} onSort={onSort}>
                  Title
                </SortHeader>
                <Table.Th>Status</Table.Th>
                <SortHeader field="priority" sort={filters.sort} onSort={onSort}>
                  Priority
                </SortHeader>
                <Table.Th>Assignee</Table.Th>
                <SortHeader field="dueAt" sort={filters.sort} onSort={onSort}>
                  Due
                </SortHeader>
                <Table.Th>Estimate</Table.Th>
                <Table.Th>Project</Table.Th>
                <SortHeader field="updatedAt" sort={filters.sort} onSort={onSort}>
                  Updated
                </SortHeader>
              </Table.Tr>
            </Table.Thead>
            {tasks.isPending ? (
              <TableSkeleton columns={8} rows={8} />
            ) : (
              <Table.Tbody>
                {tasks.items.map((t) => (
                  <Table.Tr key={t.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/app/tasks/${t.id}`} fz="sm" fw={500} td={t.status === 'done' ? 'line-through' : undefined}>
                        {t.title}
                      </Anchor>
                      <Group gap="xs" c="dimmed">
                        {t.subtaskCount ? (
                          <Group gap={2} fz="xs" aria-label={`${t.subtaskCount} subtasks`}>
                            <IconSubtask size={12} aria-hidden /> {t.subtaskCount}
                          </Group>
                        ) : null}
                        {t.commentCount ? (
                          <Group gap={2} fz="xs" aria-label={`${t.commentCount} comments`}>
                            <IconMessage size={12} aria-hidden /> {t.commentCount}
                          </Group>
                        ) : null}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={t.status} />
                    </Table.Td>
                    <Table.Td>
                      <PriorityBadge priority={t.priority} />
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm" c={t.assigneeId ? undefined : 'dimmed'}>
                        {nameOf(t.assigneeId) ?? 'Unassigned'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <DueText task={t} />
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">{formatEstimate(t.estimateMinutes)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm" c={t.projectId ? undefined : 'dimmed'}>
                        {projectOf(t.projectId)?.name ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                        {new Date(t.updatedAt).toLocaleDateString()}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            )}
          </Table>
        </Table.ScrollContainer>
        {!tasks.isPending ? (
          <LoadMore
            hasNextPage={tasks.hasNextPage}
            isFetchingNextPage={tasks.isFetchingNextPage}
            onLoadMore={() => void tasks.fetchNextPage()}
            count={tasks.items.length}
            noun="task"
          />
        ) : null}
      </Paper>
    );
  }

  return (
    <>
      <TasksHeader title="Tasks" description="Everything your team is working on." />
      <Group justify="flex-end" mb="sm">
        <AutoScheduleButton size="xs" />
      </Group>
      <TaskFiltersBar filters={filters} setFilters={setFilters} active={active} clear={clear} />
      {body}
    </>
  );
}
