import { Anchor, Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPencil } from '@tabler/icons-react';
import { useParams } from 'react-router';
import { ActivityTimeline } from './ActivityTimeline';
import { CompanyFormModal } from './CompanyFormModal';
import { ContactFormModal } from './ContactFormModal';
import { useRecord, useUsers } from './crmQueries';
import type { Company } from './crmTypes';
import { DealFormModal } from './DealFormModal';
import { DeleteRecordButton, Details, RecordShell } from './RecordShell';
import { RelatedContacts, RelatedDeals } from './RelatedList';

export function CompanyPage() {
  const { id = '' } = useParams();
  const query = useRecord<Company>('companies', id);
  const { nameOf } = useUsers();
  const [editing, edit] = useDisclosure(false);
  const [addingContact, addContact] = useDisclosure(false);
  const [addingDeal, addDeal] = useDisclosure(false);
  const c = query.data;
  return (
    <RecordShell
      query={query}
      back={{ to: '/app/crm/companies', label: 'Companies' }}
      title={c?.name}
      subtitle={c?.industry}
      actions={
        c ? (
          <>
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={edit.open}>
              Edit
            </Button>
            <DeleteRecordButton
              resource="companies"
              id={c.id}
              name={c.name}
              after="/app/crm/companies"
              warning="Its contacts and deals stay, without the company; its notes are deleted."
            />
            <CompanyFormModal opened={editing} onClose={edit.close} company={c} />
            <ContactFormModal opened={addingContact} onClose={addContact.close} company={{ id: c.id, name: c.name }} />
            <DealFormModal opened={addingDeal} onClose={addDeal.close} defaults={{ company: { id: c.id, name: c.name } }} />
          </>
        ) : null
      }
      details={
        c ? (
          <Details
            rows={[
              [
                'Website',
                // Only http(s) is a link: a website stored before the server refused other schemes stays plain text.
                c.website && /^https?:\/\//i.test(c.website) ? (
                  <Anchor href={c.website} target="_blank" rel="noopener noreferrer">
                    {c.website}
                  </Anchor>
                ) : (
                  c.website
                ),
              ],
              ['Email', c.email ? <Anchor href={`mailto:${c.email}`}>{c.email}</Anchor> : null],
              ['Phone', c.phone ? <Anchor href={`tel:${c.phone}`}>{c.phone}</Anchor> : null],
              ['Address', c.address],
              ['Owner', nameOf(c.ownerId)],
              ['Notes', c.notes],
            ]}
          />
        ) : null
      }
      side={
        c ? (
          <>
            <RelatedContacts companyId={c.id} onAdd={addContact.open} />
            <RelatedDeals filter={`companyId=${c.id}`} onAdd={addDeal.open} />
            <ActivityTimeline recordType="company" recordId={c.id} />
          </>
        ) : null
      }
    />
  );
}
