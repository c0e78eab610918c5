import { Anchor, Button, Group, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBuilding, IconPlus } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { formatRelative } from '../../lib/format';
import { CompanyFormModal } from './CompanyFormModal';
import { useUsers } from './crmQueries';
import type { Company } from './crmTypes';
import { ListFrame } from './ListFrame';
import { SearchBox, SortableTh, useCrmList } from './ListControls';
import { OwnerSelect } from './pickers';

export function CompaniesPage() {
  useDocumentTitle('Companies');
  const { list, q, sort, filter, set } = useCrmList<Company>('companies', 'name', ['ownerId']);
  const { nameOf } = useUsers();
  const [opened, modal] = useDisclosure(false);
  const navigate = useNavigate();
  const add = (
    <Button leftSection={<IconPlus size={16} />} onClick={modal.open}>
      New company
    </Button>
  );
  return (
    <>
      <Group mb="md" gap="sm" wrap="wrap">
        <SearchBox label="Search companies" value={q} onChange={(v) => set('q', v)} />
        <OwnerSelect label={null} aria-label="Filter by owner" placeholder="Any owner" value={filter('ownerId')} onChange={(v) => set('ownerId', v)} w={200} />
        <div style={{ flex: 1 }} />
        {add}
      </Group>
      <ListFrame
        list={list}
        columns={5}
        noun="company record"
        plural="companies"
        filtered={!!q || !!filter('ownerId')}
        empty={{
          icon: <IconBuilding size={28} />,
          title: 'No companies yet',
          description: 'Add the companies you work with; their contacts and deals link to them.',
          action: add,
        }}
        head={
          <>
            <SortableTh field="name" sort={sort} onSort={(s) => set('sort', s)}>
              Name
            </SortableTh>
            <Table.Th>Industry</Table.Th>
            <Table.Th>Contact</Table.Th>
            <Table.Th>Owner</Table.Th>
            <SortableTh field="updatedAt" sort={sort} onSort={(s) => set('sort', s)}>
              Updated
            </SortableTh>
          </>
        }
        row={(c) => (
          <Table.Tr key={c.id}>
            <Table.Td>
              <Anchor component={Link} to={`/app/crm/companies/${c.id}`} fw={600} fz="sm">
                {c.name}
              </Anchor>
              {c.website ? (
                <Text fz="xs" c="dimmed">
                  {c.website}
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td fz="sm">{c.industry ?? '—'}</Table.Td>
            <Table.Td fz="sm">
              <div>{c.email ?? ''}</div>
              <Text fz="xs" c="dimmed">
                {c.phone ?? ''}
              </Text>
            </Table.Td>
            <Table.Td fz="sm">{nameOf(c.ownerId) ?? '—'}</Table.Td>
            <Table.Td fz="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {formatRelative(c.updatedAt)}
            </Table.Td>
          </Table.Tr>
        )}
      />
      <CompanyFormModal opened={opened} onClose={modal.close} onSaved={(c) => navigate(`/app/crm/companies/${c.id}`)} />
    </>
  );
}
