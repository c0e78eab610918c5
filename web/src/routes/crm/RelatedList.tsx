import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { LoadMore } from '../../components/LoadMore';
import { QueryError } from '../../components/QueryError';
import { usePagedQuery } from '../../lib/usePagedQuery';
import type { Contact, Deal } from './crmTypes';
import { formatMoney } from './money';
import type { Schema } from '../../api/types';

function Related<T extends { id: string }>({
  title,
  path,
  empty,
  noun,
  action,
  line,
}: {
  title: string;
  path: string;
  empty: string;
  noun: string;
  action?: ReactNode;
  line: (item: T) => ReactNode;
}) {
  const list = usePagedQuery<T>(path, 10);
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-label={title}>
      <Group justify="space-between" mb="sm">
        <Title order={3} fz="md">
          {title}
        </Title>
        {action}
      </Group>
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.isPending && list.items.length === 0 ? (
        <Text fz="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <>
          <Stack gap="xs">
            {list.items.map((item) => (
              <div key={item.id}>{line(item)}</div>
            ))}
          </Stack>
          {list.hasNextPage ? (
            <LoadMore
              hasNextPage
              isFetchingNextPage={list.isFetchingNextPage}
              onLoadMore={() => void list.fetchNextPage()}
              count={list.items.length}
              noun={noun}
            />
          ) : null}
        </>
      )}
    </Paper>
  );
}

const statusColor = { open: 'blue', won: 'green', lost: 'gray' } as const;

/** Deals of a company or contact (`filter` is e.g. "companyId=…"). */
export function RelatedDeals({ filter, onAdd }: { filter: string; onAdd?: () => void }) {
  return (
    <Related<Deal>
      title="Deals"
      path={`/api/crm/deals?${filter}&sort=-updatedAt`}
      empty="No deals yet."
      noun="deal"
      action={
        onAdd ? (
          <Button size="xs" variant="light" onClick={onAdd}>
            New deal
          </Button>
        ) : undefined
      }
      line={(d) => (
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Anchor component={Link} to={`/app/crm/deals/${d.id}`} fz="sm" fw={500} lineClamp={1}>
            {d.title}
          </Anchor>
          <Group gap="xs" wrap="nowrap">
            <Text fz="sm">{formatMoney(d.amount, d.currency)}</Text>
            <Badge size="xs" variant="light" color={statusColor[d.status]}>
              {d.status}
            </Badge>
          </Group>
        </Group>
      )}
    />
  );
}

/** The contacts of a company. */
export function RelatedContacts({ companyId, onAdd }: { companyId: string; onAdd?: () => void }) {
  return (
    <Related<Contact>
      title="People"
      path={`/api/crm/contacts?companyId=${companyId}&sort=name`}
      empty="No contacts at this company yet."
      noun="contact"
      action={
        onAdd ? (
          <Button size="xs" variant="light" onClick={onAdd}>
            New contact
          </Button>
        ) : undefined
      }
      line={(c) => (
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Anchor component={Link} to={`/app/crm/contacts/${c.id}`} fz="sm" fw={500}>
            {c.name}
          </Anchor>
          <Text fz="xs" c="dimmed" lineClamp={1}>
            {c.jobTitle ?? c.emails[0]?.value ?? ''}
          </Text>
        </Group>
      )}
    />
  );
}

const duration = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

/** Telephony calls logged for a contact (TEL-1), newest first. */
export function RelatedCalls({ contactId }: { contactId: string }) {
  return (
    <Related<Schema<'Call'>>
      title="Calls"
      path={`/api/telephony/calls?contactId=${contactId}`}
      empty="No calls logged."
      noun="call"
      line={(c) => (
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Text fz="sm" lineClamp={1}>
            {c.direction === 'inbound' ? 'From' : 'To'} {c.phone}
          </Text>
          <Group gap="xs" wrap="nowrap">
            <Text fz="sm" c="dimmed">
              {new Date(c.startedAt).toLocaleString()}
            </Text>
            <Text fz="sm">{duration(c.durationSeconds)}</Text>
            <Text fz="sm">{formatMoney(c.cost.amount, c.cost.currency)}</Text>
          </Group>
        </Group>
      )}
    />
  );
}
