import { Anchor, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBuildingSkyscraper, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyPanel } from '../../components/EmptyPanel';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDate, formatRelative } from '../../lib/format';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { formatBytes } from '../billing/money';
import type { OperatorPortal } from './operatorApi';
import { PlanBadge } from './PlanBadge';
import { MrrText } from './MrrText';

/** Every portal, newest first: plan, seats, storage, status, created, last activity. */
export function PortalsPage() {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const portals = usePagedQuery<OperatorPortal>(q ? `/api/operator/portals?q=${encodeURIComponent(q)}` : '/api/operator/portals', 50);

  let body;
  if (portals.isError) body = <QueryError error={portals.error} onRetry={() => void portals.refetch()} />;
  else if (!portals.isPending && portals.items.length === 0) {
    body = (
      <EmptyPanel
        icon={<IconBuildingSkyscraper size={28} />}
        title={q ? `No portal matches "${q}"` : 'No portals yet'}
        description={q ? 'Search by portal address or name.' : 'Portals appear here as people sign up or you create them with `skit portal create`.'}
      />
    );
  } else {
    body = (
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={900}>
          <Table verticalSpacing="xs" horizontalSpacing="md" highlightOnHover aria-label="Portals">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Portal</Table.Th>
                <Table.Th>Plan</Table.Th>
                <Table.Th ta="right">Seats</Table.Th>
                <Table.Th ta="right">Storage</Table.Th>
                <Table.Th ta="right">MRR</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Last activity</Table.Th>
              </Table.Tr>
            </Table.Thead>
            {portals.isPending ? (
              <TableSkeleton columns={7} rows={6} />
            ) : (
              <Table.Tbody>
                {portals.items.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      <Stack gap={0}>
                        <Anchor component={Link} to={`/operator/portals/${p.id}`} fw={500} fz="sm">
                          {p.name}
                        </Anchor>
                        <Text fz="xs" c="dimmed">
                          {p.slug}
                        </Text>
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <PlanBadge plan={p.plan} />
                    </Table.Td>
                    <Table.Td ta="right">
                      {p.seats.used}
                      {p.seats.limit !== null ? ` / ${p.seats.limit}` : ''}
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {formatBytes(p.storage.usedBytes)}
                      {p.storage.quotaBytes !== null ? ` / ${formatBytes(p.storage.quotaBytes)}` : ''}
                    </Table.Td>
                    <Table.Td ta="right">
                      <MrrText amount={p.mrr} billing={p.plan !== null} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(p.createdAt)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatRelative(p.lastActivityAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            )}
          </Table>
        </Table.ScrollContainer>
        {!portals.isPending ? (
          <LoadMore
            hasNextPage={portals.hasNextPage}
            isFetchingNextPage={portals.isFetchingNextPage}
            onLoadMore={() => void portals.fetchNextPage()}
            count={portals.items.length}
            noun="portal"
          />
        ) : null}
      </Paper>
    );
  }

  return (
    <>
      <PageHeader title="Portals" description="Every portal on this server, newest first. Counts and billing only." />
      <TextInput
        label="Search portals"
        placeholder="Address or name"
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        mb="md"
        maw={360}
      />
      {body}
    </>
  );
}
