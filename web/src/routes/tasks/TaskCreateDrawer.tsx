import { Anchor, Button, Drawer, Group, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyTaskFormError, TaskFields, taskFormValidate, taskFormValues, toTaskInput, type TaskFormValues } from './TaskFields';
import { createTask, invalidateTasks } from './tasksApi';
import type { Task } from './types';
import { useSession } from '../../lib/session';

interface Props {
  opened: boolean;
  onClose: () => void;
  /** Prefill, e.g. the parent of a new subtask or the status column it is added to. */
  initial?: Partial<Task>;
}

export function TaskCreateDrawer({ opened, onClose, initial }: Props) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  // A new task is the creating user's until they choose someone else (or nobody).
  const me = useSession().user.id;
  const prefill = { assigneeId: me, ...initial };
  const form = useForm<TaskFormValues>({ initialValues: taskFormValues(prefill), validate: taskFormValidate });

  // Start from the prefill each time the drawer opens.
  useEffect(() => {
    if (opened) form.setValues(taskFormValues(prefill));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened]);

  const close = () => {
    form.setValues(taskFormValues(prefill));
    form.clearErrors();
    setFormError(null);
    onClose();
  };

  const create = useMutation({
    mutationFn: (values: TaskFormValues) => createTask(toTaskInput(values)),
    onSuccess: (task) => {
      void invalidateTasks(queryClient);
      // Notifications render outside the router: navigate from here rather than with a <Link>.
      const id = `task-created-${task.id}`;
      notifications.show({
        id,
        color: 'green',
        message: (
          <Text fz="sm">
            Task created.{' '}
            <Anchor
              component="button"
              type="button"
              fz="sm"
              onClick={() => {
                notifications.hide(id);
                navigate(`/app/tasks/${task.id}`);
              }}
            >
              Open “{task.title}”
            </Anchor>
          </Text>
        ),
      });
      close();
    },
    onError: (error) => setFormError(applyTaskFormError(form, error)),
  });

  return (
    <Drawer opened={opened} onClose={close} position="right" size="lg" title={<Text fw={600}>New task</Text>}>
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          create.mutate(values);
        })}
      >
        <Stack gap="md">
          <ErrorAlert error={formError} />
          <TaskFields form={form} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={create.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create task
            </Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
