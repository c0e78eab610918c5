import { Button, ColorInput, Group, Modal, Radio, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyFormError } from '../../lib/errors';
import { requiredText } from '../../lib/validators';
import { invalidateTasks, useAllProjects } from './tasksApi';
import type { Project } from './types';
import { client, unwrap } from '../../api/client';
import { limitedInputs } from '../../lib/limits';

const SWATCHES = ['#3b82f6', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#ec4899', '#14b8a6', '#64748b'];

export function CreateProjectModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ initialValues: { name: '', description: '', color: '#3b82f6' }, validate: { name: requiredText('a name') } });
  const input = limitedInputs(form, 'POST /api/projects');
  const close = () => {
    form.reset();
    setFormError(null);
    onClose();
  };
  const create = useMutation({
    mutationFn: (v: typeof form.values) =>
      unwrap(client.POST('/api/projects', { body: { name: v.name.trim(), description: v.description.trim() || null, color: v.color || null } })),
    onSuccess: (p) => {
      void invalidateTasks(queryClient);
      notifications.show({ color: 'green', message: `Project “${p.name}” created.` });
      close();
    },
    onError: (error) => setFormError(applyFormError(form, error)),
  });
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>New project</Text>}>
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          create.mutate(v);
        })}
      >
        <Stack gap="md">
          <ErrorAlert error={formError} />
          <TextInput label="Name" required data-autofocus {...input('name')} />
          <Textarea label="Description" autosize minRows={2} {...input('description')} />
          <ColorInput label="Colour" format="hex" swatches={SWATCHES} swatchesPerRow={8} {...input('color')} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={create.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create project
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Deleting a project with tasks asks what happens to them: move them, or delete them too. */
export function DeleteProjectModal({ project, onClose }: { project: Project | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const { projects } = useAllProjects();
  const [choice, setChoice] = useState<'move' | 'delete'>('move');
  const [target, setTarget] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (p: Project) =>
      unwrap(
        client.DELETE('/api/projects/{id}', {
          params: { path: { id: p.id }, query: p.taskCount === 0 ? {} : choice === 'move' ? { moveTasksTo: target ?? undefined } : { deleteTasks: 'true' } },
        }),
      ),
    onSuccess: (_, p) => {
      void invalidateTasks(queryClient);
      notifications.show({ message: `Project “${p.name}” deleted.` });
      close();
    },
  });
  const close = () => {
    remove.reset();
    setTarget(null);
    setChoice('move');
    onClose();
  };
  if (!project) return null;
  const others = projects.filter((p) => p.id !== project.id).map((p) => ({ value: p.id, label: p.name }));
  const blocked = project.taskCount > 0 && choice === 'move' && !target;
  return (
    <Modal opened={!!project} onClose={close} title={<Text fw={600}>Delete “{project.name}”?</Text>}>
      <Stack gap="md">
        <ErrorAlert error={remove.error} />
        {project.taskCount === 0 ? (
          <Text fz="sm">The project has no tasks. It is removed for everyone.</Text>
        ) : (
          <Radio.Group
            label={`The project has ${project.taskCount} task${project.taskCount === 1 ? '' : 's'}. What should happen to them?`}
            value={choice}
            onChange={(v) => setChoice(v as 'move' | 'delete')}
          >
            <Stack gap="xs" mt="xs">
              <Radio value="move" label="Move them to another project" />
              {choice === 'move' ? (
                <Select label="Move tasks to" placeholder="Choose a project" data={others} value={target} onChange={setTarget} searchable ml="xl" />
              ) : null}
              <Radio value="delete" label="Delete them too, with their comments (cannot be undone)" />
            </Stack>
          </Radio.Group>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close} disabled={remove.isPending}>
            Cancel
          </Button>
          <Button color="red" onClick={() => remove.mutate(project)} loading={remove.isPending} disabled={blocked}>
            Delete project
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
