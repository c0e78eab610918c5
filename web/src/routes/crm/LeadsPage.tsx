import { Anchor, Badge, Button, Group, Select, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus, IconUserSearch } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { formatRelative } from '../../lib/format';
import { useUsers } from './crmQueries';
import { label, LEAD_STATUSES, type Lead, type LeadStatus } from './crmTypes';
import { LeadFormModal } from './LeadFormModal';
import { ListFrame } from './ListFrame';
import { SearchBox, SortableTh, useCrmList } from './ListControls';
import { formatMoney } from './money';

const statusColors: Record<LeadStatus, string> = { new: 'blue', in_progress: 'yellow', qualified: 'teal', converted: 'green', lost: 'gray' };

export function LeadStatusBadge({ status }: { status: LeadStatus }) {
  return (
    <Badge variant="light" color={statusColors[status]} size="sm">
      {label(status)}
    </Badge>
  );
}

export function LeadsPage() {
  useDocumentTitle('Leads');
  const { list, q, sort, filter, set } = useCrmList<Lead>('leads', '-createdAt', ['status']);
  const { nameOf } = useUsers();
  const [opened, modal] = useDisclosure(false);
  const navigate = useNavigate();
  const onSort = (s: string) => set('sort', s);
  const add = (
    <Button leftSection={<IconPlus size={16} />} onClick={modal.open}>
      New lead
    </Button>
  );
  return (
    <>
      <Group mb="md" gap="sm" wrap="wrap">
        <SearchBox label="Search title, person, company, email or phone" value={q} onChange={(v) => set('q', v)} />
        <Select
          aria-label="Filter by status"
          placeholder="Any status"
          data={LEAD_STATUSES.map((s) => ({ value: s, label: label(s) }))}
          value={filter('status')}
          onChange={(v) => set('status', v)}
          clearable
          w={170}
        />
        <div style={{ flex: 1 }} />
        {add}
      </Group>
      <ListFrame
        list={list}
        columns={6}
        noun="lead"
        plural="leads"
        filtered={!!q || !!filter('status')}
        empty={{
          icon: <IconUserSearch size={28} />,
          title: 'No leads yet',
          description: 'Leads are enquiries to qualify; convert the good ones into contacts and deals.',
          action: add,
        }}
        head={
          <>
            <SortableTh field="title" sort={sort} onSort={onSort}>
              Lead
            </SortableTh>
            <Table.Th>Status</Table.Th>
            <Table.Th>Source</Table.Th>
            <Table.Th>Value</Table.Th>
            <Table.Th>Owner</Table.Th>
            <SortableTh field="createdAt" sort={sort} onSort={onSort}>
              Created
            </SortableTh>
          </>
        }
        row={(l) => (
          <Table.Tr key={l.id}>
            <Table.Td>
              <Anchor component={Link} to={`/app/crm/leads/${l.id}`} fw={600} fz="sm">
                {l.title}
              </Anchor>
              <Text fz="xs" c="dimmed">
                {[l.name, l.companyName].filter(Boolean).join(' · ')}
              </Text>
            </Table.Td>
            <Table.Td>
              <LeadStatusBadge status={l.status} />
            </Table.Td>
            <Table.Td fz="sm">{label(l.source)}</Table.Td>
            <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
              {l.amount != null && l.currency ? formatMoney(l.amount, l.currency) : '—'}
            </Table.Td>
            <Table.Td fz="sm">{nameOf(l.ownerId) ?? '—'}</Table.Td>
            <Table.Td fz="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {formatRelative(l.createdAt)}
            </Table.Td>
          </Table.Tr>
        )}
      />
      <LeadFormModal opened={opened} onClose={modal.close} onSaved={(l) => navigate(`/app/crm/leads/${l.id}`)} />
    </>
  );
}
