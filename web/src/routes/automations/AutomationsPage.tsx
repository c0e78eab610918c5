import { Alert, Anchor, Badge, Button, Paper, Stack, Switch, Table, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBolt, IconDownload, IconLock, IconPlus, IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyPanel } from '../../components/EmptyPanel';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { TableSkeleton } from '../../components/TableSkeleton';
import { errorMessage } from '../../lib/errors';
import { formatRelative } from '../../lib/format';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { describeRule } from './describe';
import { ImportModal } from './ImportModal';
import type { Rule } from './types';
import { useAutomationData } from './useAutomationData';
import { WebhookSecretCard } from './WebhookSecretCard';
import { client, unwrap } from '../../api/client';

export function RuleStatusBadge({ rule }: { rule: Rule }) {
  if (rule.readOnly)
    return (
      <Badge color="yellow" variant="light" leftSection={<IconLock size={12} />}>
        Read-only (plan)
      </Badge>
    );
  return rule.active ? (
    <Badge color="green" variant="light">
      Active
    </Badge>
  ) : (
    <Badge color="gray" variant="light">
      Disabled
    </Badge>
  );
}

/** Saves the export as a file, as the browser would download it. */
async function downloadExport() {
  const doc = await unwrap(client.GET('/api/automations/export'));
  const blob = new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `automations-${new Date().toISOString().slice(0, 10)}.json`;
  a.click();
  URL.revokeObjectURL(a.href);
}

export function PlanNotice() {
  return (
    <Alert color="yellow" variant="light" icon={<IconLock size={18} />} title="Your plan does not include automations">
      Your rules are kept exactly as they were, and you can export them, but they do not run and cannot be changed. Upgrading brings them back as they were.{' '}
      <Anchor component={Link} to="/app/settings/billing" inherit>
        See plans
      </Anchor>
    </Alert>
  );
}

/** Automation rules: what each does in plain words, on/off, export and import. */
export function AutomationsPage() {
  const queryClient = useQueryClient();
  const data = useAutomationData();
  const rules = usePagedQuery<Rule>('/api/automations', 50);
  const [importing, importModal] = useDisclosure(false);
  const [exporting, setExporting] = useState(false);
  const toggle = useMutation({
    mutationFn: (r: Rule) => unwrap(client.PATCH('/api/automations/{id}', { params: { path: { id: r.id } }, body: { enabled: !r.enabled } })),
    onSuccess: () => void queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/api/automations') }),
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  const exportAll = async () => {
    setExporting(true);
    try {
      await downloadExport();
    } catch (err) {
      notifications.show({ color: 'red', message: errorMessage(err) });
    } finally {
      setExporting(false);
    }
  };

  let body;
  if (rules.isError) body = <QueryError error={rules.error} onRetry={() => void rules.refetch()} />;
  else if (!rules.isPending && rules.items.length === 0) {
    body = (
      <EmptyPanel
        icon={<IconBolt size={28} />}
        title="No automations yet"
        description="“When a deal reaches Negotiation and is worth more than 1,000 EUR, create a task to send the contract.” Rules like this run on their own and log what they did."
        action={
          <Button component={Link} to="/app/automations/new" leftSection={<IconPlus size={16} />} variant="light">
            New rule
          </Button>
        }
      />
    );
  } else {
    body = (
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={700}>
          <Table verticalSpacing="sm" horizontalSpacing="md">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Rule</Table.Th>
                <Table.Th w={170}>Status</Table.Th>
                <Table.Th w={140}>Changed</Table.Th>
                <Table.Th w={90}>
                  <VisuallyHidden>On or off</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            {rules.isPending ? (
              <TableSkeleton columns={4} rows={3} />
            ) : (
              <Table.Tbody>
                {rules.items.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/app/automations/${r.id}`} fw={600} fz="sm">
                        {r.name}
                      </Anchor>
                      {data.catalog && (
                        <Text fz="xs" c="dimmed">
                          {describeRule(r, data.catalog.entities, data.names)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <RuleStatusBadge rule={r} />
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm" c="dimmed">
                        {formatRelative(r.updatedAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Switch aria-label={`Enable ${r.name}`} checked={r.enabled} disabled={r.readOnly || toggle.isPending} onChange={() => toggle.mutate(r)} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            )}
          </Table>
        </Table.ScrollContainer>
        {!rules.isPending && (
          <LoadMore
            hasNextPage={rules.hasNextPage}
            isFetchingNextPage={rules.isFetchingNextPage}
            onLoadMore={() => void rules.fetchNextPage()}
            count={rules.items.length}
            noun="rule"
          />
        )}
      </Paper>
    );
  }

  return (
    <Stack gap="lg">
      <div>
        <PageHeader
          title="Automations"
          description="Rules that run on their own: when something happens, check conditions, then act — and log every run."
          actions={
            <>
              <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => void exportAll()} loading={exporting}>
                Export
              </Button>
              <Button variant="default" leftSection={<IconUpload size={16} />} onClick={importModal.open}>
                Import
              </Button>
              <Button component={Link} to="/app/automations/new" leftSection={<IconPlus size={16} />}>
                New rule
              </Button>
            </>
          }
        />
        {rules.items.some((r) => r.readOnly) && <PlanNotice />}
      </div>
      {body}
      {!rules.isError && <WebhookSecretCard />}
      <ImportModal opened={importing} onClose={importModal.close} />
    </Stack>
  );
}
