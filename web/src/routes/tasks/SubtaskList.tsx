import { ActionIcon, Anchor, Checkbox, Group, Paper, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { taskListPath } from './filters';
import { DueText } from './TaskBadges';
import { createTask, invalidateTasks, updateTask } from './tasksApi';
import type { Task } from './types';

/** A task's direct subtasks: tick them off, open them, or add one by title. */
export function SubtaskList({ parent }: { parent: Task }) {
  const queryClient = useQueryClient();
  const subtasks = usePagedQuery<Task>(taskListPath({ sort: 'createdAt' }, { parentId: parent.id }), 50);
  const [title, setTitle] = useState('');

  const add = useMutation({
    mutationFn: () => createTask({ title: title.trim(), parentId: parent.id, projectId: parent.projectId }),
    onSuccess: () => {
      setTitle('');
      void invalidateTasks(queryClient);
    },
  });
  const toggle = useMutation({
    mutationFn: (t: Task) => updateTask(t.id, { status: t.status === 'done' ? 'todo' : 'done' }),
    onSettled: () => void invalidateTasks(queryClient),
  });

  return (
    <Paper withBorder radius="md" p="sm">
      <Stack gap="xs">
        {subtasks.isPending ? <Skeleton h={20} /> : null}
        <ErrorAlert error={subtasks.error ?? toggle.error} />
        {subtasks.items.map((t) => (
          <Group key={t.id} justify="space-between" wrap="nowrap" gap="xs">
            <Group gap="xs" wrap="nowrap">
              <Checkbox
                aria-label={`Done: ${t.title}`}
                checked={t.status === 'done'}
                onChange={() => toggle.mutate(t)}
                disabled={toggle.isPending && toggle.variables?.id === t.id}
              />
              <Anchor component={Link} to={`/app/tasks/${t.id}`} fz="sm" td={t.status === 'done' ? 'line-through' : undefined}>
                {t.title}
              </Anchor>
            </Group>
            <DueText task={t} size="xs" />
          </Group>
        ))}
        {!subtasks.isPending && subtasks.items.length === 0 ? (
          <Text fz="sm" c="dimmed">
            No subtasks yet.
          </Text>
        ) : null}
        {subtasks.hasNextPage ? (
          <LoadMore
            hasNextPage
            isFetchingNextPage={subtasks.isFetchingNextPage}
            onLoadMore={() => void subtasks.fetchNextPage()}
            count={subtasks.items.length}
            noun="subtask"
          />
        ) : null}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (title.trim()) add.mutate();
          }}
        >
          <TextInput
            label="New subtask"
            placeholder="Title, then Enter"
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={add.error ? add.error.message : undefined}
            rightSection={
              <ActionIcon type="submit" variant="subtle" aria-label="Add subtask" loading={add.isPending} disabled={!title.trim()}>
                <IconPlus size={16} />
              </ActionIcon>
            }
          />
        </form>
      </Stack>
    </Paper>
  );
}
