import { Paper, SimpleGrid, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { SectionCard } from '../../components/SectionCard';
import { formatDate } from '../../lib/format';
import { formatMoney } from '../billing/money';
import { OVERVIEW_KEY, type Overview } from './operatorApi';

function Stat({ label, value, hint }: { label: string; value: string | number; hint?: string }) {
  return (
    <Paper withBorder radius="md" p="md" role="group" aria-label={label}>
      <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={26} fw={700} mt={4}>
        {value}
      </Text>
      {hint ? (
        <Text fz="xs" c="dimmed">
          {hint}
        </Text>
      ) : null}
    </Paper>
  );
}

/** The business at a glance (LIF-7): plan mix, monthly recurring revenue, this month's comings and goings. */
export function OverviewPage() {
  const overview = useQuery<Overview>({ queryKey: OVERVIEW_KEY });
  const header = (
    <PageHeader title="Overview" description="Portals, plans and revenue across the whole server. Counts and billing only: no portal's records." />
  );
  if (overview.isError) {
    return (
      <>
        {header}
        <QueryError error={overview.error} onRetry={() => void overview.refetch()} />
      </>
    );
  }
  const o = overview.data;
  if (!o) {
    return (
      <>
        {header}
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} h={96} radius="md" />
          ))}
        </SimpleGrid>
      </>
    );
  }
  const m = o.thisMonth;
  return (
    <>
      {header}
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
          {o.billing ? (
            <Stat
              label="Monthly recurring revenue"
              value={formatMoney(o.mrr.amount, o.currency)}
              hint={`${o.mrr.payingPortals} paying portal${o.mrr.payingPortals === 1 ? '' : 's'}; annual plans as 1/12`}
            />
          ) : null}
          <Stat label="Portals" value={o.portals.total} hint={`${o.portals.newThisMonth} new this month`} />
          <Stat label="Cancelled this month" value={m.cancelled} hint={`${m.downgraded} downgraded, ${m.deleted} deleted`} />
          <Stat label="Paused this month" value={m.paused} hint={`${m.retentionOffersTaken} took the retention offer`} />
          {o.billing ? <Stat label="Failed payments this month" value={m.failedPayments} /> : null}
        </SimpleGrid>
        {o.billing ? (
          <SectionCard
            title="Portals per plan"
            description={`As of ${formatDate(o.asOf)}. "This month" counts from ${formatDate(m.from)} (UTC).`}
            headingOrder={2}
          >
            <Table.ScrollContainer minWidth={500}>
              <Table verticalSpacing="xs" aria-label="Portals per plan">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Plan</Table.Th>
                    <Table.Th ta="right">Portals</Table.Th>
                    <Table.Th ta="right">In a trial or granted</Table.Th>
                    <Table.Th ta="right">Payment due</Table.Th>
                    <Table.Th ta="right">Paused</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {o.planMix.map((p) => (
                    <Table.Tr key={p.planId}>
                      <Table.Td>{p.planName}</Table.Td>
                      <Table.Td ta="right">{p.portals}</Table.Td>
                      <Table.Td ta="right">{p.trialing}</Table.Td>
                      <Table.Td ta="right">{p.pastDue}</Table.Td>
                      <Table.Td ta="right">{p.paused}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </SectionCard>
        ) : (
          <Paper withBorder radius="md" p="lg">
            <Text fz="sm">This server is self-hosted (BILLING=off): every portal has every feature, with no plans, limits or invoices.</Text>
          </Paper>
        )}
      </Stack>
    </>
  );
}
