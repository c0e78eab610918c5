import { Group, Paper, ScrollArea } from '@mantine/core';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { useState } from 'react';
import { QueryError } from '../../components/QueryError';
import { BoardColumn, DealCardBody } from './BoardColumn';
import type { Deal } from './crmTypes';
import { COLUMN_LIMIT, useBoard } from './useBoard';

/** Cards win over the column around them, so a drop lands before the card under the pointer. */
const collision: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  const pool = hits.length ? hits : rectIntersection(args);
  const cards = pool.filter((c) => String(c.id).startsWith('card:'));
  return cards.length ? cards : pool;
};

/** The pipeline as a kanban board: drag a card to another column (or place) to move the deal. */
export function DealsBoard({ pipelineId }: { pipelineId: string }) {
  const { board, stages, cardsOf, columnState, move } = useBoard(pipelineId);
  const [dragged, setDragged] = useState<Deal | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor));

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragged(null);
    const deal = active.data.current?.deal as Deal | undefined;
    const target = over?.data.current as { stageId: string; index: number | null } | undefined;
    if (!deal || !target) return;
    const column = cardsOf(target.stageId);
    const sameStage = target.stageId === deal.stageId;
    const from = column.findIndex((d) => d.id === deal.id);
    // Over a card: take its place. Over the column: the end of it.
    const position = target.index ?? (sameStage ? column.length - 1 : column.length);
    if (sameStage && position === from) return;
    move({ deal, toStageId: target.stageId, position });
  };

  if (board.isError) return <QueryError error={board.error} onRetry={() => void board.refetch()} />;
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collision}
      onDragStart={({ active }: DragStartEvent) => setDragged((active.data.current?.deal as Deal) ?? null)}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragged(null)}
    >
      <ScrollArea type="auto" offsetScrollbars>
        <Group align="stretch" gap="sm" wrap="nowrap" pb="sm">
          {board.isPending
            ? Array.from({ length: 4 }, (_, i) => <Paper key={i} w={272} h={240} withBorder radius="md" />)
            : stages.map((s) => {
                const cards = cardsOf(s.id);
                const more = s.dealCount > cards.length && cards.length >= COLUMN_LIMIT ? `/app/crm/deals?view=list&stageId=${s.id}&sort=position` : null;
                return <BoardColumn key={s.id} stage={s} deals={cards} loading={!!columnState(s.id)?.isPending} more={more} />;
              })}
        </Group>
      </ScrollArea>
      <DragOverlay dropAnimation={null}>
        {dragged ? (
          <Paper withBorder radius="md" p="sm" shadow="lg" w={256} style={{ cursor: 'grabbing' }}>
            <DealCardBody deal={dragged} />
          </Paper>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
}
