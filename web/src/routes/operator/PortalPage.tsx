import { Anchor, Badge, Button, Code, Group, Paper, Progress, SimpleGrid, Skeleton, Stack, Table, Text } from '@mantine/core';
import { IconArrowLeft, IconCalendarPlus, IconDatabaseExport, IconGift, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { SectionCard } from '../../components/SectionCard';
import { formatDate, formatDateTime, formatRelative } from '../../lib/format';
import { formatBytes } from '../billing/money';
import { MrrText } from './MrrText';
import { portalKey, type OperatorExport, type PortalDetail } from './operatorApi';
import { DeletePortalModal, DownloadExportModal, ExportModal, ExtendTrialModal, GrantPlanModal } from './PortalActions';
import { PlanBadge } from './PlanBadge';
import { auditSummary } from './auditText';

type Action = 'grant' | 'trial' | 'export' | 'delete' | null;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="sm" role="group" aria-label={label}>
      <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz="lg" fw={600} mt={2} component="div">
        {children}
      </Text>
    </Paper>
  );
}

function ExportRow({ x, onDownload }: { x: OperatorExport; onDownload: () => void }) {
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(x.createdAt)}</Table.Td>
      <Table.Td>
        {x.status === 'running' || x.status === 'queued' ? (
          <Progress value={Math.round(x.progress * 100)} size="sm" aria-label="Export progress" w={120} />
        ) : (
          <Badge variant="light" color={x.status === 'done' ? 'green' : 'red'}>
            {x.status === 'done' ? 'Ready' : 'Failed'}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>{x.bytes !== null ? formatBytes(x.bytes) : '—'}</Table.Td>
      <Table.Td>
        {x.downloadUrl ? (
          <Button size="compact-sm" variant="subtle" onClick={onDownload}>
            Download ZIP
          </Button>
        ) : x.expiresAt && x.status === 'done' ? (
          <Text fz="sm" c="dimmed">
            Expired
          </Text>
        ) : (
          (x.error ?? '—')
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** One portal: counts and billing, its exports and the operators' actions on it; never its records. */
export function PortalPage() {
  const { id = '' } = useParams();
  const [action, setAction] = useState<Action>(null);
  const [downloading, setDownloading] = useState<OperatorExport | null>(null);
  const detail = useQuery<PortalDetail>({
    queryKey: portalKey(id),
    refetchInterval: (q) => (q.state.data?.exports.some((x) => x.status === 'queued' || x.status === 'running') ? 2000 : false),
  });
  const back = (
    <Anchor component={Link} to="/operator/portals" fz="sm">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} /> All portals
      </Group>
    </Anchor>
  );
  if (detail.isError) {
    return (
      <Stack>
        {back}
        <QueryError error={detail.error} onRetry={() => void detail.refetch()} />
      </Stack>
    );
  }
  if (!detail.data)
    return (
      <Stack>
        {back}
        <Skeleton h={40} w="40%" />
        <Skeleton h={240} />
      </Stack>
    );
  const { portal: p, records, users, billingEvents, exports, actions } = detail.data;
  const close = () => setAction(null);

  return (
    <Stack gap="lg">
      {back}
      <PageHeader
        title={p.name}
        description={
          <>
            Portal address <Code>{p.slug}</Code>, created {formatDate(p.createdAt)}
          </>
        }
        actions={
          <>
            {p.plan?.status === 'trialing' ? (
              <Button variant="default" leftSection={<IconCalendarPlus size={16} />} onClick={() => setAction('trial')}>
                Extend trial
              </Button>
            ) : null}
            {p.plan ? (
              <Button variant="default" leftSection={<IconGift size={16} />} onClick={() => setAction('grant')}>
                Grant a plan
              </Button>
            ) : null}
            <Button variant="default" leftSection={<IconDatabaseExport size={16} />} onClick={() => setAction('export')}>
              Export
            </Button>
            <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => setAction('delete')}>
              Delete portal
            </Button>
          </>
        }
      />
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Fact label="Plan">
          <PlanBadge plan={p.plan} />
        </Fact>
        <Fact label="Seats">
          {p.seats.used}
          {p.seats.limit !== null ? ` of ${p.seats.limit}` : ''}
        </Fact>
        <Fact label="Storage">
          {formatBytes(p.storage.usedBytes)}
          {p.storage.quotaBytes !== null ? ` of ${formatBytes(p.storage.quotaBytes)}` : ''}
        </Fact>
        <Fact label="MRR">
          <MrrText amount={p.mrr} billing={p.plan !== null} />
        </Fact>
        <Fact label="Records">{records.toLocaleString()}</Fact>
        <Fact label="Users">
          {users.active} active of {users.total}
        </Fact>
        <Fact label="Last activity">{formatRelative(p.lastActivityAt)}</Fact>
        <Fact label="Status">{p.status === 'active' ? 'Active' : 'Being deleted'}</Fact>
      </SimpleGrid>
      {p.plan ? (
        <SectionCard title="Subscription" headingOrder={2}>
          <Text fz="sm">
            {p.plan.name}, {p.plan.interval}.{' '}
            {p.plan.status === 'trialing'
              ? `Free until ${formatDate(p.plan.trialEnd)}`
              : p.plan.currentPeriodEnd
                ? `Period ends ${formatDate(p.plan.currentPeriodEnd)}`
                : 'No paid period'}
            .
            {p.plan.cancelAtPeriodEnd
              ? ' Goes to Free at the end unless an admin keeps the plan.'
              : p.plan.pendingPlanId && p.plan.pendingPlanId !== p.plan.id
                ? ` Then ${p.plan.pendingPlanId}.`
                : ''}
            {p.plan.pastDueSince ? ` Payment due since ${formatDate(p.plan.pastDueSince)}.` : ''}
          </Text>
        </SectionCard>
      ) : null}
      <SectionCard title="Exports" description="Started by operators or the portal's admins; links work for 7 days." headingOrder={2}>
        {exports.length === 0 ? (
          <Text fz="sm" c="dimmed">
            No exports yet.
          </Text>
        ) : (
          <Table aria-label="Exports" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Started</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th>File</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {exports.map((x) => (
                <ExportRow key={x.id} x={x} onDownload={() => setDownloading(x)} />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </SectionCard>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <SectionCard title="Operator actions" description="What operators did to this portal, newest first." headingOrder={2}>
          {actions.length === 0 ? (
            <Text fz="sm" c="dimmed">
              None yet.
            </Text>
          ) : (
            <Stack gap="xs">
              {actions.map((a) => (
                <Text key={a.id} fz="sm">
                  <Text span c="dimmed" fz="xs">
                    {formatDateTime(a.createdAt)} ·{' '}
                  </Text>
                  {auditSummary(a)}{' '}
                  <Text span c="dimmed" fz="xs">
                    by {a.operator?.email ?? 'the command line'}
                  </Text>
                </Text>
              ))}
            </Stack>
          )}
        </SectionCard>
        {p.plan ? (
          <SectionCard title="Billing events" description="The portal's billing log, newest first." headingOrder={2}>
            {billingEvents.length === 0 ? (
              <Text fz="sm" c="dimmed">
                None yet.
              </Text>
            ) : (
              <Stack gap={4}>
                {billingEvents.map((e) => (
                  <Text key={e.id} fz="sm">
                    <Text span c="dimmed" fz="xs">
                      {formatDateTime(e.createdAt)} ·{' '}
                    </Text>
                    <Code fz="xs">{e.type}</Code>
                  </Text>
                ))}
              </Stack>
            )}
          </SectionCard>
        ) : null}
      </SimpleGrid>
      {action === 'grant' ? <GrantPlanModal portal={p} opened onClose={close} /> : null}
      {action === 'trial' ? <ExtendTrialModal portal={p} opened onClose={close} /> : null}
      {action === 'export' ? <ExportModal portal={p} opened onClose={close} /> : null}
      {action === 'delete' ? <DeletePortalModal portal={p} opened onClose={close} /> : null}
      {downloading ? <DownloadExportModal portal={p} exp={downloading} onClose={() => setDownloading(null)} /> : null}
    </Stack>
  );
}
