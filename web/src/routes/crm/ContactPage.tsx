import { Anchor, Badge, Button, Group, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPencil } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { ActivityTimeline } from './ActivityTimeline';
import { ContactFormModal } from './ContactFormModal';
import { useRecord, useUsers } from './crmQueries';
import { label, type Contact } from './crmTypes';
import { DealFormModal } from './DealFormModal';
import { DeleteRecordButton, Details, RecordShell } from './RecordShell';
import { RelatedCalls, RelatedDeals } from './RelatedList';

const typed = (items: { value: string; type: string }[], href: (v: string) => string) =>
  items.length ? (
    <Stack gap={4}>
      {items.map((i) => (
        <Group key={`${i.type}-${i.value}`} gap={6} wrap="nowrap">
          <Anchor href={href(i.value)}>{i.value}</Anchor>
          <Badge size="xs" variant="outline" color="gray">
            {label(i.type)}
          </Badge>
        </Group>
      ))}
    </Stack>
  ) : null;

export function ContactPage() {
  const { id = '' } = useParams();
  const query = useRecord<Contact>('contacts', id);
  const { nameOf } = useUsers();
  const [editing, edit] = useDisclosure(false);
  const [addingDeal, addDeal] = useDisclosure(false);
  const c = query.data;
  return (
    <RecordShell
      query={query}
      back={{ to: '/app/crm/contacts', label: 'Contacts' }}
      title={c?.name}
      subtitle={
        c ? (
          <>
            {c.jobTitle}
            {c.jobTitle && c.companyId ? ' at ' : ''}
            {c.companyId ? (
              <Anchor component={Link} to={`/app/crm/companies/${c.companyId}`} fz="sm">
                {c.companyName}
              </Anchor>
            ) : null}
          </>
        ) : null
      }
      actions={
        c ? (
          <>
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={edit.open}>
              Edit
            </Button>
            <DeleteRecordButton
              resource="contacts"
              id={c.id}
              name={c.name}
              after="/app/crm/contacts"
              warning="Its deals stay, without the contact; its notes are deleted."
            />
            <ContactFormModal opened={editing} onClose={edit.close} contact={c} />
            <DealFormModal
              opened={addingDeal}
              onClose={addDeal.close}
              defaults={{ contact: { id: c.id, name: c.name }, ...(c.companyId ? { company: { id: c.companyId, name: c.companyName ?? '' } } : {}) }}
            />
          </>
        ) : null
      }
      details={
        c ? (
          <Details
            rows={[
              ['Emails', typed(c.emails, (v) => `mailto:${v}`)],
              ['Phones', typed(c.phones, (v) => `tel:${v.replace(/[^\d+]/g, '')}`)],
              ['Owner', nameOf(c.ownerId)],
              ['Notes', c.notes],
            ]}
          />
        ) : null
      }
      side={
        c ? (
          <>
            <RelatedDeals filter={`contactId=${c.id}`} onAdd={addDeal.open} />
            <RelatedCalls contactId={c.id} />
            <ActivityTimeline recordType="contact" recordId={c.id} />
          </>
        ) : null
      }
    />
  );
}
