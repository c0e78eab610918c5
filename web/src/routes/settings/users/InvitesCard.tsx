import { Button, Group, Paper, SegmentedControl, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMailForward } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { InviteStatusBadge, RoleBadge } from '../../../components/Badges';
import { EmptyPanel } from '../../../components/EmptyPanel';
import { QueryError } from '../../../components/QueryError';
import { TableSkeleton } from '../../../components/TableSkeleton';
import { errorMessage } from '../../../lib/errors';
import { formatDate, formatRelative } from '../../../lib/format';
import type { Invite } from '../../../types';
import type { Json } from '../../../api/types';
import { client, unwrap } from '../../../api/client';

type Filter = 'pending' | 'all';

export function InvitesCard() {
  const [filter, setFilter] = useState<Filter>('pending');
  const invites = useQuery<Json<'/api/users/invites'>>({ queryKey: ['/api/users/invites'] });

  const items = invites.data?.items ?? [];
  const shown = filter === 'pending' ? items.filter((i) => i.status === 'pending') : items;

  return (
    <Paper withBorder radius="md" component="section" aria-labelledby="invites-heading">
      <Group justify="space-between" px="md" pt="md" pb="xs">
        <Title order={3} fz="md" id="invites-heading">
          Invites
        </Title>
        <SegmentedControl
          size="xs"
          value={filter}
          onChange={(v) => setFilter(v as Filter)}
          data={[
            { value: 'pending', label: 'Pending' },
            { value: 'all', label: 'All' },
          ]}
          aria-label="Which invites to show"
        />
      </Group>
      {invites.isError ? (
        <Paper p="md">
          <QueryError error={invites.error} onRetry={() => void invites.refetch()} />
        </Paper>
      ) : !invites.isPending && shown.length === 0 ? (
        <EmptyPanel
          withBorder={false}
          icon={<IconMailForward size={26} />}
          title={filter === 'pending' ? 'No pending invites' : 'No invites yet'}
          description="Use the Invite button to add teammates by email. They choose their own name and password."
        />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" horizontalSpacing="md">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Email</Table.Th>
                <Table.Th w={110}>Role</Table.Th>
                <Table.Th w={110}>Status</Table.Th>
                <Table.Th>Invited</Table.Th>
                <Table.Th w={110}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            {invites.isPending ? (
              <TableSkeleton columns={5} rows={2} />
            ) : (
              <Table.Tbody>
                {shown.map((invite) => (
                  <Table.Tr key={invite.id}>
                    <Table.Td>
                      <Text fz="sm" fw={500}>
                        {invite.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <RoleBadge role={invite.role} />
                    </Table.Td>
                    <Table.Td>
                      <InviteStatusBadge status={invite.status} />
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">
                        {formatRelative(invite.createdAt)}
                        {invite.invitedBy ? ` by ${invite.invitedBy.name}` : ''}
                      </Text>
                      {invite.status === 'pending' ? (
                        <Text fz="xs" c="dimmed">
                          Expires {formatDate(invite.expiresAt)}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td ta="right">{invite.status === 'pending' ? <RevokeButton invite={invite} /> : null}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            )}
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function RevokeButton({ invite }: { invite: Invite }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => unwrap(client.DELETE('/api/users/invites/{id}', { params: { path: { id: invite.id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['/api/users/invites'] });
      notifications.show({ message: `The invite for ${invite.email} was revoked.`, color: 'gray' });
    },
    onError: (error) => notifications.show({ title: 'Could not revoke', message: errorMessage(error), color: 'red' }),
  });
  return (
    <Button size="xs" variant="subtle" color="red" loading={revoke.isPending} onClick={() => revoke.mutate()} aria-label={`Revoke ${invite.email}`}>
      Revoke
    </Button>
  );
}
