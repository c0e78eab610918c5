import { Badge, Group, Text } from '@mantine/core';
import { formatDate } from '../../lib/format';
import { statusColors, statusLabels } from '../billing/money';
import type { PortalPlan } from './operatorApi';

/** A portal's plan and where it stands: "Team · Active", "Business · Trial until 1 Mar 2099". */
export function PlanBadge({ plan }: { plan: PortalPlan | null }) {
  if (!plan) {
    return (
      <Badge variant="light" color="gray">
        Self-hosted
      </Badge>
    );
  }
  return (
    <Group gap={6} wrap="nowrap">
      <Text fz="sm" fw={500}>
        {plan.name}
      </Text>
      <Badge size="sm" variant="light" color={statusColors[plan.status]}>
        {statusLabels[plan.status]}
      </Badge>
      {plan.status === 'trialing' && plan.trialEnd ? (
        <Text fz="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          until {formatDate(plan.trialEnd)}
        </Text>
      ) : null}
    </Group>
  );
}
