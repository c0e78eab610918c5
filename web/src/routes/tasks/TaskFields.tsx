import '@mantine/dates/styles.css';
import { Group, NumberInput, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import type { UseFormReturnType } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { isApiError } from '../../api';
import { applyFormError } from '../../lib/errors';

import { priorityLabels, statusLabels } from './labels';
import { useAllProjects, useUsers } from './tasksApi';
import { TASK_PRIORITIES, TASK_STATUSES, type Task, type TaskInput, type TaskPriority, type TaskStatus } from './types';
import { client, unwrap } from '../../api/client';
import { limitedInputs } from '../../lib/limits';

/** Form state: pickers work with strings; toTaskInput turns them into the API's shape. */
export interface TaskFormValues {
  title: string;
  description: string;
  status: TaskStatus;
  priority: TaskPriority;
  assigneeId: string | null;
  /** Local 'YYYY-MM-DD HH:mm:ss', as the date-time picker gives it. */
  dueAt: string | null;
  estimateMinutes: number | string;
  projectId: string | null;
  parentId: string | null;
}

export function taskFormValues(task?: Partial<Task>): TaskFormValues {
  return {
    title: task?.title ?? '',
    description: task?.description ?? '',
    status: task?.status ?? 'todo',
    priority: task?.priority ?? 'normal',
    assigneeId: task?.assigneeId ?? null,
    dueAt: task?.dueAt ? dayjs(task.dueAt).format('YYYY-MM-DD HH:mm:ss') : null,
    estimateMinutes: task?.estimateMinutes ?? '',
    projectId: task?.projectId ?? null,
    parentId: task?.parentId ?? null,
  };
}

export function toTaskInput(v: TaskFormValues): TaskInput {
  return {
    title: v.title.trim(),
    description: v.description.trim() || null,
    status: v.status,
    priority: v.priority,
    assigneeId: v.assigneeId,
    dueAt: v.dueAt ? dayjs(v.dueAt).toISOString() : null,
    estimateMinutes: typeof v.estimateMinutes === 'number' ? v.estimateMinutes : null,
    projectId: v.projectId,
    parentId: v.parentId,
  };
}

export const taskFormValidate = {
  title: (value: string) => (value.trim() ? null : 'Enter a title'),
  estimateMinutes: (value: number | string) =>
    value === '' || (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 100_000)
      ? null
      : 'Enter whole minutes between 1 and 100000',
};

/** Server errors beside their fields: validation, references to other records, parent loops. */
export function applyTaskFormError(form: UseFormReturnType<TaskFormValues>, error: unknown): string | null {
  if (isApiError(error) && (error.code === 'INVALID_REFERENCE' || error.code === 'TASK_CYCLE')) {
    const path = error.details?.fields?.[0]?.path;
    if (path && path in form.getValues()) {
      form.setFieldError(path, error.code === 'TASK_CYCLE' ? 'This would make the task a subtask of itself' : error.message);
      return null;
    }
  }
  return applyFormError(form, error);
}

/** Every field of a task, for the create drawer and the task page. */
export function TaskFields({ form, taskId }: { form: UseFormReturnType<TaskFormValues>; taskId?: string }) {
  const input = limitedInputs(form, 'POST /api/tasks');
  const { users } = useUsers();
  const { projects } = useAllProjects();
  const assignee = form.getValues().assigneeId;
  const userOptions = users.filter((u) => u.status === 'active' || u.id === assignee).map((u) => ({ value: u.id, label: u.name }));
  const projectOptions = projects.filter((p) => p.status === 'active' || p.id === form.getValues().projectId).map((p) => ({ value: p.id, label: p.name }));
  return (
    <Stack gap="sm">
      <TextInput label="Title" required data-autofocus {...input('title')} />
      <Textarea label="Description" autosize minRows={3} maxRows={12} {...input('description')} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label="Status"
          data={TASK_STATUSES.map((s) => ({ value: s, label: statusLabels[s] }))}
          allowDeselect={false}
          {...form.getInputProps('status')}
        />
        <Select
          label="Priority"
          data={TASK_PRIORITIES.map((p) => ({ value: p, label: priorityLabels[p] }))}
          allowDeselect={false}
          {...form.getInputProps('priority')}
        />
        <Select label="Assignee" placeholder="Nobody" data={userOptions} clearable searchable {...form.getInputProps('assigneeId')} />
        <DateTimePicker
          label="Due"
          placeholder="No due date"
          clearable
          valueFormat="DD MMM YYYY HH:mm"
          defaultTimeValue="17:00"
          {...form.getInputProps('dueAt')}
        />
        <NumberInput label="Estimate (minutes)" placeholder="e.g. 90" min={1} max={100_000} allowDecimal={false} {...form.getInputProps('estimateMinutes')} />
        <Select label="Project" placeholder="No project" data={projectOptions} clearable searchable {...form.getInputProps('projectId')} />
      </SimpleGrid>
      <ParentTaskSelect form={form} taskId={taskId} />
    </Stack>
  );
}

/** Parent task picker that searches tasks by title as you type. */
function ParentTaskSelect({ form, taskId }: { form: UseFormReturnType<TaskFormValues>; taskId?: string }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const parentId = form.getValues().parentId;
  const found = useQuery({
    queryKey: ['/api/tasks?parent-search', debounced],
    queryFn: ({ signal }) => unwrap(client.GET('/api/tasks', { signal, params: { query: { q: debounced, sort: 'title', limit: 20 } } })),
  });
  const current = useQuery<Task>({ queryKey: ['/api/tasks', parentId ?? ''], enabled: !!parentId });
  const options = new Map<string, string>();
  if (parentId && current.data) options.set(parentId, current.data.title);
  for (const t of found.data?.items ?? []) if (t.id !== taskId) options.set(t.id, t.title);
  return (
    <Group grow>
      <Select
        label="Parent task"
        placeholder="None (a top-level task)"
        description="Makes this a subtask of another task"
        data={[...options].map(([value, label]) => ({ value, label }))}
        searchable
        clearable
        searchValue={search}
        onSearchChange={setSearch}
        filter={({ options: o }) => o}
        nothingFoundMessage={found.isFetching ? 'Searching…' : 'No task with that title'}
        {...form.getInputProps('parentId')}
      />
    </Group>
  );
}
