import { Anchor, Badge, Button, Group, SegmentedControl, Select, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAdjustments, IconLayoutKanban, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { QueryError } from '../../components/QueryError';
import { formatDate } from '../../lib/format';
import { isAdminRole, useSession } from '../../lib/session';
import { useDocumentTitle } from '../../lib/useDocumentTitle';

import { useUsers } from './crmQueries';
import type { Deal } from './crmTypes';
import { DealFormModal } from './DealFormModal';
import { DealsBoard } from './DealsBoard';
import { ListFrame } from './ListFrame';
import { SearchBox, SortableTh, useCrmList } from './ListControls';
import { formatMoney } from './money';
import type { Json } from '../../api/types';
import { CloseDate } from './CloseDate';

const statusColor = { open: 'blue', won: 'green', lost: 'gray' } as const;

function DealsTable({ add }: { add: React.ReactNode }) {
  const { list, q, sort, filter, set } = useCrmList<Deal>('deals', '-createdAt', ['pipelineId', 'stageId', 'ownerId', 'companyId', 'contactId']);
  const { nameOf } = useUsers();
  const onSort = (s: string) => set('sort', s);
  return (
    <>
      <Group mb="md" gap="sm">
        <SearchBox label="Search deals" value={q} onChange={(v) => set('q', v)} />
      </Group>
      <ListFrame
        list={list}
        columns={6}
        noun="deal"
        plural="deals"
        filtered={!!q || ['pipelineId', 'stageId', 'ownerId', 'companyId', 'contactId'].some((f) => filter(f))}
        empty={{
          icon: <IconLayoutKanban size={28} />,
          title: 'No deals yet',
          description: 'Deals move through the stages of a pipeline until they are won or lost.',
          action: add,
        }}
        head={
          <>
            <SortableTh field="title" sort={sort} onSort={onSort}>
              Deal
            </SortableTh>
            <SortableTh field="amount" sort={sort} onSort={onSort}>
              Value
            </SortableTh>
            <Table.Th>Status</Table.Th>
            <Table.Th>Owner</Table.Th>
            <Table.Th>Expected close</Table.Th>
            <SortableTh field="updatedAt" sort={sort} onSort={onSort}>
              Updated
            </SortableTh>
          </>
        }
        row={(d) => (
          <Table.Tr key={d.id}>
            <Table.Td>
              <Anchor component={Link} to={`/app/crm/deals/${d.id}`} fw={600} fz="sm">
                {d.title}
              </Anchor>
              <Text fz="xs" c="dimmed">
                {[d.companyName, d.contactName].filter(Boolean).join(' · ')}
              </Text>
            </Table.Td>
            <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
              {formatMoney(d.amount, d.currency)}
            </Table.Td>
            <Table.Td>
              <Badge size="sm" variant="light" color={statusColor[d.status]}>
                {d.status}
              </Badge>
            </Table.Td>
            <Table.Td fz="sm">{nameOf(d.ownerId) ?? '—'}</Table.Td>
            <Table.Td fz="sm">
              <CloseDate deal={d} />
            </Table.Td>
            <Table.Td fz="sm" c="dimmed">
              {formatDate(d.updatedAt)}
            </Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}

/** Deals: the pipeline board (default) or a searchable, sortable list. */
export function DealsPage() {
  useDocumentTitle('Deals');
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'list' ? 'list' : 'board';
  const pipelines = useQuery<Json<'/api/crm/pipelines'>>({ queryKey: ['/api/crm/pipelines?limit=100'] });
  const items = pipelines.data?.items ?? [];
  const pipelineId = params.get('pipeline') ?? items.find((p) => p.isDefault)?.id ?? null;
  const [opened, modal] = useDisclosure(false);
  const canEditPipelines = isAdminRole(useSession().role);
  const setParam = (key: string, value: string) =>
    setParams((prev) => new URLSearchParams({ ...Object.fromEntries(key === 'view' ? [] : prev), [key]: value }), { replace: true });
  const add = (
    <Button leftSection={<IconPlus size={16} />} onClick={modal.open}>
      New deal
    </Button>
  );
  return (
    <>
      <Group mb="md" gap="sm" wrap="wrap">
        <SegmentedControl
          aria-label="View"
          value={view}
          onChange={(v) => setParam('view', v)}
          data={[
            { value: 'board', label: 'Board' },
            { value: 'list', label: 'List' },
          ]}
        />
        {view === 'board' && items.length > 1 ? (
          <Select
            aria-label="Pipeline"
            data={items.map((p) => ({ value: p.id, label: p.name }))}
            value={pipelineId}
            onChange={(v) => v && setParam('pipeline', v)}
            allowDeselect={false}
            w={220}
          />
        ) : null}
        <div style={{ flex: 1 }} />
        {canEditPipelines ? (
          <Button component={Link} to="/app/settings/pipelines" variant="default" leftSection={<IconAdjustments size={16} />}>
            Edit pipelines
          </Button>
        ) : null}
        {add}
      </Group>
      {view === 'list' ? (
        <DealsTable add={add} />
      ) : pipelines.isError ? (
        <QueryError error={pipelines.error} onRetry={() => void pipelines.refetch()} />
      ) : pipelineId ? (
        <DealsBoard pipelineId={pipelineId} />
      ) : null}
      <DealFormModal opened={opened} onClose={modal.close} defaults={view === 'board' && pipelineId ? { pipelineId } : {}} />
    </>
  );
}
