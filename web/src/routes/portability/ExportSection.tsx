import { Anchor, Button, Group, Paper, Progress, Stack, Table, Text } from '@mantine/core';
import { IconDatabaseExport, IconDownload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { SectionCard } from '../../components/SectionCard';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDateTime } from '../../lib/format';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { EXPORTS, formatBytes, refreshLists, useExport, type PortalExport } from './portabilityApi';
import { TransferStatusBadge } from './StatusBadge';
import { client, unwrap } from '../../api/client';

/** "Export everything": one ZIP of the whole portal, on every plan; its progress; earlier exports. */
export function ExportSection() {
  const qc = useQueryClient();
  const [currentId, setCurrentId] = useState<string | null>(null);
  const current = useExport(currentId);
  const history = usePagedQuery<PortalExport>(EXPORTS, 10);
  const start = useMutation({
    mutationFn: () => unwrap(client.POST('/api/exports')),
    onSuccess: (e) => {
      setCurrentId(e.id);
      void refreshLists(qc);
    },
  });
  // An export under way (started in another tab, by another admin, or before a reload) is the one shown:
  // the server answers a second click with it too, so there is one export however often the button is clicked.
  const pendingId = history.items.find((e) => e.status === 'queued' || e.status === 'running')?.id ?? null;
  useEffect(() => {
    if (!currentId && pendingId) setCurrentId(pendingId);
  }, [currentId, pendingId]);
  const exp = current.data;
  const busy = start.isPending || (!!exp && (exp.status === 'queued' || exp.status === 'running'));
  // When the export finishes, the list shows it finished too.
  const settled = exp && !busy ? exp.status : null;
  useEffect(() => {
    if (settled) void refreshLists(qc);
  }, [settled, qc]);

  return (
    <SectionCard
      title="Export everything"
      description="One ZIP with all of your portal: a CSV per kind of record, every calendar as .ics, the drive's files in their folders, the automations, and a manifest with checksums. On every plan, including anything over your plan's limits. We email you the link when it is ready; it works for 7 days."
    >
      <Stack gap="md">
        <Group>
          <Button leftSection={<IconDatabaseExport size={18} />} onClick={() => start.mutate()} loading={start.isPending} disabled={busy}>
            Export everything
          </Button>
        </Group>
        <ErrorAlert error={start.error} />
        {exp ? <CurrentExport exp={exp} /> : null}
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs" fz="sm" aria-label="Exports">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Started</Table.Th>
                  <Table.Th w={100}>Status</Table.Th>
                  <Table.Th w={90}>Size</Table.Th>
                  <Table.Th>Link works until</Table.Th>
                  <Table.Th w={110} />
                </Table.Tr>
              </Table.Thead>
              {history.isPending ? (
                <TableSkeleton columns={5} rows={2} />
              ) : (
                <Table.Tbody>
                  {history.items.length === 0 ? (
                    <Table.Tr>
                      <Table.Td colSpan={5}>
                        <Text fz="sm" c="dimmed">
                          No exports yet.
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ) : (
                    history.items.map((e) => (
                      <Table.Tr key={e.id}>
                        <Table.Td>{formatDateTime(e.createdAt)}</Table.Td>
                        <Table.Td>
                          <TransferStatusBadge status={e.status} />
                        </Table.Td>
                        <Table.Td>{formatBytes(e.bytes)}</Table.Td>
                        <Table.Td>{e.status === 'done' ? (e.downloadUrl ? formatDateTime(e.expiresAt) : 'Expired') : '—'}</Table.Td>
                        <Table.Td>
                          {e.downloadUrl ? (
                            <Anchor href={new URL(e.downloadUrl).pathname} download fz="sm" aria-label={`Download, export of ${formatDateTime(e.createdAt)}`}>
                              Download
                            </Anchor>
                          ) : null}
                        </Table.Td>
                      </Table.Tr>
                    ))
                  )}
                </Table.Tbody>
              )}
            </Table>
          </Table.ScrollContainer>
          {!history.isPending && history.items.length > 0 ? (
            <LoadMore
              hasNextPage={history.hasNextPage}
              isFetchingNextPage={history.isFetchingNextPage}
              onLoadMore={() => void history.fetchNextPage()}
              count={history.items.length}
              noun="export"
            />
          ) : null}
        </Paper>
      </Stack>
    </SectionCard>
  );
}

function CurrentExport({ exp }: { exp: PortalExport }) {
  if (exp.status === 'failed') return <ErrorAlert error={exp.error ?? 'The export failed.'} title="The export failed" />;
  if (exp.status !== 'done') {
    const percent = Math.round(exp.progress * 100);
    return (
      <Stack gap={4} aria-live="polite">
        <Text fz="sm">{exp.status === 'queued' ? 'Waiting to start…' : `Exporting… ${percent}%`}</Text>
        <Progress value={percent} animated aria-label="Export progress" />
      </Stack>
    );
  }
  const total = Object.entries(exp.counts ?? {}).filter(([k]) => k !== 'files');
  return (
    <Stack gap={6} aria-live="polite">
      <Group gap="sm">
        <Button
          component="a"
          href={exp.downloadUrl ? new URL(exp.downloadUrl).pathname : undefined}
          download
          leftSection={<IconDownload size={18} />}
          variant="light"
        >
          Download the export ({formatBytes(exp.bytes)})
        </Button>
        <Text fz="sm" c="dimmed">
          Ready. The link works until {formatDateTime(exp.expiresAt)}.
        </Text>
      </Group>
      <Text fz="xs" c="dimmed">
        {total.map(([k, n]) => `${n} ${k.replace(/_/g, ' ')}`).join(' · ')} · {exp.counts?.files ?? 0} files
      </Text>
    </Stack>
  );
}
