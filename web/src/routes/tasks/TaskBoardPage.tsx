import { Badge, Button, Group, Paper, ScrollArea, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from '@dnd-kit/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../lib/errors';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { QueryError } from '../../components/QueryError';
import { BoardCard } from './BoardCard';
import { boardKeyboardCoordinates } from './boardKeyboard';
import { applyMoveToCache, BOARD_PAGE, columnKey, planMove, type ColumnData, type PlannedMove } from './boardMove';
import { taskListPath, useTaskFilters, type TaskFilters } from './filters';
import { statusLabels } from './labels';
import { TaskFiltersBar } from './TaskFiltersBar';
import { TasksHeader } from './TasksNav';
import { invalidateTasks, updateTask, useUsers } from './tasksApi';
import { TASK_STATUSES, type Task, type TaskStatus } from './types';

const columnPath = (f: TaskFilters, status: TaskStatus) => taskListPath({ ...f, status: '', sort: '' }, { status, sort: 'position' });

function Column({
  status,
  path,
  nameOf,
  onMove,
}: {
  status: TaskStatus;
  path: string;
  nameOf: (id: string | null) => string | null;
  onMove: (t: Task, to: TaskStatus) => void;
}) {
  const cards = usePagedQuery<Task>(path, BOARD_PAGE);
  const drop = useDroppable({ id: `col:${status}`, data: { status, beforeId: null } });
  const headingId = `board-col-${status}`;
  return (
    <Paper
      ref={drop.setNodeRef}
      withBorder
      radius="md"
      p="sm"
      bg={drop.isOver ? 'var(--mantine-color-blue-light)' : 'light-dark(var(--mantine-color-gray-1), var(--mantine-color-dark-6))'}
      component="section"
      aria-labelledby={headingId}
    >
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="sm" id={headingId}>
          {statusLabels[status]}
        </Title>
        <Badge variant="light" color="gray" size="sm">
          {cards.items.length}
          {cards.hasNextPage ? '+' : ''}
        </Badge>
      </Group>
      <ScrollArea.Autosize mah="calc(100vh - 320px)" type="auto" scrollbars="y" offsetScrollbars="present">
        <Stack gap="xs" mih={80}>
          {cards.isError ? <QueryError error={cards.error} onRetry={() => void cards.refetch()} /> : null}
          {cards.isPending ? [1, 2, 3].map((i) => <Skeleton key={i} h={72} radius="sm" />) : null}
          {cards.items.map((t) => (
            <BoardCard key={t.id} task={t} assignee={nameOf(t.assigneeId)} onMove={onMove} />
          ))}
          {!cards.isPending && cards.items.length === 0 ? (
            <Text fz="xs" c="dimmed" ta="center" py="md">
              Drop a card here
            </Text>
          ) : null}
          {cards.hasNextPage ? (
            <Button variant="subtle" size="xs" onClick={() => void cards.fetchNextPage()} loading={cards.isFetchingNextPage}>
              Load more
            </Button>
          ) : null}
        </Stack>
      </ScrollArea.Autosize>
    </Paper>
  );
}

export function TaskBoardPage() {
  const { filters, setFilters, active, clear } = useTaskFilters();
  const queryClient = useQueryClient();
  const { nameOf } = useUsers();
  const [dragged, setDragged] = useState<Task | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: boardKeyboardCoordinates }),
  );
  const cardsOf = (status: TaskStatus) => queryClient.getQueryData<ColumnData>(columnKey(columnPath(filters, status)))?.pages.flatMap((p) => p.items) ?? [];

  const move = useMutation({
    mutationFn: (m: PlannedMove) => updateTask(m.task.id, { status: m.to, position: m.position }),
    onMutate: async (m) => {
      const from = columnPath(filters, m.task.status);
      const to = columnPath(filters, m.to);
      await Promise.all([from, to].map((p) => queryClient.cancelQueries({ queryKey: columnKey(p) })));
      return { rollback: applyMoveToCache(queryClient, from, to, m) };
    },
    onError: (error, m, context) => {
      context?.rollback();
      notifications.show({ color: 'red', title: `Could not move “${m.task.title}”`, message: errorMessage(error) });
    },
    onSettled: () => void invalidateTasks(queryClient),
  });

  const moveTo = (task: Task, to: TaskStatus, beforeId: string | null = null) => {
    const plan = planMove(task, to, cardsOf(to), beforeId);
    if (plan) move.mutate(plan);
  };

  const onDragEnd = (e: DragEndEvent) => {
    setDragged(null);
    const task = e.active.data.current?.task as Task | undefined;
    const over = e.over?.data.current as { status: TaskStatus; beforeId: string | null } | undefined;
    if (task && over && over.beforeId !== task.id) moveTo(task, over.status, over.beforeId);
  };

  const titleOf = (id: string | number) => TASK_STATUSES.flatMap(cardsOf).find((t) => t.id === id)?.title ?? 'The task';
  const whereOver = (data: Record<string, unknown> | undefined) => (data ? `over ${statusLabels[data.status as TaskStatus]}` : 'not over a column');
  const announcements: Announcements = {
    onDragStart: ({ active: a }) => `Picked up “${titleOf(a.id)}”.`,
    onDragOver: ({ active: a, over }) => `“${titleOf(a.id)}” is ${whereOver(over?.data.current)}.`,
    onDragEnd: ({ active: a, over }) =>
      over ? `“${titleOf(a.id)}” moved to ${statusLabels[over.data.current?.status as TaskStatus]}.` : `“${titleOf(a.id)}” was dropped.`,
    onDragCancel: ({ active: a }) => `Moving “${titleOf(a.id)}” was cancelled.`,
  };

  return (
    <>
      <TasksHeader title="Board" description="Drag a card to another column to change its status." />
      <TaskFiltersBar filters={filters} setFilters={setFilters} active={active} clear={clear} withStatus={false} />
      <DndContext
        sensors={sensors}
        accessibility={{ announcements }}
        onDragStart={(e) => setDragged((e.active.data.current?.task as Task) ?? null)}
        onDragCancel={() => setDragged(null)}
        onDragEnd={onDragEnd}
      >
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
          {TASK_STATUSES.map((s) => (
            <Column key={s} status={s} path={columnPath(filters, s)} nameOf={nameOf} onMove={(t, to) => moveTo(t, to)} />
          ))}
        </SimpleGrid>
        <DragOverlay>{dragged ? <BoardCard task={dragged} assignee={nameOf(dragged.assigneeId)} onMove={() => {}} overlay /> : null}</DragOverlay>
      </DndContext>
    </>
  );
}
