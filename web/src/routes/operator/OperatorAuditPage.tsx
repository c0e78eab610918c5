import { Code, Paper, Table, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { EmptyPanel } from '../../components/EmptyPanel';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDateTime } from '../../lib/format';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { auditSummary } from './auditText';
import type { OperatorAuditEntry } from './operatorApi';

/** The operators' own audit log: every log-in and every action on a portal, newest first. */
export function OperatorAuditPage() {
  const log = usePagedQuery<OperatorAuditEntry>('/api/operator/audit', 50);
  let body;
  if (log.isError) body = <QueryError error={log.error} onRetry={() => void log.refetch()} />;
  else if (!log.isPending && log.items.length === 0) body = <EmptyPanel icon={<IconHistory size={28} />} title="Nothing recorded yet" />;
  else {
    body = (
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={700}>
          <Table verticalSpacing="xs" horizontalSpacing="md" aria-label="Operator log">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Portal</Table.Th>
                <Table.Th>IP address</Table.Th>
              </Table.Tr>
            </Table.Thead>
            {log.isPending ? (
              <TableSkeleton columns={5} />
            ) : (
              <Table.Tbody>
                {log.items.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.createdAt)}</Table.Td>
                    <Table.Td>
                      <Text fz="sm">{e.operator?.email ?? 'Command line'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">{auditSummary(e)}</Text>
                      <Code fz="xs">{e.action}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">{e.portal?.slug ?? '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="xs" ff="monospace">
                        {e.ip ?? '—'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            )}
          </Table>
        </Table.ScrollContainer>
        {!log.isPending ? (
          <LoadMore
            hasNextPage={log.hasNextPage}
            isFetchingNextPage={log.isFetchingNextPage}
            onLoadMore={() => void log.fetchNextPage()}
            count={log.items.length}
            noun="event"
          />
        ) : null}
      </Paper>
    );
  }
  return (
    <>
      <PageHeader title="Operator log" description="Every operator log-in and every action on a portal, newest first." />
      {body}
    </>
  );
}
