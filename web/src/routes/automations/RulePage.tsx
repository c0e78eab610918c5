import { Anchor, Button, Group, Stack, Tabs, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconHistory, IconPencil, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmModal } from '../../components/ConfirmModal';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { PlanNotice, RuleStatusBadge } from './AutomationsPage';
import { RuleEditor } from './RuleEditor';
import { RunLog } from './RunLog';
import type { Rule } from './types';
import { useAutomationData } from './useAutomationData';
import { client, unwrap } from '../../api/client';

const BackLink = () => (
  <Anchor component={Link} to="/app/automations" fz="sm">
    <Group gap={4}>
      <IconArrowLeft size={14} /> All automations
    </Group>
  </Anchor>
);

/** One rule: the builder to change it, and its run log. */
export function RulePage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const data = useAutomationData();
  const rule = useQuery<Rule>({ queryKey: ['/api/automations', id], enabled: !!id });
  const [deleting, del] = useDisclosure(false);
  const remove = useMutation({
    mutationFn: () => unwrap(client.DELETE('/api/automations/{id}', { params: { path: { id: id ?? '' } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/api/automations') });
      notifications.show({ message: 'Rule deleted' });
      void navigate('/app/automations');
    },
  });

  if (rule.isError || data.error) return <QueryError error={rule.error ?? data.error} onRetry={() => void rule.refetch()} />;
  if (rule.isPending || data.isPending) return <Text c="dimmed">Loading…</Text>;
  const r = rule.data;
  return (
    <Stack gap="md">
      <BackLink />
      <PageHeader
        title={r.name}
        description={
          <Group gap="xs" component="span">
            <RuleStatusBadge rule={r} />
            {r.nextRunAt && (
              <Text span fz="sm">
                Next run {new Date(r.nextRunAt).toLocaleString()}
              </Text>
            )}
          </Group>
        }
        actions={
          <Button variant="default" color="red" leftSection={<IconTrash size={16} />} onClick={del.open}>
            Delete
          </Button>
        }
      />
      {r.readOnly && <PlanNotice />}
      <Tabs defaultValue="rule" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="rule" leftSection={<IconPencil size={14} />}>
            Rule
          </Tabs.Tab>
          <Tabs.Tab value="runs" leftSection={<IconHistory size={14} />}>
            Run log
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="rule">
          <RuleEditor rule={r} data={data} readOnly={r.readOnly} onSaved={() => notifications.show({ color: 'green', message: 'Rule saved' })} />
        </Tabs.Panel>
        <Tabs.Panel value="runs">
          <RunLog ruleId={r.id} names={data.names} />
        </Tabs.Panel>
      </Tabs>
      <ConfirmModal
        opened={deleting}
        onClose={del.close}
        onConfirm={() => remove.mutate()}
        title={`Delete “${r.name}”?`}
        confirmLabel="Delete rule"
        loading={remove.isPending}
        error={remove.error}
      >
        The rule stops and its run log is deleted with it. What it already did (tasks, notes, emails) stays.
      </ConfirmModal>
    </Stack>
  );
}

/** A new rule, built step by step. */
export function NewRulePage() {
  const navigate = useNavigate();
  const data = useAutomationData();
  if (data.error) return <QueryError error={data.error} />;
  return (
    <Stack gap="md">
      <BackLink />
      <PageHeader
        title="New automation"
        description="When something happens, check conditions, then act. The sentence at the top says what the rule will do."
      />
      {data.isPending ? <Text c="dimmed">Loading…</Text> : <RuleEditor data={data} onSaved={(saved) => void navigate(`/app/automations/${saved.id}`)} />}
    </Stack>
  );
}
