import { Button, Group, SegmentedControl } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { TaskCreateDrawer } from './TaskCreateDrawer';

const views = [
  { value: '/app/tasks', label: 'List' },
  { value: '/app/tasks/board', label: 'Board' },
  { value: '/app/tasks/projects', label: 'Projects' },
];

/** The header of the tasks area: title, view switch and "New task". */
export function TasksHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  const location = useLocation();
  const navigate = useNavigate();
  const [creating, create] = useDisclosure(false);
  return (
    <>
      <PageHeader
        title={title}
        description={description}
        actions={
          <Group gap="sm">
            <SegmentedControl
              aria-label="View"
              data={views}
              value={location.pathname}
              onChange={(v) => navigate(v + (v === '/app/tasks/projects' ? '' : location.search))}
            />
            {actions ?? (
              <Button leftSection={<IconPlus size={16} />} onClick={create.open}>
                New task
              </Button>
            )}
          </Group>
        }
      />
      <TaskCreateDrawer opened={creating} onClose={create.close} />
    </>
  );
}
