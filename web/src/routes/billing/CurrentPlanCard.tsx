import { Alert, Badge, Button, Group, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { SectionCard } from '../../components/SectionCard';
import { formatDate } from '../../lib/format';
import { formatBytes, formatMoney, statusColors, statusLabels } from './money';
import { ResumeButton } from '../lifecycle/ResumeButton';
import type { Catalog, Subscription, UpcomingInvoice } from './types';
import type { Json } from '../../api/types';
import type { Schema } from '../../api/types';

function Usage({ label, used, limit, format }: { label: string; used: number; limit: number | null; format: (n: number | null) => string }) {
  const pct = limit ? Math.min(100, Math.round((used / limit) * 100)) : 0;
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text fz="sm" fw={500}>
          {label}
        </Text>
        <Text fz="sm" c="dimmed">
          {format(used)} of {limit === null ? 'unlimited' : format(limit)}
        </Text>
      </Group>
      <Progress value={pct} color={pct >= 100 ? 'red' : pct >= 80 ? 'orange' : 'blue'} aria-label={`${label} used`} />
    </Stack>
  );
}

/** The plan, its status and dates, what the next invoice will be, and how much of the plan is in use. */
export function CurrentPlanCard({ sub, catalog }: { sub: Subscription; catalog: Catalog }) {
  const users = useQuery<Json<'/api/users'>>({ queryKey: ['/api/users'] });
  const usage = useQuery<Schema<'DriveUsage'>>({ queryKey: ['/api/drive/usage'], retry: false });
  const upcoming = useQuery<UpcomingInvoice>({ queryKey: ['/api/billing/upcoming-invoice'] });
  const plan = catalog.plans.find((p) => p.id === sub.planId);
  const pending = sub.pendingPlanId ? catalog.plans.find((p) => p.id === sub.pendingPlanId) : null;
  const seatsUsed = users.data?.items.filter((u) => u.status === 'active').length ?? 0;

  return (
    <SectionCard title="Current plan">
      <Stack gap="md">
        <Group gap="sm">
          <Text fz="xl" fw={700} data-testid="current-plan">
            {sub.planName}
          </Text>
          {sub.status !== 'free' ? <Text c="dimmed">({sub.interval})</Text> : null}
          <Badge color={statusColors[sub.status]} variant="light" data-testid="plan-status">
            {statusLabels[sub.status]}
          </Badge>
        </Group>
        {sub.status === 'past_due' ? (
          <Alert color="red" variant="light" title="Payment failed">
            We could not charge your card for the renewal. We retry after 1, 3 and 5 days; after that the portal moves to Free (nothing is deleted). Save a new
            card below to pay now.
          </Alert>
        ) : null}
        {sub.status === 'paused' ? (
          <Alert color="yellow" variant="light" title="Paused" data-testid="paused-notice">
            <Stack gap="xs" align="flex-start">
              <Text fz="sm">
                No invoices while paused; everything can be read, nothing can be changed. It resumes by itself; you get a reminder a week before.
              </Text>
              <ResumeButton label="Resume now" size="xs" />
            </Stack>
          </Alert>
        ) : sub.cancelAtPeriodEnd ? (
          <Alert color="yellow" variant="light" data-testid="paid-until">
            <Stack gap="xs" align="flex-start">
              <Text fz="sm">Paid features active until {formatDate(sub.currentPeriodEnd)}. Then the portal moves to Free, with all its data.</Text>
              <ResumeButton label="Keep my plan" size="xs" variant="white" />
            </Stack>
          </Alert>
        ) : pending ? (
          <Alert color="blue" variant="light" data-testid="paid-until">
            <Stack gap="xs" align="flex-start">
              <Text fz="sm">
                Paid features active until {formatDate(sub.currentPeriodEnd)}. Then the plan changes to {pending.name} ({sub.pendingInterval}).
              </Text>
              <ResumeButton label={`Keep ${sub.planName}`} size="xs" variant="white" />
            </Stack>
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Text fz="sm">
            {sub.status === 'free'
              ? 'Free forever, no card needed.'
              : sub.status === 'trialing'
                ? `Trial until ${formatDate(sub.trialEnd)}.`
                : `Current period: ${formatDate(sub.currentPeriodStart)} – ${formatDate(sub.currentPeriodEnd)}.`}
          </Text>
          <Text fz="sm" data-testid="next-invoice">
            {upcoming.data && upcoming.data.date
              ? `Next invoice: ${formatMoney(upcoming.data.total, upcoming.data.currency)} on ${formatDate(upcoming.data.date)}.`
              : 'No upcoming invoice.'}
          </Text>
        </SimpleGrid>
        {plan ? (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
            <Usage label="Seats" used={seatsUsed} limit={plan.limits.seats} format={(n) => String(n ?? '')} />
            {usage.data ? <Usage label="Storage" used={usage.data.usedBytes} limit={usage.data.quotaBytes} format={formatBytes} /> : null}
          </SimpleGrid>
        ) : null}
        {(sub.status === 'active' || sub.status === 'trialing') && !sub.cancelAtPeriodEnd && !pending ? (
          <Group>
            <Button component={Link} to="/app/settings/billing/cancel" variant="subtle" color="gray" size="compact-sm">
              Cancel or downgrade
            </Button>
          </Group>
        ) : null}
      </Stack>
    </SectionCard>
  );
}
