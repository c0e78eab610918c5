import { Anchor, Badge, Paper, Table, Text } from '@mantine/core';
import { IconDoorExit } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyPanel } from '../../components/EmptyPanel';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDate } from '../../lib/format';
import { usePagedQuery } from '../../lib/usePagedQuery';
import type { Cancellation, PortalRef } from './operatorApi';

export function PortalLink({ portal }: { portal: PortalRef }) {
  if (!portal.slug)
    return (
      <Text fz="sm" c="dimmed">
        Deleted portal
      </Text>
    );
  return (
    <Anchor component={Link} to={`/operator/portals/${portal.id}`} fz="sm">
      {portal.name ?? portal.slug}
    </Anchor>
  );
}

function outcome(c: Cancellation): { label: string; color: string } {
  if (c.kind === 'retention_offer') return { label: `Took the offer: paused ${c.pauseMonths} month${c.pauseMonths === 1 ? '' : 's'}`, color: 'green' };
  if (c.status === 'withdrawn') return { label: 'Changed their mind', color: 'blue' };
  const what = c.mode === 'downgrade' ? `Downgrade to ${c.targetPlanId}` : 'Cancelled';
  return { label: c.status === 'applied' ? `${what} (done)` : `${what} (at period end)`, color: c.mode === 'downgrade' ? 'yellow' : 'red' };
}

/** Why portals leave, and the retention offers taken instead (LIF-7). */
export function CancellationsPage() {
  const list = usePagedQuery<Cancellation>('/api/operator/cancellations', 50);
  let body;
  if (list.isError) body = <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  else if (!list.isPending && list.items.length === 0)
    body = (
      <EmptyPanel
        icon={<IconDoorExit size={28} />}
        title="No cancellations"
        description="When an admin cancels or downgrades, or takes the retention offer instead, it shows here with their reason."
      />
    );
  else {
    body = (
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={800}>
          <Table verticalSpacing="xs" horizontalSpacing="md" aria-label="Cancellations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Portal</Table.Th>
                <Table.Th>Outcome</Table.Th>
                <Table.Th>Reason</Table.Th>
                <Table.Th>Retention offer</Table.Th>
              </Table.Tr>
            </Table.Thead>
            {list.isPending ? (
              <TableSkeleton columns={5} />
            ) : (
              <Table.Tbody>
                {list.items.map((c) => {
                  const o = outcome(c);
                  return (
                    <Table.Tr key={c.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(c.createdAt)}</Table.Td>
                      <Table.Td>
                        <PortalLink portal={c.portal} />
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={o.color}>
                          {o.label}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text fz="sm" c={c.reason ? undefined : 'dimmed'}>
                          {c.reason ?? (c.kind === 'retention_offer' ? '—' : 'No reason given')}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text fz="sm">{c.retentionOfferTaken ? 'Taken' : c.offerDeclined ? `Declined (${c.offerDeclined})` : 'None shown'}</Text>
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
            noun="cancellation"
          />
        ) : null}
      </Paper>
    );
  }
  return (
    <>
      <PageHeader title="Cancellations" description="Cancellations and downgrades with their reasons, and the retention offers taken instead, newest first." />
      {body}
    </>
  );
}
