import { Anchor, Button, Group, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAddressBook, IconPlus } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { formatRelative } from '../../lib/format';
import { ContactFormModal } from './ContactFormModal';
import { useUsers } from './crmQueries';
import type { Contact } from './crmTypes';
import { ListFrame } from './ListFrame';
import { SearchBox, SortableTh, useCrmList } from './ListControls';
import { OwnerSelect } from './pickers';

export function ContactsPage() {
  useDocumentTitle('Contacts');
  const { list, q, sort, filter, set } = useCrmList<Contact>('contacts', 'name', ['ownerId', 'companyId']);
  const { nameOf } = useUsers();
  const [opened, modal] = useDisclosure(false);
  const navigate = useNavigate();
  const onSort = (s: string) => set('sort', s);
  const add = (
    <Button leftSection={<IconPlus size={16} />} onClick={modal.open}>
      New contact
    </Button>
  );
  return (
    <>
      <Group mb="md" gap="sm" wrap="wrap">
        <SearchBox label="Search name, email or phone" value={q} onChange={(v) => set('q', v)} />
        <OwnerSelect label={null} aria-label="Filter by owner" placeholder="Any owner" value={filter('ownerId')} onChange={(v) => set('ownerId', v)} w={200} />
        {filter('companyId') ? (
          <Button variant="light" size="sm" onClick={() => set('companyId', null)}>
            Clear company filter
          </Button>
        ) : null}
        <div style={{ flex: 1 }} />
        {add}
      </Group>
      <ListFrame
        list={list}
        columns={5}
        noun="contact"
        plural="contacts"
        filtered={!!q || !!filter('ownerId') || !!filter('companyId')}
        empty={{
          icon: <IconAddressBook size={28} />,
          title: 'No contacts yet',
          description: 'Add the people you talk to, with their emails and phone numbers.',
          action: add,
        }}
        head={
          <>
            <SortableTh field="name" sort={sort} onSort={onSort}>
              Name
            </SortableTh>
            <Table.Th>Company</Table.Th>
            <Table.Th>Email and phone</Table.Th>
            <Table.Th>Owner</Table.Th>
            <SortableTh field="createdAt" sort={sort} onSort={onSort}>
              Added
            </SortableTh>
          </>
        }
        row={(c) => (
          <Table.Tr key={c.id}>
            <Table.Td>
              <Anchor component={Link} to={`/app/crm/contacts/${c.id}`} fw={600} fz="sm">
                {c.name}
              </Anchor>
              {c.jobTitle ? (
                <Text fz="xs" c="dimmed">
                  {c.jobTitle}
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td fz="sm">
              {c.companyId ? (
                <Anchor component={Link} to={`/app/crm/companies/${c.companyId}`} fz="sm">
                  {c.companyName}
                </Anchor>
              ) : (
                '—'
              )}
            </Table.Td>
            <Table.Td fz="sm">
              <div>{c.emails[0]?.value ?? ''}</div>
              <Text fz="xs" c="dimmed">
                {c.phones[0]?.value ?? ''}
              </Text>
            </Table.Td>
            <Table.Td fz="sm">{nameOf(c.ownerId) ?? '—'}</Table.Td>
            <Table.Td fz="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {formatRelative(c.createdAt)}
            </Table.Td>
          </Table.Tr>
        )}
      />
      <ContactFormModal opened={opened} onClose={modal.close} onSaved={(c) => navigate(`/app/crm/contacts/${c.id}`)} />
    </>
  );
}
