import { Button, Code, Paper, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import { EmptyPanel } from '../../components/EmptyPanel';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDateTime, formatRelative } from '../../lib/format';
import { usePagedQuery } from '../../lib/usePagedQuery';
import type { AuditEntry } from '../../types';
import { AuditDetailsModal } from './audit/AuditDetailsModal';
import { auditActionLabel, auditActorName } from './audit/auditActions';

/** UUIDs are long; the first block is enough to tell rows apart (the details show all of it). */
function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

export function AuditPage() {
  const audit = usePagedQuery<AuditEntry>('/api/audit', 50);
  const [selected, setSelected] = useState<AuditEntry | null>(null);

  let body;
  if (audit.isError) {
    body = <QueryError error={audit.error} onRetry={() => void audit.refetch()} />;
  } else if (!audit.isPending && audit.items.length === 0) {
    body = (
      <EmptyPanel
        icon={<IconHistory size={28} />}
        title="Nothing recorded yet"
        description="Sign-ins, invites, role changes and other important events will appear here."
      />
    );
  } else {
    body = (
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={700}>
          <Table verticalSpacing="xs" horizontalSpacing="md" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Target</Table.Th>
                <Table.Th style={{ whiteSpace: 'nowrap' }}>IP address</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Details</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            {audit.isPending ? (
              <TableSkeleton columns={6} rows={6} />
            ) : (
              <Table.Tbody>
                {audit.items.map((entry) => (
                  <Table.Tr key={entry.id}>
                    <Table.Td>
                      <Tooltip label={formatDateTime(entry.createdAt)} withArrow>
                        <Text fz="sm" component="time" dateTime={entry.createdAt} style={{ whiteSpace: 'nowrap' }}>
                          {formatRelative(entry.createdAt)}
                        </Text>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={0}>
                        <Text fz="sm" fw={entry.actor ? 500 : undefined} c={entry.actor ? undefined : 'dimmed'}>
                          {auditActorName(entry)}
                        </Text>
                        {entry.actor?.email && entry.actor.name ? (
                          <Text fz="xs" c="dimmed">
                            {entry.actor.email}
                          </Text>
                        ) : null}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">{auditActionLabel(entry.action)}</Text>
                      <Code fz="xs">{entry.action}</Code>
                    </Table.Td>
                    <Table.Td>
                      {entry.targetType ? (
                        <Text fz="xs" c="dimmed" title={entry.targetId ?? undefined}>
                          {entry.targetType}
                          {entry.targetId ? ` · ${shortId(entry.targetId)}` : ''}
                        </Text>
                      ) : (
                        <Text fz="xs" c="dimmed">
                          —
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text fz="xs" ff="monospace">
                        {entry.ip ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Button size="xs" variant="subtle" onClick={() => setSelected(entry)}>
                        Details
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            )}
          </Table>
        </Table.ScrollContainer>
        {!audit.isPending ? (
          <LoadMore
            hasNextPage={audit.hasNextPage}
            isFetchingNextPage={audit.isFetchingNextPage}
            onLoadMore={() => void audit.fetchNextPage()}
            count={audit.items.length}
            noun="event"
          />
        ) : null}
      </Paper>
    );
  }

  return (
    <>
      <PageHeader order={2} title="Audit log" description="Who did what in this portal, newest first." />
      {body}
      <AuditDetailsModal entry={selected} onClose={() => setSelected(null)} />
    </>
  );
}
