import { ActionIcon, Anchor, Badge, Button, ColorSwatch, Group, Menu, Paper, SegmentedControl, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArchiveOff, IconDots, IconFolders, IconPlus, IconSearch, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyPanel } from '../../components/EmptyPanel';
import { LoadMore } from '../../components/LoadMore';
import { QueryError } from '../../components/QueryError';
import { TableSkeleton } from '../../components/TableSkeleton';
import { errorMessage } from '../../lib/errors';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { CreateProjectModal, DeleteProjectModal } from './ProjectModals';
import { TasksHeader } from './TasksNav';
import { invalidateTasks } from './tasksApi';
import type { Project, ProjectStatus } from './types';
import { client, unwrap } from '../../api/client';

export function ProjectsPage() {
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q.trim(), 250);
  const [status, setStatus] = useState<ProjectStatus | 'all'>('active');
  const [creating, create] = useDisclosure(false);
  const [deleting, setDeleting] = useState<Project | null>(null);
  const params = new URLSearchParams({ sort: 'name', ...(debouncedQ ? { q: debouncedQ } : {}), ...(status !== 'all' ? { status } : {}) });
  const projects = usePagedQuery<Project>(`/api/projects?${params}`, 50);

  const setProjectStatus = useMutation({
    mutationFn: ({ p, to }: { p: Project; to: ProjectStatus }) =>
      unwrap(client.PATCH('/api/projects/{id}', { params: { path: { id: p.id } }, body: { status: to } })),
    onSuccess: (p) => {
      void invalidateTasks(queryClient);
      notifications.show({ message: p.status === 'archived' ? `“${p.name}” archived.` : `“${p.name}” restored.` });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });

  let body;
  if (projects.isError) {
    body = <QueryError error={projects.error} onRetry={() => void projects.refetch()} />;
  } else if (!projects.isPending && projects.items.length === 0) {
    body = (
      <EmptyPanel
        icon={<IconFolders size={28} />}
        title={debouncedQ || status !== 'active' ? 'No project matches' : 'No projects yet'}
        description="Projects group tasks, for example per customer or per goal."
        action={<Button onClick={create.open}>New project</Button>}
      />
    );
  } else {
    body = (
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={600}>
          <Table verticalSpacing="xs" horizontalSpacing="md" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Project</Table.Th>
                <Table.Th>Open tasks</Table.Th>
                <Table.Th>All tasks</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            {projects.isPending ? (
              <TableSkeleton columns={5} rows={4} />
            ) : (
              <Table.Tbody>
                {projects.items.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <ColorSwatch color={p.color ?? 'var(--mantine-color-gray-4)'} size={12} aria-hidden />
                        <Anchor component={Link} to={`/app/tasks?projectId=${p.id}`} fz="sm" fw={500}>
                          {p.name}
                        </Anchor>
                      </Group>
                      {p.description ? (
                        <Text fz="xs" c="dimmed" lineClamp={1}>
                          {p.description}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{p.openTaskCount}</Table.Td>
                    <Table.Td>{p.taskCount}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" size="sm" color={p.status === 'active' ? 'green' : 'gray'}>
                        {p.status === 'active' ? 'Active' : 'Archived'}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Menu position="bottom-end">
                        <Menu.Target>
                          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${p.name}`}>
                            <IconDots size={16} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          {p.status === 'active' ? (
                            <Menu.Item leftSection={<IconArchive size={14} />} onClick={() => setProjectStatus.mutate({ p, to: 'archived' })}>
                              Archive
                            </Menu.Item>
                          ) : (
                            <Menu.Item leftSection={<IconArchiveOff size={14} />} onClick={() => setProjectStatus.mutate({ p, to: 'active' })}>
                              Restore
                            </Menu.Item>
                          )}
                          <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => setDeleting(p)}>
                            Delete…
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            )}
          </Table>
        </Table.ScrollContainer>
        {!projects.isPending ? (
          <LoadMore
            hasNextPage={projects.hasNextPage}
            isFetchingNextPage={projects.isFetchingNextPage}
            onLoadMore={() => void projects.fetchNextPage()}
            count={projects.items.length}
            noun="project"
          />
        ) : null}
      </Paper>
    );
  }

  return (
    <>
      <TasksHeader
        title="Projects"
        description="Group tasks by goal or customer. Archive a project when it is done."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={create.open}>
            New project
          </Button>
        }
      />
      <Group gap="sm" align="flex-end" mb="md">
        <TextInput
          label="Search"
          placeholder="Project name"
          leftSection={<IconSearch size={16} />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={240}
        />
        <SegmentedControl
          aria-label="Show"
          value={status}
          onChange={(v) => setStatus(v as ProjectStatus | 'all')}
          data={[
            { value: 'active', label: 'Active' },
            { value: 'archived', label: 'Archived' },
            { value: 'all', label: 'All' },
          ]}
        />
      </Group>
      {body}
      <CreateProjectModal opened={creating} onClose={create.close} />
      <DeleteProjectModal project={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}
