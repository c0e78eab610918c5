import { Anchor, Paper, Table, Text, Tooltip } from '@mantine/core';
import { IconMail } from '@tabler/icons-react';
import { useState } from 'react';
import { OutboxStatusBadge } from '../../components/Badges';
import { EmptyPanel } from '../../components/EmptyPanel';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDateTime, formatRelative } from '../../lib/format';
import { usePagedQuery } from '../../lib/usePagedQuery';
import type { OutboxMail } from '../../types';
import { MailModal } from './outbox/MailModal';

export function OutboxPage() {
  const outbox = usePagedQuery<OutboxMail>('/api/mail/outbox', 50);
  const [selected, setSelected] = useState<OutboxMail | null>(null);

  let body;
  if (outbox.isError) {
    body = <QueryError error={outbox.error} onRetry={() => void outbox.refetch()} />;
  } else if (!outbox.isPending && outbox.items.length === 0) {
    body = (
      <EmptyPanel
        icon={<IconMail size={28} />}
        title="No mail yet"
        description="Invites, password resets and other emails the app sends will be listed here."
      />
    );
  } else {
    body = (
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Subject</Table.Th>
                <Table.Th>To</Table.Th>
                <Table.Th w={110}>Status</Table.Th>
                <Table.Th w={150}>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            {outbox.isPending ? (
              <TableSkeleton columns={4} rows={5} />
            ) : (
              <Table.Tbody>
                {outbox.items.map((mail) => (
                  <Table.Tr key={mail.id} className="skit-row-clickable" onClick={() => setSelected(mail)}>
                    <Table.Td>
                      <Anchor
                        component="button"
                        type="button"
                        fz="sm"
                        fw={500}
                        ta="left"
                        onClick={(event) => {
                          event.stopPropagation();
                          setSelected(mail);
                        }}
                      >
                        {mail.subject || '(no subject)'}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">{mail.to}</Text>
                    </Table.Td>
                    <Table.Td>
                      <OutboxStatusBadge status={mail.status} />
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={formatDateTime(mail.createdAt)} withArrow>
                        <Text fz="sm" component="time" dateTime={mail.createdAt}>
                          {formatRelative(mail.createdAt)}
                        </Text>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            )}
          </Table>
        </Table.ScrollContainer>
        {!outbox.isPending ? (
          <LoadMore
            hasNextPage={outbox.hasNextPage}
            isFetchingNextPage={outbox.isFetchingNextPage}
            onLoadMore={() => void outbox.fetchNextPage()}
            count={outbox.items.length}
            noun="message"
          />
        ) : null}
      </Paper>
    );
  }

  return (
    <>
      <PageHeader
        order={2}
        title="Outbox"
        description="Email the app sent or would have sent. Without a mail server configured, messages are kept here so you can pass links on by hand."
      />
      {body}
      <MailModal mail={selected} onClose={() => setSelected(null)} />
    </>
  );
}
