import { Anchor, Breadcrumbs, Button, Grid, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatDateTime } from '../../lib/format';
import { CommentsThread } from './CommentsThread';
import { SubtaskList } from './SubtaskList';
import { applyTaskFormError, TaskFields, taskFormValidate, taskFormValues, toTaskInput, type TaskFormValues } from './TaskFields';
import { deleteTask, invalidateTasks, updateTask, useUsers } from './tasksApi';
import type { Task } from './types';

/** One task: edit every field, its subtasks and its comments. */
export function TaskPage() {
  const { taskId = '' } = useParams();
  const task = useQuery<Task>({ queryKey: ['/api/tasks', taskId] });
  if (task.isError) {
    return (
      <>
        <PageHeader title="Task" />
        <QueryError error={task.error} onRetry={() => void task.refetch()} />
      </>
    );
  }
  if (!task.data) {
    return (
      <Stack>
        <Skeleton h={32} w="40%" />
        <Skeleton h={300} />
      </Stack>
    );
  }
  return <TaskEditor key={task.data.id} task={task.data} />;
}

function TaskEditor({ task }: { task: Task }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { nameOf } = useUsers();
  const [formError, setFormError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const form = useForm<TaskFormValues>({ initialValues: taskFormValues(task), validate: taskFormValidate });
  const parent = useQuery<Task>({ queryKey: ['/api/tasks', task.parentId ?? ''], enabled: !!task.parentId });

  // When the task changes elsewhere (board, another tab) and this form is untouched, show the new values.
  useEffect(() => {
    if (!form.isDirty()) form.setValues(taskFormValues(task));
    form.resetDirty(taskFormValues(task));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [task.updatedAt]);

  const save = useMutation({
    mutationFn: (values: TaskFormValues) => updateTask(task.id, toTaskInput(values)),
    onSuccess: (saved) => {
      queryClient.setQueryData(['/api/tasks', task.id], saved);
      form.resetDirty(taskFormValues(saved));
      void invalidateTasks(queryClient);
      notifications.show({ color: 'green', message: 'Task saved.' });
    },
    onError: (error) => setFormError(applyTaskFormError(form, error)),
  });

  const remove = useMutation({
    mutationFn: (withSubtasks: boolean) => deleteTask(task.id, withSubtasks),
    onSuccess: () => {
      setConfirming(false);
      notifications.show({ message: `“${task.title}” deleted.` });
      navigate(task.parentId ? `/app/tasks/${task.parentId}` : '/app/tasks');
      // Forget it rather than refetch it (it is gone), then refresh the lists.
      queryClient.removeQueries({ queryKey: ['/api/tasks', task.id] });
      void invalidateTasks(queryClient);
    },
  });
  const hasSubtasks = task.subtaskCount > 0 || isApiError(remove.error, 'TASK_HAS_SUBTASKS');

  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <Anchor component={Link} to="/app/tasks">
          Tasks
        </Anchor>
        {task.parentId ? (
          <Anchor component={Link} to={`/app/tasks/${task.parentId}`}>
            {parent.data?.title ?? 'Parent task'}
          </Anchor>
        ) : null}
        <Text fz="sm">{task.title}</Text>
      </Breadcrumbs>
      <PageHeader
        title={task.title}
        description={`Created ${formatDateTime(task.createdAt)}${task.createdBy ? ` by ${nameOf(task.createdBy)}` : ''}${task.completedAt ? ` · completed ${formatDateTime(task.completedAt)}` : ''}`}
        actions={
          <Button variant="default" color="red" leftSection={<IconTrash size={16} />} onClick={() => setConfirming(true)}>
            Delete
          </Button>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder radius="md" p="md">
            <form
              noValidate
              onSubmit={form.onSubmit((values) => {
                setFormError(null);
                save.mutate(values);
              })}
            >
              <Stack gap="md">
                <ErrorAlert error={formError} />
                <TaskFields form={form} taskId={task.id} />
                <Group justify="flex-end" gap="sm">
                  <Button variant="default" onClick={() => form.reset()} disabled={!form.isDirty() || save.isPending}>
                    Discard changes
                  </Button>
                  <Button type="submit" loading={save.isPending}>
                    Save
                  </Button>
                </Group>
              </Stack>
            </form>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            <section aria-labelledby="subtasks-heading">
              <Title order={2} fz="lg" mb="xs" id="subtasks-heading">
                Subtasks
              </Title>
              <SubtaskList parent={task} />
            </section>
            <section aria-labelledby="comments-heading">
              <Title order={2} fz="lg" mb="xs" id="comments-heading">
                Comments
              </Title>
              <CommentsThread taskId={task.id} />
            </section>
          </Stack>
        </Grid.Col>
      </Grid>
      <ConfirmModal
        opened={confirming}
        onClose={() => {
          setConfirming(false);
          remove.reset();
        }}
        onConfirm={() => remove.mutate(hasSubtasks)}
        title={`Delete “${task.title}”?`}
        confirmLabel={hasSubtasks ? 'Delete with subtasks' : 'Delete task'}
        loading={remove.isPending}
        error={isApiError(remove.error, 'TASK_HAS_SUBTASKS') ? null : remove.error}
      >
        {hasSubtasks
          ? 'This task has subtasks. They, their subtasks and all their comments are deleted with it. This cannot be undone.'
          : 'The task and its comments are deleted. This cannot be undone.'}
      </ConfirmModal>
    </>
  );
}
