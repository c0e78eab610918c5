import { Alert, Anchor, Button, Group } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowsExchange, IconCircleCheck, IconPencil } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { ActivityTimeline } from './ActivityTimeline';
import { ConvertLeadModal } from './ConvertLeadModal';
import { useRecord, useUsers } from './crmQueries';
import { label, type Lead } from './crmTypes';
import { LeadFormModal } from './LeadFormModal';
import { LeadStatusBadge } from './LeadsPage';
import { formatMoney } from './money';
import { DeleteRecordButton, Details, RecordShell } from './RecordShell';

export function LeadPage() {
  const { id = '' } = useParams();
  const query = useRecord<Lead>('leads', id);
  const { nameOf } = useUsers();
  const [editing, edit] = useDisclosure(false);
  const [converting, convert] = useDisclosure(false);
  const l = query.data;
  const converted = l?.status === 'converted';
  return (
    <RecordShell
      query={query}
      back={{ to: '/app/crm/leads', label: 'Leads' }}
      title={l?.title}
      subtitle={l ? <LeadStatusBadge status={l.status} /> : null}
      actions={
        l ? (
          <>
            {!converted ? (
              <Button leftSection={<IconArrowsExchange size={16} />} onClick={convert.open}>
                Convert
              </Button>
            ) : null}
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={edit.open}>
              Edit
            </Button>
            <DeleteRecordButton resource="leads" id={l.id} name={l.title} after="/app/crm/leads" />
            <LeadFormModal opened={editing} onClose={edit.close} lead={l} />
            {!converted ? <ConvertLeadModal lead={l} opened={converting} onClose={convert.close} /> : null}
          </>
        ) : null
      }
      details={
        l ? (
          <>
            {converted ? (
              <Alert color="green" variant="light" icon={<IconCircleCheck size={18} />} mb="md" title={`Converted ${formatDateTime(l.convertedAt)}`}>
                <Group gap="md">
                  {l.convertedContactId ? (
                    <Anchor component={Link} to={`/app/crm/contacts/${l.convertedContactId}`} fz="sm">
                      Contact
                    </Anchor>
                  ) : null}
                  {l.convertedCompanyId ? (
                    <Anchor component={Link} to={`/app/crm/companies/${l.convertedCompanyId}`} fz="sm">
                      Company
                    </Anchor>
                  ) : null}
                  {l.convertedDealId ? (
                    <Anchor component={Link} to={`/app/crm/deals/${l.convertedDealId}`} fz="sm">
                      Deal
                    </Anchor>
                  ) : null}
                </Group>
              </Alert>
            ) : null}
            <Details
              rows={[
                ['Person', l.name],
                ['Company', l.companyName],
                ['Email', l.email ? <Anchor href={`mailto:${l.email}`}>{l.email}</Anchor> : null],
                ['Phone', l.phone ? <Anchor href={`tel:${l.phone}`}>{l.phone}</Anchor> : null],
                ['Source', label(l.source)],
                ['Value', l.amount != null && l.currency ? formatMoney(l.amount, l.currency) : null],
                ['Owner', nameOf(l.ownerId)],
                ['Notes', l.notes],
              ]}
            />
          </>
        ) : null
      }
      side={l ? <ActivityTimeline recordType="lead" recordId={l.id} /> : null}
    />
  );
}
