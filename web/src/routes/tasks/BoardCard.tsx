import { ActionIcon, Anchor, Group, Menu, Paper, Stack, Text } from '@mantine/core';
import { useDraggable, useDroppable } from '@dnd-kit/core';
import { IconDots, IconMessage, IconSubtask } from '@tabler/icons-react';
import { Link } from 'react-router';
import { statusLabels } from './labels';
import { DueText, PriorityBadge } from './TaskBadges';
import { TASK_STATUSES, type Task, type TaskStatus } from './types';

interface Props {
  task: Task;
  assignee: string | null;
  onMove: (task: Task, to: TaskStatus) => void;
  /** Rendered in the drag overlay: not a drop target itself. */
  overlay?: boolean;
}

export function BoardCard({ task, assignee, onMove, overlay = false }: Props) {
  const drag = useDraggable({ id: task.id, data: { task }, disabled: overlay });
  const drop = useDroppable({ id: `card:${task.id}`, data: { status: task.status, beforeId: task.id }, disabled: overlay });
  const setRef = (el: HTMLElement | null) => {
    drag.setNodeRef(el);
    drop.setNodeRef(el);
  };
  return (
    <Paper
      ref={overlay ? undefined : setRef}
      withBorder
      radius="sm"
      p="xs"
      shadow={overlay ? 'md' : undefined}
      style={{
        opacity: drag.isDragging && !overlay ? 0.4 : 1,
        borderTop: drop.isOver && !drag.isDragging ? '2px solid var(--mantine-color-blue-5)' : undefined,
        cursor: overlay ? 'grabbing' : 'grab',
        touchAction: 'none',
      }}
      {...(overlay ? {} : drag.attributes)}
      {...(overlay ? {} : drag.listeners)}
      aria-label={`${task.title}, ${statusLabels[task.status]}. Press space to pick up and move.`}
    >
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap={4}>
          <Anchor component={Link} to={`/app/tasks/${task.id}`} fz="sm" fw={500} style={{ wordBreak: 'break-word' }}>
            {task.title}
          </Anchor>
          {overlay ? null : (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon
                  variant="subtle"
                  size="sm"
                  color="gray"
                  aria-label={`Move “${task.title}” to another column`}
                  onPointerDown={(e) => e.stopPropagation()}
                >
                  <IconDots size={14} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>Move to</Menu.Label>
                {TASK_STATUSES.filter((s) => s !== task.status).map((s) => (
                  <Menu.Item key={s} onClick={() => onMove(task, s)}>
                    {statusLabels[s]}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
        <Group gap="xs">
          <PriorityBadge priority={task.priority} />
          {task.subtaskCount ? (
            <Group gap={2} fz="xs" c="dimmed" aria-label={`${task.subtaskCount} subtasks`}>
              <IconSubtask size={12} aria-hidden /> {task.subtaskCount}
            </Group>
          ) : null}
          {task.commentCount ? (
            <Group gap={2} fz="xs" c="dimmed" aria-label={`${task.commentCount} comments`}>
              <IconMessage size={12} aria-hidden /> {task.commentCount}
            </Group>
          ) : null}
        </Group>
        <Group justify="space-between" gap="xs">
          <Text fz="xs" c="dimmed">
            {assignee ?? 'Unassigned'}
          </Text>
          {task.dueAt ? <DueText task={task} size="xs" /> : null}
        </Group>
      </Stack>
    </Paper>
  );
}
