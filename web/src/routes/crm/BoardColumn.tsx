import { Anchor, Badge, Box, Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { useDraggable, useDroppable } from '@dnd-kit/core';
import { Link } from 'react-router';
import { CloseDate } from './CloseDate';
import type { Board, Deal } from './crmTypes';
import { formatMoney, formatTotals } from './money';

const kindColor = { open: 'blue', won: 'green', lost: 'gray' } as const;

/** What a card shows; also rendered in the drag overlay. */
export function DealCardBody({ deal }: { deal: Deal }) {
  return (
    <Stack gap={4}>
      <Anchor component={Link} to={`/app/crm/deals/${deal.id}`} fz="sm" fw={600} c="inherit" lineClamp={2} draggable={false}>
        {deal.title}
      </Anchor>
      {deal.companyName || deal.contactName ? (
        <Text fz="xs" c="dimmed" lineClamp={1}>
          {[deal.companyName, deal.contactName].filter(Boolean).join(' · ')}
        </Text>
      ) : null}
      <Group justify="space-between" gap="xs">
        <Text fz="sm" fw={500}>
          {formatMoney(deal.amount, deal.currency)}
        </Text>
        {deal.expectedCloseDate ? <CloseDate deal={deal} fz="xs" /> : null}
      </Group>
    </Stack>
  );
}

/** A card: draggable, and a drop target meaning "put it here, before me". */
function DealCard({ deal, index }: { deal: Deal; index: number }) {
  const drag = useDraggable({ id: deal.id, data: { deal } });
  const drop = useDroppable({ id: `card:${deal.id}`, data: { stageId: deal.stageId, index } });
  return (
    <Paper
      ref={(el) => {
        drag.setNodeRef(el);
        drop.setNodeRef(el);
      }}
      data-testid="deal-card"
      withBorder
      radius="md"
      p="sm"
      shadow={drop.isOver && !drag.isDragging ? 'md' : 'xs'}
      aria-label={`${deal.title}, ${formatMoney(deal.amount, deal.currency)}`}
      style={{
        cursor: 'grab',
        opacity: drag.isDragging ? 0.4 : 1,
        borderTop: drop.isOver && !drag.isDragging ? '3px solid var(--mantine-primary-color-filled)' : undefined,
        touchAction: 'none',
      }}
      {...drag.attributes}
      {...drag.listeners}
    >
      <DealCardBody deal={deal} />
    </Paper>
  );
}

type BoardStage = Board['stages'][number];

/** One stage: header with count and totals per currency, its cards, and the drop area. */
export function BoardColumn({ stage, deals, loading, more }: { stage: BoardStage; deals: Deal[]; loading: boolean; more: string | null }) {
  const drop = useDroppable({ id: `stage:${stage.id}`, data: { stageId: stage.id, index: null } });
  return (
    <Box
      ref={drop.setNodeRef}
      data-testid={`stage-${stage.name}`}
      component="section"
      aria-label={`${stage.name}: ${stage.dealCount} deals`}
      w={272}
      miw={272}
      p="sm"
      style={{
        borderRadius: 'var(--mantine-radius-md)',
        background: drop.isOver ? 'var(--mantine-primary-color-light)' : 'light-dark(var(--mantine-color-gray-1), var(--mantine-color-dark-6))',
        alignSelf: 'stretch',
      }}
    >
      <Stack gap={2} mb="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} fz="sm" lineClamp={1}>
            {stage.name}
          </Text>
          <Group gap={4} wrap="nowrap">
            {stage.kind !== 'open' ? (
              <Badge size="xs" variant="light" color={kindColor[stage.kind]}>
                {stage.kind}
              </Badge>
            ) : null}
            <Badge size="sm" variant="default">
              {stage.dealCount}
            </Badge>
          </Group>
        </Group>
        <Text fz="xs" c="dimmed" data-testid="stage-total">
          {formatTotals(stage.totals)}
        </Text>
      </Stack>
      <Stack gap="xs" mih={80}>
        {loading ? <Skeleton h={72} radius="md" /> : deals.map((d, i) => <DealCard key={d.id} deal={d} index={i} />)}
        {more ? (
          <Anchor component={Link} to={more} fz="xs" ta="center">
            {stage.dealCount - deals.length} more in the list
          </Anchor>
        ) : null}
      </Stack>
    </Box>
  );
}
