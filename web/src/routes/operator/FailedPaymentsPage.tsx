import { Badge, Paper, Table, Text } from '@mantine/core';
import { IconCreditCardOff } from '@tabler/icons-react';
import { EmptyPanel } from '../../components/EmptyPanel';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDateTime } from '../../lib/format';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { formatMoney, statusColors, statusLabels } from '../billing/money';
import type { FailedPayment, SubscriptionStatus } from './operatorApi';
import { PortalLink } from './CancellationsPage';

/** Renewal charges that failed, and where each portal stands now (LIF-7). */
export function FailedPaymentsPage() {
  const list = usePagedQuery<FailedPayment>('/api/operator/failed-payments', 50);
  let body;
  if (list.isError) body = <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  else if (!list.isPending && list.items.length === 0)
    body = (
      <EmptyPanel
        icon={<IconCreditCardOff size={28} />}
        title="No failed payments"
        description="A renewal whose card is declined shows here; it is retried after 1, 3 and 5 days."
      />
    );
  else {
    body = (
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={700}>
          <Table verticalSpacing="xs" horizontalSpacing="md" aria-label="Failed payments">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Portal</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
                <Table.Th>Card</Table.Th>
                <Table.Th>Now</Table.Th>
              </Table.Tr>
            </Table.Thead>
            {list.isPending ? (
              <TableSkeleton columns={5} />
            ) : (
              <Table.Tbody>
                {list.items.map((f) => {
                  const status = f.subscriptionStatus as SubscriptionStatus;
                  return (
                    <Table.Tr key={f.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(f.at)}</Table.Td>
                      <Table.Td>
                        <PortalLink portal={f.portal} />
                      </Table.Td>
                      <Table.Td ta="right">{formatMoney(f.amount, f.currency)}</Table.Td>
                      <Table.Td>
                        <Text fz="sm">
                          {f.card ?? '—'}
                          {f.declineCode ? ` · ${f.declineCode}` : ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={statusColors[status] ?? 'gray'}>
                          {statusLabels[status] ?? f.subscriptionStatus}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            )}
          </Table>
        </Table.ScrollContainer>
        {!list.isPending ? (
          <LoadMore
            hasNextPage={list.hasNextPage}
            isFetchingNextPage={list.isFetchingNextPage}
            onLoadMore={() => void list.fetchNextPage()}
            count={list.items.length}
            noun="failed payment"
          />
        ) : null}
      </Paper>
    );
  }
  return (
    <>
      <PageHeader title="Failed payments" description="Renewal charges that were declined, newest first, with where each portal stands now." />
      {body}
    </>
  );
}
