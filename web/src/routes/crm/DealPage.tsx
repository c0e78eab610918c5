import { Anchor, Badge, Button, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPencil } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../lib/format';
import { CloseDate } from './CloseDate';

import { ActivityTimeline } from './ActivityTimeline';
import { invalidateCrm, useRecord, useUsers } from './crmQueries';
import type { Deal, Pipeline } from './crmTypes';
import { DealFormModal } from './DealFormModal';
import { formatMoney } from './money';
import { DeleteRecordButton, Details, RecordShell } from './RecordShell';
import type { Json } from '../../api/types';
import { client, unwrap } from '../../api/client';

const statusColor = { open: 'blue', won: 'green', lost: 'gray' } as const;

/** The stage select (moves the deal, like dragging it on the board) and the stage history. */
function StagePanel({ deal }: { deal: Deal }) {
  const queryClient = useQueryClient();
  const { nameOf } = useUsers();
  const pipeline = useQuery<Pipeline>({ queryKey: ['/api/crm/pipelines', deal.pipelineId] });
  const history = useQuery<Json<'/api/crm/deals/{id}/stage-changes'>>({ queryKey: [`/api/crm/deals/${deal.id}/stage-changes?limit=50`] });
  const move = useMutation({
    mutationFn: (stageId: string) => unwrap(client.PATCH('/api/crm/deals/{id}', { params: { path: { id: deal.id } }, body: { stageId } })),
    onSuccess: () => {
      void invalidateCrm(queryClient, 'deals');
      void queryClient.invalidateQueries({ queryKey: ['crm-board'] });
    },
  });
  const stageName = (id: string) => pipeline.data?.stages.find((s) => s.id === id)?.name ?? 'A removed stage';
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-label="Stage">
      <Title order={3} fz="md" mb="sm">
        Stage{pipeline.data ? ` in ${pipeline.data.name}` : ''}
      </Title>
      <ErrorAlert error={move.error} mb="sm" />
      <Select
        aria-label="Stage"
        data={(pipeline.data?.stages ?? []).map((s) => ({ value: s.id, label: s.name }))}
        value={deal.stageId}
        onChange={(v) => v && v !== deal.stageId && move.mutate(v)}
        allowDeselect={false}
        disabled={move.isPending || !pipeline.data}
        mb="md"
      />
      {history.data?.items.length ? (
        <Stack gap={4}>
          {history.data.items.map((h) => (
            <Text key={h.id} fz="xs" c="dimmed">
              {formatDateTime(h.changedAt)}: {stageName(h.fromStageId)} → {stageName(h.toStageId)}
              {h.changedBy ? ` (${nameOf(h.changedBy)})` : ''}
            </Text>
          ))}
        </Stack>
      ) : (
        <Text fz="xs" c="dimmed">
          Not moved yet.
        </Text>
      )}
    </Paper>
  );
}

export function DealPage() {
  const { id = '' } = useParams();
  const query = useRecord<Deal>('deals', id);
  const { nameOf } = useUsers();
  const [editing, edit] = useDisclosure(false);
  const d = query.data;
  return (
    <RecordShell
      query={query}
      back={{ to: '/app/crm/deals', label: 'Deals' }}
      title={d?.title}
      subtitle={
        d ? (
          <Badge variant="light" color={statusColor[d.status]}>
            {d.status}
          </Badge>
        ) : null
      }
      actions={
        d ? (
          <>
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={edit.open}>
              Edit
            </Button>
            <DeleteRecordButton resource="deals" id={d.id} name={d.title} after="/app/crm/deals" />
            <DealFormModal opened={editing} onClose={edit.close} deal={d} />
          </>
        ) : null
      }
      details={
        d ? (
          <Details
            rows={[
              ['Value', formatMoney(d.amount, d.currency)],
              [
                'Company',
                d.companyId ? (
                  <Anchor component={Link} to={`/app/crm/companies/${d.companyId}`}>
                    {d.companyName}
                  </Anchor>
                ) : null,
              ],
              [
                'Contact',
                d.contactId ? (
                  <Anchor component={Link} to={`/app/crm/contacts/${d.contactId}`}>
                    {d.contactName}
                  </Anchor>
                ) : null,
              ],
              ['Owner', nameOf(d.ownerId)],
              ['Expected close', d.expectedCloseDate ? <CloseDate deal={d} /> : null],
            ]}
          />
        ) : null
      }
      side={
        d ? (
          <>
            <StagePanel deal={d} />
            <ActivityTimeline recordType="deal" recordId={d.id} />
          </>
        ) : null
      }
    />
  );
}
